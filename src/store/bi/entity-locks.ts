// Per-entity locks for attribution: two processes recomputing the same company at once would each read, compute and
// write, and the later write could carry the earlier read. A transaction-scoped advisory lock per entity makes them
// take turns. Always free on PGlite (one connection).
import type { Sql } from '../../ports/sql.js';

// The lock of a key is the 64-bit hash of it: `lockEntities` takes them in hash order, the order of the locks
// themselves, so two transactions taking overlapping sets always meet in the same order and cannot deadlock.
const LOCK_OF = 'hashtextextended(k, 0)';

/** Takes every lock, waiting for those another transaction holds, in one global order. */
export async function lockEntities(tx: Sql, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  // A volatile function in the select list runs after the ORDER BY (PostgreSQL >= 9.6), so the locks are taken in
  // that order.
  await tx.query(
    `SELECT pg_advisory_xact_lock(l) FROM (SELECT DISTINCT ${LOCK_OF} AS l FROM unnest($1::text[]) AS k) AS s ORDER BY l`,
    [keys]);
}

/** Takes the locks that are free, without waiting; returns the keys whose lock another transaction holds. */
export async function lockFreeEntities(tx: Sql, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await tx.query<{ k: string }>(
    `SELECT k FROM (SELECT DISTINCT k FROM unnest($1::text[]) AS k) AS s
     WHERE NOT pg_try_advisory_xact_lock(${LOCK_OF})`,
    [keys]);
  return new Set(rows.map((r) => r.k));
}
