// Ad spend per key over the days of the range (bi.ad_spend, CONTRACT section 10).
import type { Sql } from '../../../ports/sql.js';
import { daysInRange, keySql, rangeParams, type ReportKey } from './scope.js';
import type { TimeRange } from '../paths.js';

export async function spendByKey(sql: Sql, range: TimeRange, by: ReportKey): Promise<Map<string, number>> {
  const { rows } = await sql.query<{ key: string; spend: number }>(
    `SELECT ${keySql(by, 's')} AS key, sum(s.cost)::float8 AS spend FROM bi.ad_spend s
     WHERE ${daysInRange('s.spend_date')} GROUP BY 1`, rangeParams(range));
  return new Map(rows.map((r) => [r.key, Number(r.spend)]));
}
