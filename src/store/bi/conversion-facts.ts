// What the conversion workers read besides the attribution: the model touchpoints (click IDs, Meta's cookies, ads
// consent) with their visit (IP, user agent), and each company's creator email.
import type { ConversionTouchpoint } from '../../destinations/conversions/types.js';
import type { Sql } from '../../ports/sql.js';
import { millis } from './sql-values.js';

export async function loadConversionTouchpoints(tx: Sql, ids: readonly string[]): Promise<Map<string, ConversionTouchpoint>> {
  if (ids.length === 0) return new Map();
  // A visit touchpoint is `visit:<event_id>` and its visit is keyed by that event_id (touchpointIdOf).
  const { rows } = await tx.query<{
    touchpoint_id: string; occurred_at: Date; click_ids: Record<string, string> | null; fbp: string | null;
    fbc: string | null; ads_consent: boolean | null; ip: string | null; user_agent: string | null;
  }>(
    `SELECT t.touchpoint_id, t.occurred_at, t.click_ids, t.fbp, t.fbc, t.ads_consent, v.ip, v.user_agent
     FROM bi.interaction_touchpoints t
     LEFT JOIN bi.visits v ON t.origin = 'visit' AND v.visit_id = substr(t.touchpoint_id, length('visit:') + 1)
     WHERE t.touchpoint_id = ANY($1::text[])`, [ids]);
  return new Map(rows.map((r) => [r.touchpoint_id, {
    touchpoint_id: r.touchpoint_id, occurred_at: millis(r.occurred_at), click_ids: r.click_ids ?? {}, fbp: r.fbp,
    fbc: r.fbc, ads_consent: r.ads_consent, ip: r.ip, user_agent: r.user_agent,
  }]));
}

/** The normalised email of each company's creator (from its earliest company_created), where one was given. */
export async function creatorEmails(tx: Sql, companyIds: readonly string[]): Promise<Map<string, string>> {
  if (companyIds.length === 0) return new Map();
  const { rows } = await tx.query<{ company_id: string; creator_email: string }>(
    `SELECT company_id, creator_email FROM bi.company_profile_meta_data
     WHERE company_id = ANY($1::text[]) AND creator_email IS NOT NULL`, [companyIds]);
  return new Map(rows.map((r) => [r.company_id, r.creator_email]));
}
