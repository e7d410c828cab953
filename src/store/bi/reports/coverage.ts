// How many conversions the attribution reaches, per week of conversion (the seed's missing "attribution coverage"
// metric, CONTRACT section 10).
import type { Sql } from '../../../ports/sql.js';
import type { CreditEntity } from '../attribution-credits.js';
import { dayOf, inRange, rangeParams, weekOf } from './scope.js';
import { CONVERTED, type TimeRange } from '../paths.js';

export interface CoverageCounts {
  converted: number; attributed: number; no_touchpoints: number; all_after_conversion: number; direct_only: number;
  via_referral_chain: number;
}

export async function coverageByWeek(sql: Sql, entity: CreditEntity, range: TimeRange): Promise<Array<CoverageCounts & { week: string }>> {
  const e = CONVERTED[entity];
  // Only companies have a referral chain: a referred company without touchpoints takes its referrer's original source.
  const viaReferral = entity === 'companies' ? 'count(*) FILTER (WHERE a.touchpoint_id IS NULL AND a.original_source_touchpoint_id IS NOT NULL)' : '0';
  const { rows } = await sql.query<CoverageCounts & { week: string }>(
    `SELECT ${dayOf('s.w')} AS week, s.* FROM (
     SELECT ${weekOf('a.converted_at')} AS w, count(*)::int AS converted,
            count(*) FILTER (WHERE a.touchpoint_id IS NOT NULL)::int AS attributed,
            count(*) FILTER (WHERE a.unattributed_reason = 'no_touchpoints')::int AS no_touchpoints,
            count(*) FILTER (WHERE a.unattributed_reason = 'all_after_conversion')::int AS all_after_conversion,
            count(*) FILTER (WHERE a.channel = 'direct')::int AS direct_only,
            (${viaReferral})::int AS via_referral_chain
     FROM ${e.models} a WHERE ${inRange('a.converted_at')} GROUP BY 1) AS s ORDER BY s.w`, rangeParams(range));
  return rows;
}
