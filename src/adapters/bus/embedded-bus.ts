// The embedded broker: RabbitMQ's routing, ack, retry and dead-letter behaviour in one process, made durable by the
// `bi.outbox` table. A publish inserts one row per bound queue inside the publisher's transaction.
//
// Delivery runs in units of work: one transaction takes a batch of every queue, hands it to its worker, and hands
// what the workers publish on to their consumers in the same transaction, until nothing due is left; then it deletes
// the rows it consumed and commits. This process owns its store, so a message published and consumed inside one unit
// needs no durable row: it commits with the writes it caused or not at all, and a crash at any point rolls the unit
// back, to be delivered again from the outbox rows it would have deleted. Only what outlives the unit is written:
// messages delayed to a later time, and messages whose handler failed and waits for a retry.
//
// Each handler call runs under a savepoint: a handler that throws leaves no writes and no publishes, and its batch is
// retried message by message, so one poison message does not hold back the others (as a RabbitMQ consumer would nack).
import type { Bus, Message, OutgoingMessage, TransactionOptions } from '../../ports/bus.js';
import type { Sql, Store } from '../../ports/sql.js';
import type { Clock } from '../../ports/clock.js';
import { compileTopicPattern, type TopicMatcher } from '../../core/routing/topic-pattern.js';
import type { Worker } from '../../ports/worker.js';
import { deepFreeze } from '../../core/deep-freeze.js';
import { isValidatedEvent } from '../../core/events/validate.js';

export interface EmbeddedBusOptions {
  batchSize?: number;
  maxAttempts?: number;
  /** First retry delay on the wall clock; doubles per attempt. */
  retryBaseMs?: number;
  onError?: (worker: string, error: unknown, message: Message | null) => void;
  /** State held in memory beside the store, taken back with what a transaction or a handler's savepoint rolls back. */
  journal?: Journal;
}

/** In-memory state kept in step with the store's transactions (MemoryIdentityGraph). */
export interface Journal {
  /** A point to come back to. */
  mark(): number;
  /** Takes back what was done since `mark`. */
  undoTo(mark: number): void;
  /** What was done is committed. */
  settle(): void;
}

const NO_JOURNAL: Journal = { mark: () => 0, undoTo() {}, settle() {} };

interface Pending extends Message {
  /**
   * The outbox row: a process-local sequence, so publishing needs no round trip for ids. Null for a message published
   * and consumed inside one unit of work, which has no row.
   */
  seq: number | null;
  deliver_at: number | null;
  /** Wall-clock time before which a failed message is not retried. */
  retry_at: number;
  /** The payload as published, which a row written for this message holds. */
  json: string;
}

