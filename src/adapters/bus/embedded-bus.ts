// The embedded broker: RabbitMQ's routing, ack, retry and dead-letter behaviour in one process, made durable by the
// `bi.outbox` table. A publish inserts one row per bound queue inside the publisher's transaction; a handler's
// transaction deletes the rows it consumed. So a crash at any point loses nothing and delivers nothing twice
// (a half-done batch rolls back and is delivered again).
import type { Bus, Message, OutgoingMessage } from '../../ports/bus.js';
import type { Sql, Store } from '../../ports/sql.js';
import type { Clock } from '../../ports/clock.js';
import { compileTopicPattern, type TopicMatcher } from '../../core/routing/topic-pattern.js';
import type { Worker } from '../../ports/worker.js';

export interface EmbeddedBusOptions {
  batchSize?: number;
  maxAttempts?: number;
  /** First retry delay on the wall clock; doubles per attempt. */
  retryBaseMs?: number;
  onError?: (worker: string, error: unknown, message: Message | null) => void;
}

interface Pending extends Message {
  /** The outbox row: a process-local sequence, so publishing needs no round trip for ids. */
  seq: number;
  deliver_at: number | null;
  /** Wall-clock time before which a failed message is not retried. */
  retry_at: number;
}

interface Route { queue: string; matches: TopicMatcher }

export interface BusStats { delivered: number; failed: number; dead_lettered: number }

