// Per-entity locks for attribution: two processes recomputing the same company at once would each read, compute and
// write, and the later write could carry the earlier read. A transaction-scoped advisory lock per entity makes them
// take turns. Waiting for a lock would hold a batch's other locks for as long as another batch runs (and those
// batches overlap on most entities when a queue has several consumers), so a lock that is taken is not waited for:
// the entity is handed back for later (see claimEntities). Always free on PGlite (one connection).
import type { Sql } from '../../ports/sql.js';

/** Takes the locks that are free; returns the keys whose lock another transaction holds. */
export async function lockFreeEntities(tx: Sql, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await tx.query<{ k: string }>(
    `SELECT k FROM (SELECT DISTINCT k FROM unnest($1::text[]) AS k) AS s
     WHERE NOT pg_try_advisory_xact_lock(hashtextextended(k, 0))`,
    [keys]);
  return new Set(rows.map((r) => r.k));
}
