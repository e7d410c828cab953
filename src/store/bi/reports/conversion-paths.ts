// Each converted entity's path (CONTRACT section 9: its credited touchpoints in attribution order) as channels,
// with its length and the time from its first touchpoint to the conversion, for the paths report.
import type { Sql } from '../../../ports/sql.js';
import type { CreditEntity } from '../attribution-credits.js';
import { inRange, rangeParams } from './scope.js';
import { CONVERTED, type TimeRange } from '../paths.js';

export interface ConversionPath { channels: string[]; touchpoints: number; msToConvert: number }

export async function conversionPaths(sql: Sql, entity: CreditEntity, range: TimeRange): Promise<ConversionPath[]> {
  const e = CONVERTED[entity];
  // Channels are words of CHANNELS (no spaces): one string per path reads back much faster than an array.
  const { rows } = await sql.query<{ channels: string; touchpoints: number; ms: number }>(
    `SELECT string_agg(i.channel, ' ' ORDER BY i.occurred_at, i.touchpoint_id COLLATE "C") AS channels, count(*)::int AS touchpoints,
            (extract(epoch FROM a.converted_at - min(i.occurred_at)) * 1000)::float8 AS ms
     FROM ${e.interactions} i JOIN ${e.models} a ON a.${e.key} = i.${e.key}
     WHERE i.credit_linear IS NOT NULL AND ${inRange('a.converted_at')}
     GROUP BY i.${e.key}, a.converted_at`, rangeParams(range));
  return rows.map((r) => ({ channels: r.channels.split(' '), touchpoints: r.touchpoints, msToConvert: Number(r.ms) }));
}
