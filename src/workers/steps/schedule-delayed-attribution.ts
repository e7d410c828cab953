// The delayed re-attribution of the flow document (DELAY_IN_MINUTES = 30, SHORT_DELAY_IN_MINUTES = 6), coalesced per
// entity: one pending row per company or contact, so a burst of changes fires one re-check. When requests with
// different delays meet, the earlier time is kept: the shorter promise (6 minutes after a mobile event) holds.
import type { Millis } from '../../core/types.js';
import type { OutgoingMessage } from '../../ports/bus.js';
import type { Sql } from '../../ports/sql.js';
import { iso, millis } from '../../store/bi/sql-values.js';
import { triggerAttribution } from './trigger-attribution.js';
import { compareCodeUnits } from '../../core/text-order.js';

export const DELAY_MS = 30 * 60_000;
export const SHORT_DELAY_MS = 6 * 60_000;

export interface EntityRef { kind: 'company' | 'contact'; id: string }

export async function scheduleDelayedAttribution(tx: Sql, entities: readonly EntityRef[], dueAt: Millis): Promise<void> {
  if (entities.length === 0) return;
  // Key order, so concurrent upserts cannot deadlock.
  const unique = [...new Map(entities.map((e) => [`${e.kind}\u0000${e.id}`, e]))].sort(([a], [b]) => compareCodeUnits(a, b)).map(([, e]) => e);
  // An entity already due as early is left alone, without the row lock an upsert would hold until commit.
  await tx.query(
    `INSERT INTO bi.attribution_schedule AS s (entity_kind, entity_id, due_at)
     SELECT u.k, u.i, $3::timestamptz FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(k, i, n)
     LEFT JOIN bi.attribution_schedule o ON o.entity_kind = u.k AND o.entity_id = u.i
     WHERE o.entity_id IS NULL OR $3::timestamptz < o.due_at
     ORDER BY u.n
     ON CONFLICT (entity_kind, entity_id) DO UPDATE SET due_at = LEAST(s.due_at, EXCLUDED.due_at)`,
    [unique.map((e) => e.kind), unique.map((e) => e.id), iso(dueAt)]);
}

/**
 * Claims the triggers due at `now` (all of them when `now` is Infinity) and publishes them, in one transaction.
 * `SKIP LOCKED` lets any number of processes fire triggers without firing one twice.
 */
export async function fireDueTriggers(
  transaction: <T>(work: (tx: Sql, publish: (m: OutgoingMessage) => void) => Promise<T>) => Promise<T>, now: Millis, limit = 5000,
): Promise<number> {
  return transaction(async (tx, publish) => {
    const { rows } = await tx.query<{ entity_kind: 'company' | 'contact'; entity_id: string; due_at: Date }>(
      `DELETE FROM bi.attribution_schedule WHERE (entity_kind, entity_id) IN (
         SELECT entity_kind, entity_id FROM bi.attribution_schedule
         WHERE $1::timestamptz IS NULL OR due_at <= $1::timestamptz
         ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING entity_kind, entity_id, due_at`,
      [Number.isFinite(now) ? iso(now) : null, limit]);
    for (const r of rows) triggerAttribution([{ kind: r.entity_kind, id: r.entity_id }], publish, millis(r.due_at));
    return rows.length;
  });
}

