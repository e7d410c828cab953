// Consumes one worker's queue: deliveries (single messages or envelopes of many) are gathered into batches (up to
// `batchSize` messages, or what arrived within `lingerMs`), each batch handled in one store transaction together
// with its dedupe rows and its publishes, and acknowledged only after that transaction committed. A failing batch
// is retried message by message; a failing message goes, on its own, to the retry queue of its attempt, and after
// `maxAttempts` to the dead-letter queue with its error.
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Message, OutgoingMessage, TransactionalPublish } from '../../ports/bus.js';
import type { Clock } from '../../ports/clock.js';
import type { Sql } from '../../ports/sql.js';
import type { Worker } from '../../ports/worker.js';
import { decodeContent } from './envelope.js';
import { deadQueueName, queueName, retryQueueName } from './topology.js';

export interface ConsumerOptions {
  prefix: string;
  batchSize: number;
  lingerMs: number;
  maxAttempts: number;
  onError?: (worker: string, error: unknown, message: Message | null) => void;
  /** Transient trouble that is being retried (store down, deadlock): worth a log line, not an error. */
  log?: (line: string) => void;
}

/** One AMQP message: the messages it carries, or why it cannot be read. */
interface Delivery { raw: ConsumeMessage; messages: Message[]; error: string | null }

/** What a delivery counts for in a batch: its messages (an unreadable one counts as one). */
const size = (d: Delivery): number => Math.max(1, d.messages.length);

/** One message and the delivery that carried it. */
interface Unit { message: Message; raw: ConsumeMessage }

export class QueueConsumer {
  private buffer: Delivery[] = [];
  private buffered = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private consumerTag: string | null = null;
  private stopped = false;
  inFlight = 0;

  constructor(
    private readonly worker: Worker,
    private readonly channel: ConfirmChannel,
    private readonly transaction: TransactionalPublish,
    /**
     * Where `Worker.prepare` runs: outside any transaction, each statement committing on its own, and lazily
     * (Store.relaxed): its writes are idempotent, and a crash that loses them comes before this batch's commit, so
     * the batch is delivered again and records them again.
     */
    private readonly prepareSql: Sql,
    private readonly clock: Clock,
    private readonly options: ConsumerOptions,
  ) {}

  get queue(): string {
    return this.worker.queue;
  }

  async start(prefetch: number): Promise<void> {
    await this.channel.prefetch(prefetch);
    const { consumerTag } = await this.channel.consume(queueName(this.options.prefix, this.worker.queue), (raw) => {
      if (raw === null) return; // the broker cancelled us (queue deleted): reconnect logic takes over
      const delivery = decode(raw);
      this.inFlight += size(delivery);
      this.buffered += size(delivery);
      this.buffer.push(delivery);
      if (this.running) return; // taken as soon as the batch in hand is done
      if (this.buffered >= this.options.batchSize) this.next();
      else this.timer ??= setTimeout(() => this.next(), this.options.lingerMs);
    }, { noAck: false });
    this.consumerTag = consumerTag;
  }

  /** Stops taking deliveries and waits for the batches already taken (SIGTERM: finish in-flight work). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.consumerTag !== null) await this.channel.cancel(this.consumerTag).catch(() => {});
    this.consumerTag = null;
    this.next();
    while (this.running) await this.running;
  }

  /**
   * Starts the next batch: what is buffered, up to `batchSize` messages. One batch at a time per queue and process
   * (acks stay in delivery order; parallelism comes from more processes). While a batch runs, deliveries gather for
   * the next one, so batches grow with the load instead of queueing up small.
   */
  private next(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    if (this.running || this.buffer.length === 0) return;
    let take = 0;
    let count = 0;
    while (take < this.buffer.length && (take === 0 || count + size(this.buffer[take]!) <= this.options.batchSize)) {
      count += size(this.buffer[take]!);
      take++;
    }
    const batch = this.buffer.splice(0, take);
    this.buffered -= count;
    this.running = this.process(batch, count)
      .catch((error) => this.options.onError?.(this.worker.name, error, null))
      .finally(() => { this.running = null; this.next(); });
  }

  private async process(batch: Delivery[], count: number): Promise<void> {
    try {
      for (const d of batch) if (d.error !== null) await this.toDeadLetters(d.raw.content, d.raw, null, d.error);
      // A message delivered twice within a batch (a republished envelope) is one message.
      const units = [...new Map(batch.flatMap((d) => d.messages.map((message) => [message.message_id, { message, raw: d.raw }] as const))).values()];
      if (units.length > 0) await this.handleUnits(units);
      // Every message of the batch is settled (committed, or handed to a retry or dead-letter queue with a
      // confirm); batches run one at a time in delivery order, so one ack covers the whole batch.
      this.channel.ack(batch[batch.length - 1]!.raw, true);
    } finally {
      this.inFlight -= count;
    }
  }

