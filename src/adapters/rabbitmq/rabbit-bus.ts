// The production bus: RabbitMQ (CONTRACT section 4) behind the same port as the embedded bus. Publishes go to the
// transactional outbox with the publisher's writes, and the relay moves them to the exchange once committed;
// self-contained messages (the collector's events) are published before the commit instead. Each hosted worker
// consumes its queue. The connection is re-established with backoff when it drops.
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { redactUrl } from '../redact-url.js';
import { ServiceUnreachableError } from '../../ports/unreachable.js';
import type { Bus, Message, OutgoingMessage, TransactionalPublish } from '../../ports/bus.js';
import type { Clock } from '../../ports/clock.js';
import type { Sql, Store } from '../../ports/sql.js';
import type { Worker } from '../../ports/worker.js';
import { publishAll, type Outgoing } from './envelope.js';
import { OutboxRelay, type OutboxRow } from './outbox-relay.js';
import { QueueConsumer } from './queue-consumer.js';
import { declareTopology, deadQueueName, queueName, retryQueueName, type TopologyOptions } from './topology.js';

/** How long a publish before commit waits for its confirms before the outbox takes the messages instead. */
const DIRECT_CONFIRM_TIMEOUT_MS = 5000;

export interface RabbitBusOptions {
  url: string;
  prefix: string;
  quorum?: boolean;
  prefetch?: number;
  batchSize?: number;
  lingerMs?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  onError?: (worker: string, error: unknown, message: Message | null) => void;
  log?: (line: string) => void;
}