export class EmbeddedBus implements Bus {
  readonly description = 'embedded bus (bi.outbox)';
  readonly drivesItself = false;
  private readonly queues = new Map<string, Pending[]>();
  private readonly workers = new Map<string, Worker>();
  private readonly routes: Route[] = [];
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private draining: Promise<void> | null = null;
  /** Next outbox row number: continues the store's numbering after `recover()` or the first publish. */
  private nextSeq: number | null = null;
  readonly stats: BusStats = { delivered: 0, failed: 0, dead_lettered: 0 };

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly options: EmbeddedBusOptions = {}) {
    this.batchSize = options.batchSize ?? 5000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBaseMs = options.retryBaseMs ?? 50;
  }

  /** Declares a worker's queue and bindings, as RabbitMQ's queue.declare + queue.bind would. */
  register(worker: Worker, _options: { consume?: boolean } = {}): void {
    this.workers.set(worker.queue, worker);
    this.queues.set(worker.queue, this.queues.get(worker.queue) ?? []);
    for (const pattern of worker.bindings) this.routes.push({ queue: worker.queue, matches: compileTopicPattern(pattern) });
  }

  async start(): Promise<void> {
    await this.recover();
  }

  async close(): Promise<void> {
    await this.draining;
  }

  /**
   * Loads what was published but not yet consumed before the last stop (nothing acknowledged is lost), and
   * continues the outbox's numbering. Runs once, before the first publish.
   */
  async recover(): Promise<number> {
    if (this.nextSeq !== null) throw new Error('EmbeddedBus.recover() runs once, before the first publish');
    const { rows } = await this.store.query<{ seq: string; queue: string; message_id: string; topic: string; payload: string; attempts: number; deliver_at: Date | null }>(
      'SELECT seq, queue, message_id, topic, payload, attempts, deliver_at FROM bi.outbox ORDER BY seq');
    let last = 0;
    for (const row of rows) {
      const seq = Number(row.seq);
      last = Math.max(last, seq);
      this.queues.get(row.queue)?.push({
        seq, message_id: row.message_id, topic: row.topic, payload: JSON.parse(row.payload), attempts: row.attempts,
        deliver_at: row.deliver_at ? row.deliver_at.getTime() : null, retry_at: 0,
      });
    }
    this.nextSeq = last + 1;
    return rows.length;
  }

  /** Runs `work` in a transaction whose publishes are routed and stored with it, and delivered once it commits. */
  transaction = async <T>(work: (tx: Sql, publish: (m: OutgoingMessage) => void) => Promise<T>): Promise<T> => {
    let committed: Array<[string, Pending]> = [];
    const result = await this.store.transaction(async (tx) => {
      const outgoing: OutgoingMessage[] = [];
      const value = await work(tx, (m) => outgoing.push(m));
      committed = await this.writeOutbox(tx, outgoing);
      return value;
    });
    for (const [queue, pending] of committed) this.queues.get(queue)!.push(pending);
    return result;
  };

  /** Messages waiting per queue (delayed ones included). */
  depth(): Record<string, number> {
    return Object.fromEntries([...this.queues].map(([q, list]) => [q, list.length]));
  }

  totalDepth(): number {
    let n = 0;
    for (const list of this.queues.values()) n += list.length;
    return n;
  }

  /**
   * Delivers until no queue has a message that is due. Concurrent callers share one drain, so the store sees one
   * batch at a time (PGlite has one connection).
   */
  runUntilIdle(): Promise<void> {
    this.draining ??= this.drain().finally(() => { this.draining = null; });
    return this.draining;
  }

  private async drain(): Promise<void> {
    for (;;) {
      let progressed = false;
      for (const [queue, list] of this.queues) {
        const batch = this.takeDue(list);
        if (batch.length === 0) continue;
        progressed = true;
        await this.deliver(this.workers.get(queue)!, batch);
      }
      if (progressed) continue;
      const wait = this.nextRetryWait();
      if (wait === null) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** Takes up to a batch of due messages out of `list`, in one pass (queues hold hundreds of thousands at peak). */
  private takeDue(list: Pending[]): Pending[] {
    const now = this.clock.now();
    const wall = Date.now();
    const batch: Pending[] = [];
    let kept = 0;
    for (let i = 0; i < list.length; i++) {
      const m = list[i]!;
      if (batch.length < this.batchSize && (m.deliver_at === null || m.deliver_at <= now) && m.retry_at <= wall) batch.push(m);
      else list[kept++] = m;
    }
    list.length = kept;
    return batch;
  }

  /** The earliest `deliver_at` of a delayed message still waiting for the pipeline clock, or null. */
  nextDeliveryTime(): number | null {
    const now = this.clock.now();
    let next: number | null = null;
    for (const list of this.queues.values()) {
      for (const m of list) if (m.deliver_at !== null && m.deliver_at > now && (next === null || m.deliver_at < next)) next = m.deliver_at;
    }
    return next;
  }

  /** Wall-clock wait until the next message held back for a retry, or null when none is (delayed ones wait for the clock). */
  private nextRetryWait(): number | null {
    let next = Infinity;
    const now = this.clock.now();
    for (const list of this.queues.values()) {
      for (const m of list) if (m.retry_at > 0 && (m.deliver_at === null || m.deliver_at <= now)) next = Math.min(next, m.retry_at);
    }
    return next === Infinity ? null : Math.max(0, next - Date.now());
  }

  private async deliver(worker: Worker, batch: Pending[]): Promise<void> {
    try {
      await this.handleInTransaction(worker, batch);
      this.stats.delivered += batch.length;
    } catch (error) {
      if (batch.length > 1) {
        // Isolate the poison: one bad message must not hold back the good ones of its batch.
        for (const m of batch) await this.deliver(worker, [m]);
        return;
      }
      await this.fail(worker, batch[0]!, error);
    }
  }

  private handleInTransaction(worker: Worker, batch: Pending[]): Promise<void> {
    return this.transaction(async (tx, publish) => {
      await worker.prepare?.(batch, tx);
      await worker.handle(batch, { tx, publish, now: this.clock.now() });
      await tx.query('DELETE FROM bi.outbox WHERE seq = ANY($1::bigint[])', [batch.map((m) => m.seq)]);
    });
  }

  private async fail(worker: Worker, message: Pending, error: unknown): Promise<void> {
    this.stats.failed++;
    this.options.onError?.(worker.name, error, message);
    const attempts = message.attempts + 1;
    const reason = error instanceof Error ? error.message : String(error);
    if (attempts >= this.maxAttempts) {
      await this.store.transaction(async (tx) => {
        await tx.query(`INSERT INTO bi.dead_letters (queue, message_id, topic, payload, error, attempts)
          VALUES ($1, $2, $3, $4::jsonb, $5, $6) ON CONFLICT (queue, message_id) DO UPDATE SET error = EXCLUDED.error, attempts = EXCLUDED.attempts`,
        [worker.queue, message.message_id, message.topic, JSON.stringify(message.payload), reason, attempts]);
        await tx.query('DELETE FROM bi.outbox WHERE seq = $1', [message.seq]);
      });
      this.stats.dead_lettered++;
      return;
    }
    await this.store.query('UPDATE bi.outbox SET attempts = $2, last_error = $3 WHERE seq = $1', [message.seq, attempts, reason]);
    this.queues.get(worker.queue)!.push({ ...message, attempts, retry_at: Date.now() + this.retryBaseMs * 2 ** (attempts - 1) });
  }

  private async writeOutbox(tx: Sql, outgoing: readonly OutgoingMessage[]): Promise<Array<[string, Pending]>> {
    if (outgoing.length === 0) return [];
    // A bus that was never recovered (tests, a fresh store) continues the numbering it finds.
    this.nextSeq ??= Number((await tx.query<{ next: string }>('SELECT COALESCE(max(seq), 0) + 1 AS next FROM bi.outbox')).rows[0]!.next);
    const seqs: number[] = [], queues: string[] = [], ids: string[] = [], topics: string[] = [], payloads: string[] = [], deliverAt: (string | null)[] = [];
    const routed: Array<[string, Pending]> = [];
    let seq = this.nextSeq;
    for (const m of outgoing) {
      const payloadJson = JSON.stringify(m.payload);
      for (const queue of this.route(m.topic)) {
        seqs.push(seq); queues.push(queue); ids.push(m.message_id); topics.push(m.topic); payloads.push(payloadJson);
        deliverAt.push(m.deliver_at === undefined ? null : new Date(m.deliver_at).toISOString());
        // Each queue gets its own copy, exactly as serialized: what a handler sees does not depend on whether the
        // message came straight from the publisher or back from the outbox after a restart (as with RabbitMQ).
        routed.push([queue, { seq: seq++, message_id: m.message_id, topic: m.topic, payload: JSON.parse(payloadJson), attempts: 0, deliver_at: m.deliver_at ?? null, retry_at: 0 }]);
      }
    }
    if (routed.length === 0) return [];
    await tx.query(
      `INSERT INTO bi.outbox (seq, queue, message_id, topic, payload, deliver_at)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])`,
      [seqs, queues, ids, topics, payloads, deliverAt]);
    // Numbers are taken only once the rows are written; a rolled-back transaction leaves a harmless gap.
    this.nextSeq = seq;
    return routed;
  }

  private route(topic: string): string[] {
    const queues: string[] = [];
    for (const r of this.routes) if (r.matches(topic) && !queues.includes(r.queue)) queues.push(r.queue);
    return queues;
  }
}