  private async handleUnits(units: Unit[]): Promise<void> {
    try {
      await this.handleWhileStoreIsDown(units.map((u) => u.message));
    } catch (error) {
      if (units.length === 1) await this.failed(units[0]!, error);
      else for (const u of units) await this.handleUnits([u]);
    }
  }

  /**
   * A store that is down (restarting, failing over) or a deadlock is not the message's fault: the batch waits and
   * tries again without spending the messages' attempts, so an outage never fills the dead-letter queue.
   */
  private async handleWhileStoreIsDown(batch: Message[]): Promise<void> {
    for (let wait = 100; ; wait = Math.min(wait * 2, 5000)) {
      try {
        return await this.handle(batch);
      } catch (error) {
        if (!isTransient(error) || this.stopped) throw error;
        this.options.log?.(`${this.worker.name}: ${(error as Error).message}; retrying the batch in ${wait} ms`);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private async handle(batch: Message[]): Promise<void> {
    const queue = queueName(this.options.prefix, this.worker.queue);
    const { prepare } = this.worker;
    if (prepare) await prepare(batch, this.prepareSql);
    return this.transaction(async (tx, publish) => {
      // At-least-once delivery becomes exactly-once effect: a message this queue already handled is skipped.
      const ids = batch.map((m) => m.message_id).sort();
      const { rows } = await tx.query<{ message_id: string }>(
        `INSERT INTO bi.consumed_messages (queue, message_id) SELECT $1, unnest($2::text[])
         ON CONFLICT DO NOTHING RETURNING message_id`, [queue, ids]);
      const fresh = new Set(rows.map((r) => r.message_id));
      const todo = batch.filter((m) => fresh.delete(m.message_id));
      if (todo.length > 0) await this.worker.handle(todo, { tx, publish: publish as (m: OutgoingMessage) => void, now: this.clock.now() });
    });
  }

  private async failed({ message, raw }: Unit, error: unknown): Promise<void> {
    this.options.onError?.(this.worker.name, error, message);
    const failures = message.attempts + 1;
    const reason = error instanceof Error ? error.message : String(error);
    const content = Buffer.from(JSON.stringify(message.payload) ?? 'null');
    if (failures >= this.options.maxAttempts) return this.toDeadLetters(content, raw, message, reason, failures);
    await this.republish(retryQueueName(this.options.prefix, this.worker.queue, failures), content, raw, message, { 'x-attempts': failures, 'x-last-error': reason.slice(0, 1000) });
  }

  private toDeadLetters(content: Buffer, raw: ConsumeMessage, message: Message | null, reason: string, attempts = (message?.attempts ?? 0) + 1): Promise<void> {
    return this.republish(deadQueueName(this.options.prefix, this.worker.queue), content, raw, message, { 'x-attempts': attempts, 'x-error': reason.slice(0, 4000) });
  }

  /**
   * Publishes one message on its own through the default exchange to `queue` and waits for the broker's confirm;
   * the delivery that carried it is acked with its batch.
   */
  private async republish(queue: string, content: Buffer, raw: ConsumeMessage, message: Message | null, headers: Record<string, unknown>): Promise<void> {
    const props = raw.properties;
    this.channel.publish('', queue, content, {
      persistent: true, messageId: message?.message_id ?? props.messageId, contentType: message ? 'application/json' : props.contentType,
      headers: { ...props.headers, 'x-original-topic': message?.topic ?? raw.fields.routingKey, ...headers },
    });
    await this.channel.waitForConfirms();
  }
}

function decode(raw: ConsumeMessage): Delivery {
  const headers = raw.properties.headers ?? {};
  // Retried copies travel through the default exchange: their topic is kept in a header.
  const topic = typeof headers['x-original-topic'] === 'string' ? headers['x-original-topic'] : raw.fields.routingKey;
  const decoded = decodeContent(raw.content, raw.properties);
  if (!decoded.ok) return { raw, messages: [], error: decoded.error };
  const attempts = typeof headers['x-attempts'] === 'number' ? headers['x-attempts'] : 0;
  return { raw, messages: decoded.messages.map((m) => ({ message_id: m.message_id, topic, payload: m.payload, attempts })), error: null };
}

/** Connection loss, server shutdown or restart, deadlock, serialization failure: worth the same try again. */
export function isTransient(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (/^(08|57P|53)/.test(code) || code === '40P01' || code === '40001') return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND'].includes(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|connection.*closed|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(message);
}
