// bi.conversion_uploads: what each ad platform was (or will be) sent for each company, with its answer.
import type { ConversionPlatform, PlannedUpload, UploadRow, UploadStatus } from '../../destinations/conversions/types.js';
import type { Millis } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import { iso, isoOrNull, millisOrNull } from './sql-values.js';
import { compareCodeUnits } from '../../core/text-order.js';

/** Companies among `ids` whose upload is decided for good (anything but skipped): nothing more is planned for them. */
export async function companiesWithUpload(tx: Sql, platform: ConversionPlatform, action: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await tx.query<{ company_id: string }>(
    `SELECT company_id FROM bi.conversion_uploads
     WHERE platform = $1 AND conversion_action = $2 AND company_id = ANY($3::text[]) AND status <> 'skipped'`,
    [platform, action, ids]);
  return new Set(rows.map((r) => r.company_id));
}

/**
 * Records the workers' decisions. A row already there stays as it is — that is what sends an upload at most once —
 * except a skipped one: nothing was sent for it, so a later attribution (late data bringing a click) may replace it.
 */
export async function recordPlannedUploads(tx: Sql, uploads: readonly PlannedUpload[]): Promise<void> {
  if (uploads.length === 0) return;
  const col = <T>(f: (u: PlannedUpload) => T) => uploads.map(f);
  await tx.query(
    `INSERT INTO bi.conversion_uploads AS c (platform, company_id, conversion_action, status, reason, request,
       touchpoint_id, click_at, converted_at)
     SELECT u.platform, u.company_id, u.action, u.status, u.reason, u.request::jsonb, u.tp, u.click_at, u.converted_at
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[],
       $9::timestamptz[]) AS u(platform, company_id, action, status, reason, request, tp, click_at, converted_at)
     ON CONFLICT (platform, company_id, conversion_action) DO UPDATE SET
       status = EXCLUDED.status, reason = EXCLUDED.reason, request = EXCLUDED.request,
       touchpoint_id = EXCLUDED.touchpoint_id, click_at = EXCLUDED.click_at, converted_at = EXCLUDED.converted_at
     WHERE c.status = 'skipped'`,
    [col((u) => u.platform), col((u) => u.company_id), col((u) => u.conversion_action), col((u) => u.status),
      col((u) => u.reason), col((u) => (u.request === null ? null : JSON.stringify(u.request))), col((u) => u.touchpoint_id),
      col((u) => isoOrNull(u.click_at)), col((u) => iso(u.converted_at))]);
}

/**
 * Takes up to `limit` rows due at `now` and leases them until `leaseUntil`: another deliverer (another process)
 * passes over them meanwhile, and a crash mid-send only delays them until the lease ends. One statement, no
 * transaction held while sending.
 */
export async function claimDueUploads(sql: Sql, platform: ConversionPlatform, statuses: readonly UploadStatus[], now: Millis,
  leaseUntil: Millis, limit: number): Promise<UploadRow[]> {
  const { rows } = await sql.query<{
    company_id: string; conversion_action: string; request: unknown; attempts: number; click_at: Date | null;
    converted_at: Date | null; created_at: Date;
  }>(
    // MATERIALIZED: a plain sub-select in UPDATE ... FROM may be re-run per joined row and claim more than $5.
    `WITH due AS MATERIALIZED (
       SELECT company_id, conversion_action FROM bi.conversion_uploads
       WHERE platform = $1 AND status = ANY($2::text[]) AND (next_attempt_at IS NULL OR next_attempt_at <= $3)
       ORDER BY created_at, company_id LIMIT $5
       FOR UPDATE SKIP LOCKED)
     UPDATE bi.conversion_uploads u SET next_attempt_at = $4
     FROM due
     WHERE u.platform = $1 AND u.company_id = due.company_id AND u.conversion_action = due.conversion_action
     RETURNING u.company_id, u.conversion_action, u.request, u.attempts, u.click_at, u.converted_at, u.created_at`,
    [platform, statuses, iso(now), iso(leaseUntil), limit]);
  return rows
    .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || compareCodeUnits(a.company_id, b.company_id))
    .map((r) => ({ company_id: r.company_id, conversion_action: r.conversion_action, request: r.request, attempts: r.attempts,
      click_at: millisOrNull(r.click_at), converted_at: millisOrNull(r.converted_at) }));
}

export interface UploadResult {
  company_id: string;
  conversion_action: string;
  status: UploadStatus;
  reason: string | null;
  response: unknown;
  attempts: number;
  next_attempt_at: Millis | null;
  sent_at: Millis | null;
}

export async function recordUploadResults(sql: Sql, platform: ConversionPlatform, results: readonly UploadResult[]): Promise<void> {
  if (results.length === 0) return;
  const col = <T>(f: (r: UploadResult) => T) => results.map(f);
  await sql.query(
    `UPDATE bi.conversion_uploads c SET status = r.status, reason = r.reason, response = r.response::jsonb,
       attempts = r.attempts, next_attempt_at = r.next_attempt_at, sent_at = COALESCE(r.sent_at, c.sent_at)
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::timestamptz[], $9::timestamptz[])
       AS r(company_id, action, status, reason, response, attempts, next_attempt_at, sent_at)
     WHERE c.platform = $1 AND c.company_id = r.company_id AND c.conversion_action = r.action`,
    [platform, col((r) => r.company_id), col((r) => r.conversion_action), col((r) => r.status), col((r) => r.reason),
      col((r) => (r.response === undefined || r.response === null ? null : JSON.stringify(r.response))), col((r) => r.attempts),
      col((r) => isoOrNull(r.next_attempt_at)), col((r) => isoOrNull(r.sent_at))]);
}

/** How many rows still wait to be sent, and when the earliest may go (now, for a row never tried). */
export async function waitingUploads(sql: Sql, platform: ConversionPlatform, statuses: readonly UploadStatus[], now: Millis): Promise<{ count: number; next: Millis | null }> {
  const { rows } = await sql.query<{ count: string | number; next: Date | null }>(
    `SELECT count(*) AS count, min(COALESCE(next_attempt_at, $3)) AS next FROM bi.conversion_uploads
     WHERE platform = $1 AND status = ANY($2::text[])`, [platform, statuses, iso(now)]);
  const row = rows[0];
  return { count: Number(row?.count ?? 0), next: millisOrNull(row?.next ?? null) };
}

export interface UploadTally { platform: string; status: UploadStatus; reason: string | null; count: number }

/** Rows per platform, status and reason: what `tributary conversions status` shows. */
export async function tallyUploads(sql: Sql): Promise<UploadTally[]> {
  const { rows } = await sql.query<{ platform: string; status: UploadStatus; reason: string | null; count: string | number }>(
    `SELECT platform, status, reason, count(*) AS count FROM bi.conversion_uploads
     GROUP BY platform, status, reason ORDER BY platform, status, count(*) DESC, reason`);
  return rows.map((r) => ({ platform: r.platform, status: r.status, reason: r.reason, count: Number(r.count) }));
}
