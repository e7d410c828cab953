// bi.hubspot_sync: which HubSpot records need syncing, and how their last sync went. Workers request (inside their
// transaction); the deliverer reads what is due and settles rows (outside any transaction, one statement each).
import type { Millis } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import { iso } from '../../store/bi/sql-values.js';
import type { HubspotObjectType } from './properties.js';
import { compareCodeUnits } from '../../core/text-order.js';

/**
 * Marks records as needing a sync. A record already pending stays one pending row (a burst coalesces) and keeps any
 * retry wait it is under; `version` moves, so a send that read the previous state does not settle the row.
 */
export async function requestSync(tx: Sql, objectType: HubspotObjectType, entityIds: Iterable<string>): Promise<void> {
  // One row per id: an INSERT ... ON CONFLICT may not touch a row twice.
  const ids = [...new Set(entityIds)];
  if (ids.length === 0) return;
  await tx.query(
    `INSERT INTO bi.hubspot_sync AS s (object_type, entity_id, status)
     SELECT $1, id, 'pending' FROM unnest($2::text[]) AS id
     ON CONFLICT (object_type, entity_id) DO UPDATE SET
       version = s.version + 1,
       requested_at = now(),
       updated_at = now(),
       attempts = CASE WHEN s.status = 'pending' THEN s.attempts ELSE 0 END,
       next_attempt_at = CASE WHEN s.status = 'pending' THEN s.next_attempt_at ELSE NULL END,
       status = 'pending'`,
    [objectType, ids]);
}

export interface DueRow { entity_id: string; version: number; attempts: number; synced_hash: string | null }

/** Rows a deliverer takes: pending ones, and (when live) rows a dry run left, since a rehearsal must not stand in for the real send. */
export const claimableStatuses = (dryRun: boolean): string[] => (dryRun ? ['pending'] : ['pending', 'dry_run']);

/**
 * Takes up to `limit` rows due at `now` and leases them until `leaseUntil`: another deliverer (another process on
 * the same PostgreSQL) passes over them meanwhile, and a crash mid-send only delays them until the lease ends.
 * One statement: no transaction is held while sending.
 */
export async function claimDueRows(sql: Sql, objectType: HubspotObjectType, statuses: readonly string[], now: Millis,
  leaseUntil: Millis, limit: number): Promise<DueRow[]> {
  const { rows } = await sql.query<{ entity_id: string; version: string | number; attempts: number; synced_hash: string | null }>(
    // MATERIALIZED: the chosen rows are taken once. Joined directly, the locking subquery may be scanned again per
    // row of the join, each scan skipping the rows just taken and taking more: far more than `limit` in all.
    `WITH due AS MATERIALIZED (
       SELECT entity_id FROM bi.hubspot_sync
       WHERE object_type = $1 AND status = ANY($2::text[]) AND (next_attempt_at IS NULL OR next_attempt_at <= $3)
       ORDER BY entity_id COLLATE "C" LIMIT $5
       FOR UPDATE SKIP LOCKED)
     UPDATE bi.hubspot_sync AS s SET next_attempt_at = $4, status = 'pending'
     FROM due
     WHERE s.object_type = $1 AND s.entity_id = due.entity_id
     RETURNING s.entity_id, s.version, s.attempts, s.synced_hash`,
    [objectType, statuses, iso(now), iso(leaseUntil), Math.max(1, Math.floor(limit))]);
  return rows
    .map((r) => ({ entity_id: r.entity_id, version: Number(r.version), attempts: r.attempts, synced_hash: r.synced_hash }))
    .sort((a, b) => compareCodeUnits(a.entity_id, b.entity_id));
}

/** Gives back the rows of a lease that are still untouched (the rate-limit gate closed before they were sent). */
export async function releaseLease(sql: Sql, objectType: HubspotObjectType, entityIds: readonly string[], leaseUntil: Millis,
  dueAt: Millis | null): Promise<void> {
  if (entityIds.length === 0) return;
  await sql.query(
    `UPDATE bi.hubspot_sync SET next_attempt_at = $4
     WHERE object_type = $1 AND entity_id = ANY($2::text[]) AND status = 'pending' AND next_attempt_at = $3`,
    [objectType, entityIds, iso(leaseUntil), dueAt === null ? null : iso(dueAt)]);
}

