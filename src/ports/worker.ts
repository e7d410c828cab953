// What every worker of the flow document is: a queue, its bindings, and a batch handler. A worker knows nothing
// about how it is hosted (embedded bus or RabbitMQ, one process or many).
import type { Message, OutgoingMessage } from './bus.js';
import type { Sql } from './sql.js';
import type { Millis } from '../core/types.js';

export interface HandlerContext {
  /** The batch's transaction: the handler's writes, its publishes and the acknowledgement commit together. */
  tx: Sql;
  publish(message: OutgoingMessage): void;
  /** Pipeline time: event time during `ingest`, the wall clock when serving. */
  now: Millis;
}

export interface Worker {
  /** The flow document's name, e.g. `VisitsRunner`. */
  name: string;
  /** Queue name without the broker prefix, e.g. `visits`. */
  queue: string;
  bindings: readonly string[];
  /**
   * Handles a batch in one transaction. Expected problems (a payload that does not validate) are recorded by the
   * handler and do not throw; a throw means "retry": the batch is retried message by message, and a message that
   * keeps failing goes to the dead letters.
   */
  handle(batch: readonly Message[], ctx: HandlerContext): Promise<void>;
  /**
   * Idempotent writes that only ever add knowledge (the identity facts of input events), made before `handle`.
   * Several queues consume the same input event at the same moment and record the same facts: the RabbitMQ
   * consumer runs them outside the batch's transaction, each statement committing on its own, so that no batch
   * holds those rows locked while the others wait for its commit; and without waiting for their commits to reach
   * disk (Store.relaxed), as a crash that loses them also loses the batch, which is then delivered again. The
   * embedded bus runs them in the batch's transaction.
   */
  prepare?(batch: readonly Message[], sql: Sql): Promise<void>;
}
