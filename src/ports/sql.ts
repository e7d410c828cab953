// The store port: plain PostgreSQL over a connection. PGlite and node-postgres both satisfy it, so the
// embedded default and production run the same SQL (one dialect, one set of migrations).

export interface Sql {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: Row[]; affectedRows?: number }>;
  /** Runs one or more statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface Store extends Sql {
  /** Runs `work` in one transaction: everything it writes commits together or not at all. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** What this store is, for logs and `/healthz`. */
  readonly description: string;
}
