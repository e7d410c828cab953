// Conversions at the SQL boundary. Arrays go in as `unnest($n::type[])` parameters: one statement per batch,
// whatever its size, instead of one per row.
import type { Millis } from '../../core/types.js';
import type { CopyRow, Sql } from '../../ports/sql.js';

export const iso = (ms: Millis): string => new Date(ms).toISOString();
export const isoOrNull = (ms: Millis | null): string | null => (ms === null ? null : iso(ms));

/** timestamptz comes back as a Date from both PGlite and node-postgres. */
export const millis = (value: Date | string): Millis => (value instanceof Date ? value.getTime() : Date.parse(value));
export const millisOrNull = (value: Date | string | null): Millis | null => (value === null ? null : millis(value));

/** A timestamptz column as epoch milliseconds, for `copyOut`, whose values come back as text. */
export const epochMs = (column: string): string => `(extract(epoch from ${column}) * 1000)::float8`;

/** Each row of a whole-table read (`Sql.copyOut`), in the order the store streams them. */
export async function eachCopied(tx: Sql, select: string, row: (r: CopyRow) => void): Promise<void> {
  for await (const page of tx.copyOut(select)) for (const r of page) row(r);
}

/** Splits rows into column arrays for `unnest`. */
export function columns<Row, K extends keyof Row>(rows: readonly Row[], keys: readonly K[]): unknown[][] {
  return keys.map((k) => rows.map((r) => r[k] ?? null));
}

/** The parameters of one statement: each array goes in once, named by its `$n::type[]`. */
export class ArrayParams {
  readonly values: unknown[] = [];
  add(type: string, values: readonly unknown[]): string {
    this.values.push(values);
    return `$${this.values.length}::${type}[]`;
  }
}

/**
 * The writes as one statement, one round trip: data-modifying WITH clauses all run, to completion, on one snapshot
 * (so none may read what another writes). Null stands for a write with nothing to do.
 */
export async function writeAll(tx: Sql, p: ArrayParams, clauses: readonly (string | null)[]): Promise<void> {
  const writes = clauses.filter((w): w is string => w !== null);
  if (writes.length === 0) return;
  await tx.query(`WITH ${writes.map((w, n) => `write_${n} AS (${w})`).join(',\n')}\nSELECT 1`, p.values);
}

/**
 * Runs `work` with plans that reach a batch's rows through their keys' indexes. A batch's writes compare what it
 * brings with what is stored for the same keys; on a large batch the planner would rather scan the whole table and
 * hash it, and that scan grows with the history while the batch does not (on PGlite, every page of it is read through
 * the emulated file system). The settings are the transaction's, and go back when `work` is done; when it throws,
 * the rollback that follows takes them back.
 */
export async function withKeyedPlans(tx: Sql, work: () => Promise<void>): Promise<void> {
  await tx.exec('SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off');
  await work();
  await tx.exec('RESET enable_seqscan; RESET enable_hashjoin; RESET enable_mergejoin');
}
