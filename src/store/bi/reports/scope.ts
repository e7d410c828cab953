// What every report query shares (CONTRACT section 10): which tables hold an entity kind's credits and results,
// the SQL of each grouping key, and the conversion-time range. Identifiers in report SQL come only from these
// tables of fixed text, picked by a parsed enum; every value from a request is a bind parameter.
import type { TimeRange } from '../paths.js';

export const REPORT_KEYS = ['channel', 'source', 'medium', 'campaign', 'source_medium'] as const;
export type ReportKey = (typeof REPORT_KEYS)[number];

/** A grouping key over a table with channel, source, medium and campaign columns (touchpoints, spend). */
export function keySql(key: ReportKey, alias: string): string {
  switch (key) {
    case 'channel': return `${alias}.channel`;
    case 'source': return `${alias}.source`;
    case 'medium': return `${alias}.medium`;
    case 'campaign': return `COALESCE(${alias}.campaign, '(not set)')`;
    case 'source_medium': return `${alias}.source || ' / ' || ${alias}.medium`;
  }
}

/** The range's bounds (epoch ms, from inclusive, to exclusive, null open) are always bound as $1 and $2. */
export const rangeParams = (range: TimeRange) => [range.from, range.to];

/** `column` within the range of parameters $1 (from) and $2 (to). */
export const inRange = (column: string) =>
  `($1::float8 IS NULL OR ${column} >= to_timestamp($1::float8 / 1000)) AND ($2::float8 IS NULL OR ${column} < to_timestamp($2::float8 / 1000))`;

/** A day column within the range: the days the bounds fall on, from inclusive, to exclusive. */
export const daysInRange = (column: string) =>
  `($1::float8 IS NULL OR ${column} >= (to_timestamp($1::float8 / 1000) AT TIME ZONE 'UTC')::date)
   AND ($2::float8 IS NULL OR ${column} < (to_timestamp($2::float8 / 1000) AT TIME ZONE 'UTC')::date)`;

/** The UTC date of a timestamptz: group by this, then format the groups with dayOf (formatting every row is slow). */
export const dateOf = (column: string) => `(${column} AT TIME ZONE 'UTC')::date`;
/** A date as YYYY-MM-DD. */
export const dayOf = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
/** The Monday (UTC) of the ISO week of a timestamptz, as a date: group by this, then format with dayOf. */
export const weekOf = (column: string) => `date_trunc('week', ${column} AT TIME ZONE 'UTC')::date`;
