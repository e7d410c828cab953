// Per-entity locks for attribution: two processes recomputing the same company at once would each read, compute and
// write, and the later write could carry the earlier read. A transaction-scoped advisory lock per entity makes them
// take turns. Always free on PGlite (one connection).
import type { Sql } from '../../ports/sql.js';

/**
 * Takes the locks of `keys`: with `waitMs` > 0 waiting up to that long, in one global order, for those another
 * transaction holds; with 0 only those that are free (migration 007). Returns the keys still held elsewhere.
 */
export async function lockEntities(tx: Sql, keys: readonly string[], waitMs: number): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await tx.query<{ k: string }>('SELECT k FROM bi.lock_entities($1::text[], $2::int) AS k', [keys, waitMs]);
  return new Set(rows.map((r) => r.k));
}
