// Conversions credited per key (and per week of conversion): the sums of the stored per-touchpoint credits of the
// entities converted in the range, for the attribution, comparison and trend reports.
import type { CreditModel } from '../../../core/attribution/credits.js';
import type { Sql } from '../../../ports/sql.js';
import type { CreditEntity } from '../attribution-credits.js';
import { dayOf, inRange, keySql, rangeParams, weekOf, type ReportKey } from './scope.js';
import { CONVERTED, type TimeRange } from '../paths.js';

export interface CreditSum { week: string | null; key: string; conversions: Partial<Record<CreditModel, number>> }

export async function creditSums(sql: Sql, q: { entity: CreditEntity; range: TimeRange; by: ReportKey; models: readonly CreditModel[]; weekly: boolean }): Promise<CreditSum[]> {
  const e = CONVERTED[q.entity];
  // Grouped by the week's start and formatted once per group: formatting every row is slow.
  const { rows } = await sql.query<Record<string, unknown>>(
    `SELECT ${dayOf('s.w')} AS week, s.* FROM (
       SELECT ${q.weekly ? weekOf('a.converted_at') : 'NULL::date'} AS w, ${keySql(q.by, 't')} AS key,
              ${q.models.map((m) => `sum(i.credit_${m})::float8 AS ${m}`).join(', ')}
       FROM ${e.interactions} i
       JOIN ${e.models} a ON a.${e.key} = i.${e.key}
       JOIN bi.interaction_touchpoints t ON t.touchpoint_id = i.touchpoint_id
       WHERE COALESCE(${q.models.map((m) => `i.credit_${m}`).join(', ')}) IS NOT NULL AND ${inRange('a.converted_at')}
       GROUP BY 1, 2) AS s`, rangeParams(q.range));
  return rows.map((r) => ({
    week: r.week as string | null, key: r.key as string,
    conversions: Object.fromEntries(q.models.map((m) => [m, r[m] === null ? 0 : Number(r[m])])),
  }));
}
