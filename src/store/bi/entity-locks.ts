// Per-entity locks for attribution: two processes recomputing the same company at once would each read, compute and
// write, and the later write could carry the earlier read. A transaction-scoped advisory lock per entity makes them
// take turns. Always free on PGlite (one connection).
import type { Sql } from '../../ports/sql.js';

/**
 * Takes every lock, in one global order, waiting up to `waitMs` for those another transaction holds (migration 007);
 * returns the keys whose lock is still held elsewhere after that (none, unless the holder is stalled).
 */
export async function lockEntities(tx: Sql, keys: readonly string[], waitMs: number): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await tx.query<{ k: string }>('SELECT k FROM bi.lock_entities($1::text[], $2::int) AS k', [keys, waitMs]);
  return new Set(rows.map((r) => r.k));
}

/** Takes the locks that are free, without waiting; returns the keys whose lock another transaction holds. */
export async function lockFreeEntities(tx: Sql, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await tx.query<{ k: string }>(
    `SELECT k FROM (SELECT DISTINCT k FROM unnest($1::text[]) AS k) AS s
     WHERE NOT pg_try_advisory_xact_lock(hashtextextended(k, 0))`,
    [keys]);
  return new Set(rows.map((r) => r.k));
}
