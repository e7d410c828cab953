// The `shapley` channel model of CONTRACT section 9: the simplified Shapley value of Zhao, Mahboobi, Bagheri,
// "Shapley Value Methods for Attribution Modeling in Online Advertising" (2018, arXiv:1804.05327), section 3.
// With R(S) the conversions (or value) of the converting paths whose set of distinct channels is exactly S, channel
// x gets sum over S containing x of R(S) / |S|: each converting path's result shared equally by its distinct
// channels. Non-converting paths add nothing (R counts conversions), and no coalition is simulated or sampled.
import type { PathRecord } from './channel-paths.js';

export function shapley(paths: readonly PathRecord[]): Array<{ channel: string; conversions: number; value: number }> {
  const totals = new Map<string, { conversions: number; value: number }>();
  for (const p of paths) {
    const coalition = new Set(p.channels);
    for (const c of coalition) {
      const t = totals.get(c) ?? { conversions: 0, value: 0 };
      t.conversions += p.conversions / coalition.size;
      t.value += p.value / coalition.size;
      totals.set(c, t);
    }
  }
  return [...totals].map(([channel, t]) => ({ channel, ...t }));
}
