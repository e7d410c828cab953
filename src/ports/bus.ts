// The bus port, split as publish / consume so a worker only sees what it needs. Semantics are RabbitMQ's:
// a topic exchange with per-worker queues bound by patterns (`*` one word, `#` zero or more).
import type { Sql } from './sql.js';
import type { Millis } from '../core/types.js';

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
