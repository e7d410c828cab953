// Channel-level results of every model over path-level data (CONTRACT section 9, `tributary models paths`).
import { ChannelTotals, type ChannelCredit, type PathRecord } from './channel-paths.js';
import { markov } from './markov.js';
import { shapley } from './shapley.js';
import { linearWeights, positionBasedWeights } from './weights.js';

/**
 * first_touch, last_touch, linear and position_based over paths whose listed channels are one touchpoint each (the
 * path-level data of a file: no times, so no time_decay or first_touch_28d), weighted by each path's conversions.
 */
export function addRuleBased(totals: ChannelTotals, paths: readonly PathRecord[]): void {
  for (const p of paths) {
    const n = p.channels.length;
    if (n === 0 || (p.conversions === 0 && p.value === 0)) continue;
    totals.add('first_touch', p.channels[0]!, p.conversions, p.value);
    totals.add('last_touch', p.channels[n - 1]!, p.conversions, p.value);
    const linear = linearWeights(n), position = positionBasedWeights(n);
    p.channels.forEach((c, i) => {
      totals.add('linear', c, p.conversions * linear[i]!, p.value * linear[i]!);
      totals.add('position_based', c, p.conversions * position[i]!, p.value * position[i]!);
    });
  }
}

/** markov and shapley over converting and non-converting paths; every channel named anywhere gets a row. */
export function addDataDriven(totals: ChannelTotals, paths: readonly PathRecord[]): void {
  for (const c of markov(paths).channels) totals.add('markov', c.channel, c.conversions, c.value);
  for (const c of shapley(paths)) totals.add('shapley', c.channel, c.conversions, c.value);
}

/** Every model `models paths FILE` prints. */
export function pathFileModels(paths: readonly PathRecord[]): ChannelCredit[] {
  const totals = new ChannelTotals();
  addRuleBased(totals, paths);
  addDataDriven(totals, paths);
  return totals.rows();
}
