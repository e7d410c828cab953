// Per-entity locks for attribution: two processes recomputing the same company at once would each read, compute and
// write, and the later write could carry the earlier read. A transaction-scoped advisory lock per entity, taken in
// a fixed order (no deadlock between two batches), makes them take turns. Free on PGlite (one connection).
import type { Sql } from '../../ports/sql.js';

export async function lockEntities(tx: Sql, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.query(
    `SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY h) AS s`,
    [keys]);
}
