// Per-entity locks for attribution: two processes recomputing the same company at once would each read, compute and
// write, and the later write could carry the earlier read. A transaction-scoped advisory lock per entity makes them
// take turns. Always free on PGlite (one connection).
import type { IdentityNode } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import { nodesNearSql } from './identity-links.js';

/** Entity nodes to find and lock in the same statement: those of `kind` within `maxHops` of `nodes`. */
export interface NodesNear { nodes: readonly IdentityNode[]; maxHops: number; kind: string }

/**
 * Takes the locks of `keys`, and of the entity nodes `near` finds, in one round trip: with `waitMs` > 0 waiting up
 * to that long, in one global order, for those another transaction holds; with 0 only those that are free
 * (migration 007). Returns every key it locked, and those still held elsewhere. What the caller reads next, in
 * statements of its own, sees what the previous holders committed.
 */
export async function lockEntities(tx: Sql, keys: readonly string[], waitMs: number, near?: NodesNear): Promise<{ held: string[]; busy: string[] }> {
  if (keys.length === 0 && (near === undefined || near.nodes.length === 0)) return { held: [], busy: [] };
  // A CTE calling a volatile function runs once, before the rows that join it are read.
  const { rows } = await tx.query<{ k: string; busy: boolean }>(
    `WITH wanted AS (SELECT unnest($1::text[]) AS k UNION ${nodesNearSql('$3', '$4', '$5')}),
          busy AS (SELECT k FROM bi.lock_entities(ARRAY(SELECT k FROM wanted), $2::int) AS k)
     SELECT w.k, b.k IS NOT NULL AS busy FROM wanted w LEFT JOIN busy b ON b.k = w.k ORDER BY w.k`,
    [keys, waitMs, [...new Set(near?.nodes ?? [])], Math.max(0, near?.maxHops ?? 0), near ? [near.kind] : []]);
  const held: string[] = [], busy: string[] = [];
  for (const r of rows) (r.busy ? busy : held).push(r.k);
  return { held, busy };
}
