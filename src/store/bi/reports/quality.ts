// The data-quality report's reads (CONTRACT section 10). Each section is bounded by the time that matters to it:
// arrival for events taken in, the session's time for bots, the touchpoint's time for tagging problems, the
// conversion for companies no identity reaches.
import type { Sql } from '../../../ports/sql.js';
import { dateOf, dayOf, inRange, rangeParams } from './scope.js';
import type { TimeRange } from '../paths.js';

export interface IntakeDay { day: string; accepted: number; duplicate: number; rejected: number }
export interface Rejections { day: string; reason: string; count: number }
export interface BotDay { day: string; sessions: number; bot_sessions: number }
export interface PairCount { source: string; medium: string; touchpoints: number }

export async function intakeByDay(sql: Sql, range: TimeRange): Promise<IntakeDay[]> {
  const { rows } = await sql.query<IntakeDay>(
    `SELECT ${dayOf('d')} AS day, sum(accepted)::int AS accepted, sum(duplicate)::int AS duplicate, sum(rejected)::int AS rejected FROM (
       SELECT ${dateOf('received_at')} AS d, accepted, duplicate, 0 AS rejected FROM bi.intake_batches WHERE ${inRange('received_at')}
       UNION ALL
       SELECT ${dateOf('received_at')}, 0, 0, 1 FROM bi.rejected_events WHERE ${inRange('received_at')}
     ) AS b GROUP BY d ORDER BY d`, rangeParams(range));
  return rows;
}

export async function rejectionsByDay(sql: Sql, range: TimeRange): Promise<Rejections[]> {
  const { rows } = await sql.query<Rejections>(
    `SELECT ${dayOf('d')} AS day, reason, count(*)::int AS count
     FROM (SELECT ${dateOf('received_at')} AS d, reason FROM bi.rejected_events WHERE ${inRange('received_at')}) AS r
     GROUP BY d, reason ORDER BY d, count(*) DESC, reason COLLATE "C"`, rangeParams(range));
  return rows;
}

export async function botsByDay(sql: Sql, range: TimeRange): Promise<BotDay[]> {
  const { rows } = await sql.query<BotDay>(
    `SELECT ${dayOf('d')} AS day, count(*)::int AS sessions, count(*) FILTER (WHERE is_bot)::int AS bot_sessions
     FROM (SELECT ${dateOf('occurred_at')} AS d, is_bot FROM bi.visits WHERE ${inRange('occurred_at')}) AS v
     GROUP BY d ORDER BY d`, rangeParams(range));
  return rows;
}

export interface TaggingCount { channel: string; source: string; medium: string; click_id_type: string | null; no_campaign: boolean; touchpoints: number }

/**
 * Touchpoint counts per (channel, source, medium, click ID type, campaign missing), for the three tagging checks
 * (unassigned, click IDs against UTMs, paid without campaign) in one pass over the touchpoints: only rows one of
 * them could list are grouped.
 */
export async function taggingCounts(sql: Sql, range: TimeRange, paidChannels: readonly string[]): Promise<TaggingCount[]> {
  const { rows } = await sql.query<TaggingCount>(
    `SELECT channel, source, medium, click_id_type, campaign IS NULL AS no_campaign, count(*)::int AS touchpoints
     FROM bi.interaction_touchpoints
     WHERE (channel = 'unassigned' OR click_id_type IS NOT NULL OR (campaign IS NULL AND channel = ANY($3::text[])))
       AND ${inRange('occurred_at')}
     GROUP BY 1, 2, 3, 4, 5`, [...rangeParams(range), paidChannels]);
  return rows;
}

/** Converted companies whose identities reach no touchpoint at all: how many, and the first few ids. */
export async function unreachedCompanies(sql: Sql, range: TimeRange, examples: number): Promise<{ count: number; examples: string[] }> {
  const where = `unattributed_reason = 'no_touchpoints' AND ${inRange('converted_at')}`;
  const count = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM bi.company_profile_attribution WHERE ${where}`, rangeParams(range));
  const ids = await sql.query<{ company_id: string }>(
    `SELECT company_id FROM bi.company_profile_attribution WHERE ${where} ORDER BY company_id COLLATE "C" LIMIT $3`, [...rangeParams(range), examples]);
  return { count: count.rows[0]!.n, examples: ids.rows.map((r) => r.company_id) };
}
