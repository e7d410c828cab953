// Assembling report rows from credited conversions and spend (CONTRACT section 10). Pure: the queries give sums per
// key, these give shares, cost per conversion and the order a reader expects.
import { channelPath } from '../attribution/channel-paths.js';
import { compareCodeUnits } from '../text-order.js';
import { median } from './median.js';

export interface AttributionRow { key: string; conversions: number; share: number; spend: number | null; cost_per_conversion: number | null }

/**
 * One row per key with conversions or spend: a key that cost money and converted nothing is the row a marketer
 * most needs to see. Shares are of all credited conversions (they sum to 1); cost per conversion is null without
 * conversions to divide by, and spend is null (not 0) where no spend was reported for the key.
 */
export function attributionRows(conversions: ReadonlyMap<string, number>, spend: ReadonlyMap<string, number>): AttributionRow[] {
  const total = [...conversions.values()].reduce((a, b) => a + b, 0);
  const keys = new Set([...conversions.keys(), ...spend.keys()]);
  return [...keys].map((key) => {
    const n = conversions.get(key) ?? 0;
    const cost = spend.get(key) ?? null;
    return { key, conversions: n, share: total > 0 ? n / total : 0, spend: cost, cost_per_conversion: cost !== null && n > 0 ? cost / n : null };
  }).sort((a, b) => b.conversions - a.conversions || (b.spend ?? 0) - (a.spend ?? 0) || compareCodeUnits(a.key, b.key));
}

export interface PathRow { path: string; conversions: number; median_touchpoints: number; median_days_to_convert: number }

const DAY_MS = 86_400_000;

/** The most frequent channel paths (repeats collapsed, CONTRACT section 9), with their medians; ties by path. */
export function topPaths(paths: ReadonlyArray<{ channels: readonly string[]; touchpoints: number; msToConvert: number }>, limit: number): PathRow[] {
  const byPath = new Map<string, { touchpoints: number[]; days: number[] }>();
  for (const p of paths) {
    const path = channelPath(p.channels).join(' > ');
    let group = byPath.get(path);
    if (!group) byPath.set(path, (group = { touchpoints: [], days: [] }));
    group.touchpoints.push(p.touchpoints);
    group.days.push(p.msToConvert / DAY_MS);
  }
  return [...byPath].map(([path, g]) => ({
    path, conversions: g.touchpoints.length, median_touchpoints: median(g.touchpoints)!, median_days_to_convert: median(g.days)!,
  })).sort((a, b) => b.conversions - a.conversions || compareCodeUnits(a.path, b.path)).slice(0, limit);
}