export type Outcome =
  /** HubSpot has these values now (sent, or already there). */
  | { status: 'synced'; hash: string; hubspot_id: string | null; payload: unknown }
  /** `gone`: the HubSpot record no longer exists, so what it last accepted says nothing about the next one. */
  | { status: 'skipped' | 'failed'; reason: string; hubspot_id?: string | null; gone?: boolean }
  | { status: 'dry_run'; payload: unknown };

export interface Settlement { row: DueRow; outcome: Outcome }

/**
 * Records how rows ended. A row whose version moved since it was read goes back to pending, due at once: it was
 * asked for again while this round was sending, and the next round sends the state stored by then.
 */
export async function settle(sql: Sql, objectType: HubspotObjectType, settlements: readonly Settlement[]): Promise<void> {
  if (settlements.length === 0) return;
  const pick = <T>(f: (s: Settlement) => T) => settlements.map(f);
  await sql.query(
    `UPDATE bi.hubspot_sync AS s SET
       status = CASE WHEN s.version = u.version THEN u.status ELSE 'pending' END,
       attempts = 0,
       next_attempt_at = NULL,
       synced_hash = CASE WHEN u.status = 'synced' THEN u.hash WHEN u.gone THEN NULL ELSE s.synced_hash END,
       synced_at = CASE WHEN u.status = 'synced' THEN now() ELSE s.synced_at END,
       hubspot_id = COALESCE(u.hubspot_id, s.hubspot_id),
       payload = COALESCE(u.payload, s.payload),
       last_error = u.reason,
       updated_at = now()
     FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::text[], $9::boolean[])
       AS u(entity_id, version, status, hash, hubspot_id, payload, reason, gone)
     WHERE s.object_type = $1 AND s.entity_id = u.entity_id`,
    [objectType, pick((s) => s.row.entity_id), pick((s) => s.row.version), pick((s) => s.outcome.status),
      pick((s) => (s.outcome.status === 'synced' ? s.outcome.hash : null)),
      pick((s) => ('hubspot_id' in s.outcome ? s.outcome.hubspot_id ?? null : null)),
      pick((s) => ('payload' in s.outcome ? JSON.stringify(s.outcome.payload) : null)),
      pick((s) => ('reason' in s.outcome ? s.outcome.reason : null)),
      pick((s) => ('gone' in s.outcome && s.outcome.gone === true))]);
}

/** Rows that hit a retryable error: one attempt more, and not before `at`. */
export async function retryLater(sql: Sql, objectType: HubspotObjectType, rows: readonly { row: DueRow; at: Millis }[], reason: string): Promise<void> {
  if (rows.length === 0) return;
  await sql.query(
    `UPDATE bi.hubspot_sync AS s SET attempts = s.attempts + 1, next_attempt_at = u.at, last_error = $4, updated_at = now()
     FROM unnest($2::text[], $3::timestamptz[]) AS u(entity_id, at)
     WHERE s.object_type = $1 AND s.entity_id = u.entity_id AND s.status = 'pending'`,
    [objectType, rows.map((r) => r.row.entity_id), rows.map((r) => iso(r.at)), reason]);
}

export interface PendingSummary { pending: number; next_attempt_at: Millis | null }

/** How many rows wait, and when the earliest is due (a row with no wait is due `now`). */
export async function pendingSummary(sql: Sql, statuses: readonly string[], now: Millis): Promise<PendingSummary> {
  const { rows } = await sql.query<{ pending: string | number; next: Date | null }>(
    `SELECT count(*) AS pending, min(COALESCE(next_attempt_at, $2::timestamptz)) AS next
     FROM bi.hubspot_sync WHERE status = ANY($1::text[])`, [statuses, iso(now)]);
  const r = rows[0];
  const pending = Number(r?.pending ?? 0);
  return { pending, next_attempt_at: pending === 0 || !r?.next ? null : Math.max(now, r.next.getTime()) };
}
