// The bus port, split as publish / consume so a worker only sees what it needs. Semantics are RabbitMQ's:
// a topic exchange with per-worker queues bound by patterns (`*` one word, `#` zero or more).
import type { Sql } from './sql.js';
import type { Millis } from '../core/types.js';
import type { Worker } from './worker.js';

export interface Message<P = unknown> {
  message_id: string;
  topic: string;
  payload: P;
  /** How many deliveries failed before this one. */
  attempts: number;
}

export interface OutgoingMessage {
  topic: string;
  payload: unknown;
  /** Deterministic where possible, so a redelivered handler publishes the same ids and consumers dedupe. */
  message_id: string;
  /** Not delivered before this time. */
  deliver_at?: Millis;
}

/** Publishing that commits with the caller's transaction (the transactional outbox). */
export interface Outbox {
  publish(tx: Sql, messages: readonly OutgoingMessage[]): Promise<void>;
}

export interface QueueBinding {
  queue: string;
  patterns: readonly string[];
}

export interface TransactionOptions {
  /**
   * The messages carry everything their consumers need: nothing they read depends on this transaction's writes
   * (the collector's events). The bus may then publish them before the commit instead of through the outbox; a
   * commit that fails after the publish leaves a message its consumers dedupe when the caller retries.
   */
  selfContained?: boolean;
  /**
   * The bus may hand the messages to their consumers inside this transaction, and what those publish in turn, so
   * that its commit covers their handling too (the embedded bus: a batch of input is one unit of work). A broker
   * whose consumers run elsewhere ignores it.
   */
  handleNow?: boolean;
}

/** Runs `work` in a store transaction whose publishes commit with it and are delivered once it commits. */
export type TransactionalPublish = <T>(work: (tx: Sql, publish: (m: OutgoingMessage) => void) => Promise<T>, options?: TransactionOptions) => Promise<T>;

/**
 * The broker as the application sees it: the embedded bus (one process, `bi.outbox` as durable queues) or RabbitMQ
 * (many processes). Workers are registered before `start()`.
 */
export interface Bus {
  readonly description: string;
  /**
   * RabbitMQ consumers are pushed their messages and run by themselves; the embedded bus delivers only when
   * drained (`runUntilIdle`). Hosts ask this to know whether they must drive the bus.
   */
  readonly drivesItself: boolean;
  /** Declares the worker's queue and bindings; consumes it unless `consume` is false (the embedded bus always does). */
  register(worker: Worker, options?: { consume?: boolean }): void;
  /** Embedded: loads what an earlier run left queued. RabbitMQ: connects, declares the topology, starts consuming. */
  start(): Promise<void>;
  transaction: TransactionalPublish;
  /** Returns once every message published so far, and everything it caused, has been handled. */
  runUntilIdle(): Promise<void>;
  /** The earliest time a delayed message falls due on the pipeline clock, or null. */
  nextDeliveryTime(): Millis | null;
  /** Messages waiting per queue, as far as this process knows. */
  depth(): Record<string, number>;
  totalDepth(): number;
  close(): Promise<void>;
}