/** A unit of work asked for, waiting to run with those that arrive with it. */
interface Arrival {
  work: (tx: Sql, publish: (m: OutgoingMessage) => void) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** What a step run under a savepoint gave: its value, or what it threw. */
type Outcome<T> = { value: T } | { error: unknown };

/** At most this many publishers' transactions share a unit of work. */
const MAX_GROUP = 16;

/**
 * How long a unit waits for others to join it before it starts (PostgreSQL's commit_delay, in spirit). While a unit
 * runs, the store holds the event loop between statements, so the requests that came meanwhile are read only after
 * it ends, a large body over several turns of the loop: started at once, the next unit would hold one of them. A
 * few milliseconds let them all join it; in `npm run bench`, 4 requests in flight then share each unit and the
 * collector handles about 40% more events per second.
 */
const GROUP_LINGER_MS = 3;

/** What one unit of work collects as it goes, to act on once its handlers are done. */
interface UnitState {
  /** Pipeline time, the same for every handler of the unit. */
  now: number;
  /** Outbox rows consumed (acknowledged) by the unit. */
  consumed: number[];
  /** Messages published for a later time: written to the outbox with the unit. */
  delayed: OutgoingMessage[];
  /** Failed messages waiting for a retry, queued again once the unit commits. */
  waiting: Array<[string, Pending]>;
  /** Per `prepare` function, the message ids it has run for. */
  prepared: Map<NonNullable<Worker['prepare']>, Set<string>>;
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
  private readonly journal: Journal;
  private draining: Promise<void> | null = null;
  /** Units of work asked for while one runs (`transaction` with handleNow), and the loop that runs them. */
  private readonly arriving: Arrival[] = [];
  private grouping: Promise<void> | null = null;
  /** Next outbox row number: continues the store's numbering after `recover()` or the first publish. */
  private nextSeq: number | null = null;
  readonly stats: BusStats = { delivered: 0, failed: 0, dead_lettered: 0 };

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly options: EmbeddedBusOptions = {}) {
    this.batchSize = options.batchSize ?? 5000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBaseMs = options.retryBaseMs ?? 50;
    this.journal = options.journal ?? NO_JOURNAL;
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
    await this.grouping;
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
        seq, message_id: row.message_id, topic: row.topic, payload: JSON.parse(row.payload), json: row.payload, attempts: row.attempts,
        deliver_at: row.deliver_at ? row.deliver_at.getTime() : null, retry_at: 0,
      });
    }
    this.nextSeq = last + 1;
    return rows.length;
  }

  /**
   * Runs `work` in a transaction whose publishes are routed and stored with it, and delivered once it commits. With
   * `handleNow`, the transaction is a unit of work: what `work` publishes is handled in it, and never stored unless
   * it is delayed or its handler fails.
   */
  transaction = async <T>(work: (tx: Sql, publish: (m: OutgoingMessage) => void) => Promise<T>, options: TransactionOptions = {}): Promise<T> => {
    if (options.handleNow) {
      return new Promise<T>((resolve, reject) => {
        this.arriving.push({ work, resolve: resolve as (value: unknown) => void, reject });
        this.handleArrivalsSoon();
      });
    }
    let committed: Array<[string, Pending]> = [];
    const result = await this.journalled(() => this.store.transaction(async (tx) => {
      const outgoing: OutgoingMessage[] = [];
      const value = await work(tx, (m) => outgoing.push(m));
      committed = await this.writeOutbox(tx, outgoing);
      return value;
    }));
    for (const [queue, pending] of committed) this.queues.get(queue)!.push(pending);
    return result;
  };

  /** Starts handling the arrivals unless that is under way; one that comes as it ends is not left waiting. */
  private handleArrivalsSoon(): void {
    this.grouping ??= new Promise((resolve) => setTimeout(resolve, GROUP_LINGER_MS)).then(() => this.handleArrivals()).finally(() => {
      this.grouping = null;
      if (this.arriving.length > 0) this.handleArrivalsSoon();
    });
  }

  /**
   * Group commit: the units of work that arrive while one is running (concurrent collector requests) wait, and run
   * together as the next one. Per-unit work (a statement per worker, the graph walks, each entity's recompute) is
   * then paid once for the group, not once per request.
   */
  private async handleArrivals(): Promise<void> {
    while (this.arriving.length > 0) {
      const group = this.arriving.splice(0, MAX_GROUP);
      const outcomes: Array<Outcome<unknown>> = [];
      try {
        await this.inUnit(async (tx, pending, state) => {
          for (const { work } of group) outcomes.push(await this.publisherStep(tx, work, pending, state));
        });
      } catch (error) {
        for (const arrival of group) arrival.reject(error);
        continue;
      }
      group.forEach((arrival, i) => {
        const outcome = outcomes[i]!;
        if ('error' in outcome) arrival.reject(outcome.error); else arrival.resolve(outcome.value);
      });
    }
  }

  /** One publisher's work in a group's unit, under a savepoint: one that throws takes nothing of the others with it. */
  private async publisherStep(tx: Sql, work: Arrival['work'], pending: Map<string, Pending[]>, state: UnitState): Promise<Outcome<unknown>> {
    const outgoing: OutgoingMessage[] = [];
    const outcome = await this.underSavepoint(tx, () => work(tx, (m) => outgoing.push(m)));
    if ('value' in outcome) this.handOn(outgoing, pending, state);
    return outcome;
  }

  /**
   * Runs `work` under a savepoint. When it throws, its writes and what it told the journal are taken back, and the
   * transaction goes on.
   */
  private async underSavepoint<T>(tx: Sql, work: () => Promise<T>): Promise<Outcome<T>> {
    await tx.query('SAVEPOINT step');
    const mark = this.journal.mark();
    try {
      const value = await work();
      await tx.query('RELEASE SAVEPOINT step');
      return { value };
    } catch (error) {
      await tx.exec('ROLLBACK TO SAVEPOINT step; RELEASE SAVEPOINT step');
      this.journal.undoTo(mark);
      return { error };
    }
  }

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
      const unit: Array<[Worker, Pending[]]> = [];
      for (const [queue, list] of this.queues) {
        const batch = this.takeDue(list);
        if (batch.length > 0) unit.push([this.workers.get(queue)!, batch]);
      }
      if (unit.length > 0) {
        await this.runUnit(unit);
        continue;
      }
      const wait = this.nextRetryWait();
      if (wait === null) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /**
   * One unit of work over `unit` (a batch per queue) and everything it causes that is due now. When the transaction
   * itself fails (the store, not a handler), nothing of it happened: its messages go back to their queues and the
   * error reaches the caller of `runUntilIdle`.
   */
  private async runUnit(unit: Array<[Worker, Pending[]]>): Promise<void> {
    try {
      await this.inUnit(async (_tx, pending) => {
        for (const [worker, batch] of unit) pending.get(worker.queue)!.push(...batch);
      });
    } catch (error) {
      for (const [worker, batch] of unit) this.queues.get(worker.queue)!.unshift(...batch);
      throw error;
    }
  }

  /**
   * A transaction that `start` fills with messages to hand to their workers, by putting them in `pending` (per
   * queue); they are handled, and what they publish that is due, until nothing is left. Then the outbox rows consumed
   * are deleted and the delayed messages written, and it commits.
   */
  private async inUnit<T>(start: (tx: Sql, pending: Map<string, Pending[]>, state: UnitState) => Promise<T>): Promise<T> {
    const state: UnitState = { now: this.clock.now(), consumed: [], delayed: [], waiting: [], prepared: new Map() };
    let delayed: Array<[string, Pending]> = [];
    const value = await this.journalled(() => this.store.transaction(async (tx) => {
      // In the queues' order, as one drain pass would: what a queue publishes for a later one joins that queue's
      // batch, so each worker is called once per pass, with its own messages and everything caused before it.
      const pending = new Map([...this.queues.keys()].map((queue) => [queue, [] as Pending[]]));
      const started = await start(tx, pending, state);
      for (let handled = true; handled;) {
        handled = false;
        await this.prepareShared(tx, pending, state);
        for (const [queue, batch] of pending) {
          if (batch.length === 0) continue;
          handled = true;
          pending.set(queue, []);
          const worker = this.workers.get(queue)!;
          for (let i = 0; i < batch.length; i += this.batchSize) await this.handleInUnit(tx, worker, batch.slice(i, i + this.batchSize), pending, state);
        }
      }
      if (state.consumed.length > 0) await tx.query('DELETE FROM bi.outbox WHERE seq = ANY($1::bigint[])', [state.consumed]);
      delayed = await this.writeOutbox(tx, state.delayed);
      return started;
    }));
    for (const [queue, pending] of [...delayed, ...state.waiting]) this.queues.get(queue)!.push(pending);
    return value;
  }

  /** Runs a store transaction with the journal: settled when it commits, taken back when it does not. */
  private async journalled<T>(transaction: () => Promise<T>): Promise<T> {
    const mark = this.journal.mark();
    try {
      const value = await transaction();
      this.journal.settle();
      return value;
    } catch (error) {
      this.journal.undoTo(mark);
      throw error;
    }
  }

  /**
   * Hands `batch` to `worker` under a savepoint. What the handler publishes that is due joins the `pending` batches of
   * its consumers in this unit. A batch that throws is rolled back and retried message by message; a single message that
   * throws is failed (`failInUnit`).
   */
  private async handleInUnit(tx: Sql, worker: Worker, batch: Pending[], pending: Map<string, Pending[]>, state: UnitState): Promise<void> {
    const outgoing: OutgoingMessage[] = [];
    const fresh = this.unprepared(worker, batch, state);
    const outcome = await this.underSavepoint(tx, async () => {
      if (fresh.length > 0) await worker.prepare!(fresh, tx);
      await worker.handle(batch, { tx, publish: (m) => outgoing.push(m), now: state.now });
    });
    if ('error' in outcome) {
      if (batch.length > 1) {
        // Isolate the poison: one bad message must not hold back the good ones of its batch.
        for (const m of batch) await this.handleInUnit(tx, worker, [m], pending, state);
        return;
      }
      await this.failInUnit(tx, worker, batch[0]!, outcome.error, state);
      return;
    }
    this.stats.delivered += batch.length;
    if (worker.prepare) for (const m of fresh) state.prepared.get(worker.prepare)!.add(m.message_id);
    for (const m of batch) if (m.seq !== null) state.consumed.push(m.seq);
    this.handOn(outgoing, pending, state);
  }

  /** Messages published inside a unit: the due ones join their consumers' batches, the others wait in the outbox. */
  private handOn(outgoing: readonly OutgoingMessage[], pending: Map<string, Pending[]>, state: UnitState): void {
    for (const m of outgoing) {
      if (m.deliver_at !== undefined && m.deliver_at > state.now) { state.delayed.push(m); continue; }
      for (const [queue, copy] of this.copies(m)) pending.get(queue)!.push(copy);
    }
  }

  /**
   * Runs each `prepare` that several queues share once for all their pending messages, ahead of their handlers: one
   * statement where each handler would have run its own (prepared facts may be recorded ahead of the batches that need
   * them, Worker.prepare). When it throws, nothing is marked prepared, and each handler runs it for its own batch,
   * where a poison message is isolated as usual.
   */
  private async prepareShared(tx: Sql, pending: Map<string, Pending[]>, state: UnitState): Promise<void> {
    const shared = new Map<NonNullable<Worker['prepare']>, { queues: number; messages: Map<string, Pending> }>();
    for (const [queue, batch] of pending) {
      const worker = this.workers.get(queue)!;
      if (!worker.prepare || batch.length === 0) continue;
      const entry = shared.get(worker.prepare) ?? { queues: 0, messages: new Map<string, Pending>() };
      shared.set(worker.prepare, entry);
      entry.queues++;
      for (const m of this.unprepared(worker, batch, state)) if (!entry.messages.has(m.message_id)) entry.messages.set(m.message_id, m);
    }
    for (const [prepare, { queues, messages }] of shared) {
      if (queues < 2 || messages.size === 0) continue;
      const outcome = await this.underSavepoint(tx, () => prepare([...messages.values()], tx));
      if ('value' in outcome) for (const id of messages.keys()) state.prepared.get(prepare)!.add(id);
    }
  }

  /**
   * The messages of `batch` whose facts `worker.prepare` has not recorded yet in this unit. Several queues consume
   * the same input event, and their `prepare` (idempotent by contract) is often the same function.
   */
  private unprepared(worker: Worker, batch: Pending[], state: UnitState): Pending[] {
    if (!worker.prepare) return [];
    let done = state.prepared.get(worker.prepare);
    if (!done) state.prepared.set(worker.prepare, done = new Set());
    return batch.filter((m) => !done.has(m.message_id));
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

  /**
   * A message whose handler threw: retried later with its attempts counted, or dead-lettered once it has used them
   * all. Either outcome commits with the unit; a message that had no outbox row gets one to wait in.
   */
  private async failInUnit(tx: Sql, worker: Worker, message: Pending, error: unknown, state: UnitState): Promise<void> {
    this.stats.failed++;
    this.options.onError?.(worker.name, error, message);
    const attempts = message.attempts + 1;
    const reason = error instanceof Error ? error.message : String(error);
    if (attempts >= this.maxAttempts) {
      await tx.query(`INSERT INTO bi.dead_letters (queue, message_id, topic, payload, error, attempts)
        VALUES ($1, $2, $3, $4::jsonb, $5, $6) ON CONFLICT (queue, message_id) DO UPDATE SET error = EXCLUDED.error, attempts = EXCLUDED.attempts`,
      [worker.queue, message.message_id, message.topic, message.json, reason, attempts]);
      if (message.seq !== null) state.consumed.push(message.seq);
      this.stats.dead_lettered++;
      return;
    }
    let seq = message.seq;
    if (seq === null) {
      seq = await this.seqFrom(tx);
      await tx.query(`INSERT INTO bi.outbox (seq, queue, message_id, topic, payload, deliver_at, attempts, last_error)
        VALUES ($1, $2, $3, $4, $5, NULL, $6, $7)`, [seq, worker.queue, message.message_id, message.topic, message.json, attempts, reason]);
      this.nextSeq = seq + 1;
    } else {
      await tx.query('UPDATE bi.outbox SET attempts = $2, last_error = $3 WHERE seq = $1', [seq, attempts, reason]);
    }
    state.waiting.push([worker.queue, { ...message, seq, attempts, retry_at: Date.now() + this.retryBaseMs * 2 ** (attempts - 1) }]);
  }

  private async writeOutbox(tx: Sql, outgoing: readonly OutgoingMessage[]): Promise<Array<[string, Pending]>> {
    if (outgoing.length === 0) return [];
    const first = await this.seqFrom(tx);
    const routed = outgoing.flatMap((m) => this.copies(m));
    if (routed.length === 0) return [];
    routed.forEach(([, p], i) => { p.seq = first + i; });
    await tx.query(
      `INSERT INTO bi.outbox (seq, queue, message_id, topic, payload, deliver_at)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])`,
      [routed.map(([, p]) => p.seq), routed.map(([q]) => q), routed.map(([, p]) => p.message_id), routed.map(([, p]) => p.topic),
        routed.map(([, p]) => p.json), routed.map(([, p]) => (p.deliver_at === null ? null : new Date(p.deliver_at).toISOString()))]);
    // Numbers are taken only once the rows are written; a rolled-back transaction leaves a harmless gap.
    this.nextSeq = first + routed.length;
    return routed;
  }

  /** The next outbox row number. A bus that was never recovered (tests, a fresh store) continues the numbering it finds. */
  private async seqFrom(tx: Sql): Promise<number> {
    this.nextSeq ??= Number((await tx.query<{ next: string }>('SELECT COALESCE(max(seq), 0) + 1 AS next FROM bi.outbox')).rows[0]!.next);
    return this.nextSeq;
  }

  /**
   * A copy of `m` for each queue it is routed to, exactly as serialized: what a handler sees does not depend on
   * whether the message came straight from the publisher or back from the outbox after a restart (as with RabbitMQ).
   * The queues share one frozen payload: none can change it for the others, and what is derived from it once (the
   * validated event) serves them all. A validated event is shared as it is, and serialized only if a row needs it:
   * it is frozen, and reads back from JSON as itself (test/core/events/validate.test.ts).
   */
  private copies(m: OutgoingMessage): Array<[string, Pending]> {
    const queues = this.route(m.topic);
    if (queues.length === 0) return [];
    let json = isValidatedEvent(m.payload) ? null : JSON.stringify(m.payload);
    const payload: unknown = json === null ? m.payload : deepFreeze(JSON.parse(json));
    return queues.map((queue) => [queue, {
      seq: null, message_id: m.message_id, topic: m.topic, payload, get json() { return (json ??= JSON.stringify(payload)); }, attempts: 0, deliver_at: m.deliver_at ?? null, retry_at: 0,
    }]);
  }

  private route(topic: string): string[] {
    const queues: string[] = [];
    for (const r of this.routes) if (r.matches(topic) && !queues.includes(r.queue)) queues.push(r.queue);
    return queues;
  }
}
