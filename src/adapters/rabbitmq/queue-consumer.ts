// Consumes one worker's queue: deliveries are gathered into batches (up to `batchSize`, or what arrived within
// `lingerMs`), each batch handled in one store transaction together with its dedupe rows and its publishes, and
// acknowledged only after that transaction committed. A failing batch is retried message by message; a failing
// message goes to the retry queue of its attempt, and after `maxAttempts` to the dead-letter queue with its error.
import { createHash } from 'node:crypto';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Message, OutgoingMessage, TransactionalPublish } from '../../ports/bus.js';
import type { Clock } from '../../ports/clock.js';
import type { Worker } from '../../workers/worker.js';
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

interface Delivery { raw: ConsumeMessage; message: Message | null; error: string | null }

export class QueueConsumer {
  private buffer: Delivery[] = [];
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private consumerTag: string | null = null;
  private stopped = false;
  inFlight = 0;

  constructor(
    private readonly worker: Worker,
    private readonly channel: ConfirmChannel,
    private readonly transaction: TransactionalPublish,
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
      this.inFlight++;
      this.buffer.push(decode(raw));
      if (this.buffer.length >= this.options.batchSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.lingerMs);
    }, { noAck: false });
    this.consumerTag = consumerTag;
  }

  /** Stops taking deliveries and waits for the batches already taken (SIGTERM: finish in-flight work). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.consumerTag !== null) await this.channel.cancel(this.consumerTag).catch(() => {});
    this.consumerTag = null;
    this.flush();
    await this.chain;
  }

  private flush(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    // One batch at a time per queue and process: acks stay in delivery order, and the store sees one transaction
    // per worker; parallelism comes from more processes.
    this.chain = this.chain.then(() => this.process(batch)).catch((error) => this.options.onError?.(this.worker.name, error, null));
  }

  private async process(batch: Delivery[]): Promise<void> {
    try {
      const undecodable = batch.filter((d) => d.message === null);
      for (const d of undecodable) await this.toDeadLetters(d, d.error ?? 'undecodable message');
      const good = batch.filter((d) => d.message !== null);
      if (good.length === 0) return;
      try {
        await this.handleWhileStoreIsDown(good);
        for (const d of good) this.channel.ack(d.raw);
      } catch (error) {
        if (good.length === 1) await this.failed(good[0]!, error);
        else for (const d of good) await this.process([d]);
      }
    } finally {
      this.inFlight -= batch.length;
    }
  }

  /**
   * A store that is down (restarting, failing over) or a deadlock is not the message's fault: the batch waits and
   * tries again without spending the messages' attempts, so an outage never fills the dead-letter queue.
   */
  private async handleWhileStoreIsDown(batch: Delivery[]): Promise<void> {
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

  private handle(batch: Delivery[]): Promise<void> {
    const queue = queueName(this.options.prefix, this.worker.queue);
    return this.transaction(async (tx, publish) => {
      // At-least-once delivery becomes exactly-once effect: a message this queue already handled is skipped.
      const ids = batch.map((d) => d.message!.message_id).sort();
      const { rows } = await tx.query<{ message_id: string }>(
        `INSERT INTO bi.consumed_messages (queue, message_id) SELECT $1, unnest($2::text[])
         ON CONFLICT DO NOTHING RETURNING message_id`, [queue, ids]);
      const fresh = new Set(rows.map((r) => r.message_id));
      const todo = batch.filter((d) => fresh.delete(d.message!.message_id)).map((d) => d.message!);
      if (todo.length > 0) await this.worker.handle(todo, { tx, publish: publish as (m: OutgoingMessage) => void, now: this.clock.now() });
    });
  }

  private async failed(d: Delivery, error: unknown): Promise<void> {
    const message = d.message!;
    this.options.onError?.(this.worker.name, error, message);
    const failures = message.attempts + 1;
    const reason = error instanceof Error ? error.message : String(error);
    if (failures >= this.options.maxAttempts) return this.toDeadLetters(d, reason, failures);
    await this.republish(retryQueueName(this.options.prefix, this.worker.queue, failures), d, { 'x-attempts': failures, 'x-last-error': reason.slice(0, 1000) });
    this.channel.ack(d.raw);
  }

  private async toDeadLetters(d: Delivery, reason: string, attempts = (d.message?.attempts ?? 0) + 1): Promise<void> {
    await this.republish(deadQueueName(this.options.prefix, this.worker.queue), d, { 'x-attempts': attempts, 'x-error': reason.slice(0, 4000) });
    this.channel.ack(d.raw);
  }

  /** Publishes a copy through the default exchange to `queue` and waits for the broker's confirm before acking. */
  private async republish(queue: string, d: Delivery, headers: Record<string, unknown>): Promise<void> {
    const props = d.raw.properties;
    this.channel.publish('', queue, d.raw.content, {
      persistent: true, messageId: d.message?.message_id ?? props.messageId, contentType: props.contentType,
      headers: { ...props.headers, 'x-original-topic': d.message?.topic ?? d.raw.fields.routingKey, ...headers },
    });
    await this.channel.waitForConfirms();
  }
}

function decode(raw: ConsumeMessage): Delivery {
  const headers = raw.properties.headers ?? {};
  // Retried copies travel through the default exchange: their topic is kept in a header.
  const topic = typeof headers['x-original-topic'] === 'string' ? headers['x-original-topic'] : raw.fields.routingKey;
  let payload: unknown;
  try {
    payload = JSON.parse(raw.content.toString('utf8'));
  } catch (error) {
    return { raw, message: null, error: `not JSON: ${(error as Error).message}` };
  }
  // An integrator may publish without a message id: the event's own id, else the content, identifies it.
  const eventId = typeof payload === 'object' && payload !== null ? (payload as { event_id?: unknown }).event_id : undefined;
  const messageId = raw.properties.messageId ?? (typeof eventId === 'string' ? eventId : createHash('sha256').update(raw.content).digest('hex'));
  const attempts = typeof headers['x-attempts'] === 'number' ? headers['x-attempts'] : 0;
  return { raw, message: { message_id: String(messageId), topic, payload, attempts }, error: null };
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