export class RabbitBus implements Bus {
  readonly description: string;
  readonly drivesItself = true;
  private readonly declared: Worker[] = [];
  private readonly hosted: Worker[] = [];
  private connection: ChannelModel | null = null;
  private publishChannel: ConfirmChannel | null = null;
  private consumers: QueueConsumer[] = [];
  private readonly relay: OutboxRelay;
  private readonly topology: TopologyOptions;
  private closing = false;
  private poller: NodeJS.Timeout | null = null;
  private reconnecting: Promise<void> | null = null;

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly options: RabbitBusOptions) {
    this.description = `RabbitMQ at ${redactUrl(options.url, 'BROKER_URL')}, exchange ${options.prefix}`;
    this.topology = { prefix: options.prefix, quorum: options.quorum ?? false, maxAttempts: options.maxAttempts ?? 5, retryBaseMs: options.retryBaseMs ?? 1000 };
    this.relay = new OutboxRelay(store, () => this.publishChannel, options.prefix, clock, 2000, (e) => this.options.onError?.('outbox relay', e, null));
  }

  /** Declares the worker's queue; consumes it only when `consume` (a process hosts chosen workers). */
  register(worker: Worker, options: { consume?: boolean } = {}): void {
    this.declared.push(worker);
    const consume = options.consume ?? true;
    if (consume) this.hosted.push(worker);
    // Registered after start: declare and consume now (the next reconnect redoes it with the others).
    if (this.connection) this.pendingSetup = this.pendingSetup.then(() => this.setUpWorker(this.connection!, worker, consume));
  }

  private pendingSetup: Promise<void> = Promise.resolve();

  private async setUpWorker(connection: ChannelModel, worker: Worker, consume: boolean): Promise<void> {
    const setup = await connection.createChannel();
    await declareTopology(setup, [worker], this.topology);
    await setup.close();
    if (consume) this.consumers.push(await this.startConsumer(connection, worker));
  }

  private async startConsumer(connection: ChannelModel, w: Worker): Promise<QueueConsumer> {
    const ch = await connection.createConfirmChannel();
    ch.on('error', () => {});
    const consumer = new QueueConsumer(w, ch, this.transaction, this.store.relaxed, this.clock, {
      prefix: this.options.prefix, batchSize: this.options.batchSize ?? 500, lingerMs: this.options.lingerMs ?? 10,
      maxAttempts: this.topology.maxAttempts, ...(this.options.onError && { onError: this.options.onError }),
      ...(this.options.log && { log: this.options.log }),
    });
    await consumer.start(this.options.prefetch ?? 1000);
    return consumer;
  }

  async start(): Promise<void> {
    await this.connect(true);
    // Other processes' outbox rows are published by their relays; this one also sweeps, so rows left by a process
    // that died are published too.
    this.poller = setInterval(() => void this.relay.kick(), 250);
    await this.relay.kick();
  }

  transaction: TransactionalPublish = async (work, options = {}) => {
    let committed: OutboxRow[] = [];
    const result = await this.store.transaction(async (tx) => {
      const outgoing: OutgoingMessage[] = [];
      const value = await work(tx, (m) => outgoing.push(m));
      const messages = outgoing.map((m) => ({ message_id: m.message_id, topic: m.topic, payload: JSON.stringify(m.payload) }));
      const delayed = outgoing.some((m) => m.deliver_at !== undefined);
      if (outgoing.length > 0 && !(options.selfContained && !delayed && await this.publishNow(messages))) {
        const { rows } = await tx.query<{ id: string; message_id: string; now: boolean }>(
          `INSERT INTO bi.relay_outbox (message_id, topic, payload, deliver_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
           RETURNING id, message_id, deliver_at IS NULL AS now`,
          [messages.map((m) => m.message_id), messages.map((m) => m.topic), messages.map((m) => m.payload),
            outgoing.map((m) => (m.deliver_at === undefined ? null : new Date(m.deliver_at).toISOString()))]);
        // Delayed messages wait in the outbox for the sweep, until they fall due.
        const byId = new Map(messages.map((m) => [m.message_id, m]));
        committed = rows.filter((r) => r.now).map((r) => ({ ...byId.get(r.message_id)!, id: r.id }));
      }
      return value;
    });
    this.relay.publishCommitted(committed);
    return result;
  };

  /**
   * Publishes before the commit and waits for the broker's confirms: one hop and the outbox's writes fewer. False
   * when the broker is away or does not confirm in time; the messages then go through the outbox as usual (a
   * message that did reach the broker as well is a duplicate its consumers drop).
   */
  private async publishNow(messages: readonly Outgoing[]): Promise<boolean> {
    const channel = this.publishChannel;
    if (channel === null) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      publishAll(channel, this.options.prefix, messages);
      await Promise.race([
        channel.waitForConfirms(),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('no confirm in time')), DIRECT_CONFIRM_TIMEOUT_MS); }),
      ]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Waits until the outbox is empty and every declared queue (retry queues included) is empty with nothing in
   * flight here, twice in a row: what this process published, and what it caused, has been handled.
   */
  async runUntilIdle(): Promise<void> {
    await this.pendingSetup;
    let quiet = 0;
    let lastConsumed: string | null = null;
    while (quiet < 3) {
      await this.relay.kick();
      // Ready counts cannot see messages other processes hold unacked: the last time any worker committed a batch
      // must also have stopped moving.
      const consumed = (await this.store.query<{ at: Date | null }>('SELECT max(consumed_at) AS at FROM bi.consumed_messages')).rows[0]?.at?.toISOString() ?? '';
      quiet = (await this.isQuiet()) && consumed === lastConsumed ? quiet + 1 : 0;
      lastConsumed = consumed;
      await new Promise((resolve) => setTimeout(resolve, quiet > 0 ? 50 : 20));
    }
  }

  private async isQuiet(): Promise<boolean> {
    if (this.consumers.some((c) => c.inFlight > 0)) return false;
    const { rows } = await this.store.query<{ n: number }>('SELECT count(*)::int AS n FROM bi.relay_outbox');
    if (rows[0]!.n > 0) return false;
    const channel = this.publishChannel;
    if (!channel) return false;
    for (const w of this.declared) {
      const names = [queueName(this.options.prefix, w.queue)];
      for (let f = 1; f < this.topology.maxAttempts; f++) names.push(retryQueueName(this.options.prefix, w.queue, f));
      for (const q of names) if ((await channel.checkQueue(q)).messageCount > 0) return false;
    }
    return !this.consumers.some((c) => c.inFlight > 0);
  }

  nextDeliveryTime(): number | null {
    return null;
  }

  depth(): Record<string, number> {
    return Object.fromEntries(this.consumers.map((c) => [c.queue, c.inFlight]));
  }

  totalDepth(): number {
    return this.consumers.reduce((n, c) => n + c.inFlight, 0);
  }

  /** Every queue this process declared (main, retry and dead-letter), for operators and cleanup. */
  declaredQueues(): string[] {
    return this.declared.flatMap((w) => [
      queueName(this.options.prefix, w.queue),
      ...Array.from({ length: this.topology.maxAttempts - 1 }, (_, i) => retryQueueName(this.options.prefix, w.queue, i + 1)),
      deadQueueName(this.options.prefix, w.queue),
    ]);
  }

  /** Dead-lettered messages of a queue, with their errors (for operators and tests). */
  async deadLetters(queue: string): Promise<Array<{ message_id: string; topic: string; error: string; attempts: number; payload: string }>> {
    const ch = await this.connection!.createChannel();
    const out = [];
    try {
      for (;;) {
        const m = await ch.get(deadQueueName(this.options.prefix, queue), { noAck: false });
        if (m === false) break;
        const h = m.properties.headers ?? {};
        out.push({ message_id: String(m.properties.messageId), topic: String(h['x-original-topic']), error: String(h['x-error']), attempts: Number(h['x-attempts']), payload: m.content.toString() });
      }
    } finally {
      await ch.close(); // unacked gets are returned to the queue
    }
    return out;
  }

  /** SIGTERM: stop consuming, finish the batches in flight, publish what they wrote, disconnect. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.poller) clearInterval(this.poller);
    for (const c of this.consumers) await c.stop();
    await this.relay.settle();
    await this.connection?.close().catch(() => {});
    this.connection = null;
  }

  private async connect(initial: boolean): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const connection = await amqp.connect(this.options.url);
        connection.on('error', () => {}); // 'close' follows; handled there
        connection.on('close', () => { if (!this.closing) void this.reconnect(); });
        const setup = await connection.createChannel();
        await declareTopology(setup, this.declared, this.topology);
        await setup.close();
        this.publishChannel = await connection.createConfirmChannel();
        this.publishChannel.on('error', () => {});
        this.consumers = [];
        for (const w of this.hosted) this.consumers.push(await this.startConsumer(connection, w));
        this.connection = connection;
        if (!initial) this.options.log?.(`reconnected to RabbitMQ after ${attempt} attempt(s)`);
        return;
      } catch (error) {
        if (initial && attempt >= 5) {
          throw new ServiceUnreachableError(`cannot connect to RabbitMQ at ${redactUrl(this.options.url, 'BROKER_URL')}: ${(error as Error).message}. Is BROKER_URL right and the broker up?`);
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 200 * 2 ** attempt)));
      }
    }
  }

  private reconnect(): Promise<void> {
    this.connection = null;
    this.publishChannel = null;
    this.options.log?.('RabbitMQ connection lost; reconnecting');
    this.reconnecting ??= this.connect(false).finally(() => { this.reconnecting = null; });
    return this.reconnecting;
  }
}
