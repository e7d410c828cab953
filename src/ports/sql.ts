// The store port: plain PostgreSQL over a connection. PGlite and node-postgres both satisfy it, so the
// embedded default and production run the same SQL (one dialect, one set of migrations).

export interface Sql {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: Row[]; affectedRows?: number }>;
  /** Runs one or more statements without parameters (migrations). */
  exec(text: string): Promise<void>;
  /**
   * The rows of a SELECT without parameters, streamed in pages of text values (null for NULL), as COPY writes them:
   * for reading whole tables, several times faster than `query` on both stores.
   */
  copyOut(select: string): AsyncIterable<CopyRow[]>;
}

/** One row of `copyOut`: each column as COPY's text output of it. */
export type CopyRow = (string | null)[];

export interface Store extends Sql {
  /** Runs `work` in one transaction: everything it writes commits together or not at all. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Statements that each commit on their own without waiting for the write-ahead log to reach disk. Only for writes
   * that are made good if a crash loses them: idempotent facts that the batch, redelivered, records again (and that
   * any durable commit after them makes durable too, the log being sequential), and deletions whose loss only
   * publishes a message once more.
   */
  readonly relaxed: Sql;
  close(): Promise<void>;
  /** What this store is, for logs and `/healthz`. */
  readonly description: string;
}
