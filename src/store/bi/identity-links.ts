// bi.identity_links: the identity graph. Walks run in the database (migration 005), for every start of a batch at once.
import type { IdentityNode, Millis } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import { iso, type ArrayParams } from './sql-values.js';
import { compareCodeUnits } from '../../core/text-order.js';

export interface Link { a: IdentityNode; b: IdentityNode; at: Millis }

/** The upsert of `links` (both directions, earliest first_seen_at wins), as a clause of `writeAll`; null when none. */
export function linksUpsert(p: ArrayParams, links: readonly Link[]): string | null {
  // Both directions, de-duplicated first: one INSERT may not touch the same row twice.
  const earliest = new Map<string, Link>();
  for (const l of links) {
    for (const [a, b] of [[l.a, l.b], [l.b, l.a]] as const) {
      const key = `${a}\u0000${b}`;
      const seen = earliest.get(key);
      if (!seen || l.at < seen.at) earliest.set(key, { a, b, at: l.at });
    }
  }
  if (earliest.size === 0) return null;
  // Key order: concurrent upserts of overlapping links then lock rows in the same order and cannot deadlock.
  const rows = [...earliest.values()].sort((x, y) => compareCodeUnits(x.a, y.a) || compareCodeUnits(x.b, y.b));
  // Most links of a batch are already known, at an earlier time. They are skipped by a plain read, because an
  // upsert locks every conflicting row until commit even when it changes nothing, and then every worker that sees
  // the same link waits for the others. Skipping on a snapshot is safe: first_seen_at only ever moves earlier.
  return `INSERT INTO bi.identity_links (a, b, first_seen_at)
     SELECT p.a, p.b, p.at
     FROM unnest(${p.add('text', rows.map((r) => r.a))}, ${p.add('text', rows.map((r) => r.b))},
       ${p.add('timestamptz', rows.map((r) => iso(r.at)))}) WITH ORDINALITY AS p(a, b, at, n)
     LEFT JOIN bi.identity_links l ON l.a = p.a AND l.b = p.b
     WHERE l.a IS NULL OR p.at < l.first_seen_at
     ORDER BY p.n
     ON CONFLICT (a, b) DO UPDATE SET first_seen_at = EXCLUDED.first_seen_at
       WHERE EXCLUDED.first_seen_at < bi.identity_links.first_seen_at`;
}

export type Adjacency = Map<IdentityNode, IdentityNode[]>;

/**
 * SQL selecting (as column n, distinct) the nodes of the kinds `kinds` within `hops` of `starts` (the starts
 * included); the arguments are parameter references ($1...). Reduced in the database: a batch's neighbourhood is
 * hundreds of links, the entities in it a few dozen.
 */
export const nodesNearSql = (starts: string, hops: string, kinds: string): string =>
  `SELECT DISTINCT n FROM (SELECT unnest(${starts}::text[]) AS n UNION ALL SELECT b FROM bi.identity_neighbourhood(${starts}::text[], ${hops}::int)) AS reached
     WHERE split_part(n, ':', 1) = ANY(${kinds}::text[])`;

/** The nodes of the given kinds within `maxHops` of any start (the starts included). */
export async function nodesNear(tx: Sql, starts: readonly IdentityNode[], maxHops: number, kinds: readonly string[]): Promise<IdentityNode[]> {
  if (starts.length === 0) return [];
  const { rows } = await tx.query<{ n: IdentityNode }>(`${nodesNearSql('$1', '$2', '$3')} ORDER BY n`,
    [[...new Set(starts)], Math.max(0, maxHops), kinds]);
  return rows.map((r) => r.n);
}
