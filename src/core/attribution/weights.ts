// The rule-based multi-touch weights of CONTRACT section 9, in one place. Each function gives the credit of every
// touchpoint of a path of n touchpoints; the credits of a path sum to 1.
//
// References:
// - linear, position_based ("U-shaped", 40/20/40) and time_decay are the rule-based models Google Analytics offered
//   until 2023 (GA4 help, "Select attribution settings" / "Attribution models": https://support.google.com/analytics/answer/10596866),
//   and the ones HubSpot's attribution reports still offer (https://knowledge.hubspot.com/reports/understand-hubspots-attribution-models).
// - position_based: 40% to the first and to the last touchpoint, the remaining 20% shared equally by those in
//   between; with two touchpoints 50% each (GA's "Position-based" definition). One touchpoint takes everything.
// - time_decay: a touchpoint's weight halves for each half-life it lies before the conversion (GA's default
//   half-life was 7 days), normalised so the path sums to 1: w_i = 2^(-age_i / half_life), credit_i = w_i / sum w.
import type { Millis } from '../types.js';

export const POSITION_BASED_ENDS = 0.4;
export const DEFAULT_HALF_LIFE_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export function linearWeights(n: number): number[] {
  return Array.from({ length: n }, () => 1 / n);
}

export function positionBasedWeights(n: number): number[] {
  if (n <= 2) return linearWeights(n);
  const middle = (1 - 2 * POSITION_BASED_ENDS) / (n - 2);
  return Array.from({ length: n }, (_, i) => (i === 0 || i === n - 1 ? POSITION_BASED_ENDS : middle));
}

/** `ages`: conversion time minus each touchpoint's time (>= 0 on a path of eligible touchpoints). */
export function timeDecayWeights(ages: readonly Millis[], halfLifeDays: number): number[] {
  const halfLife = halfLifeDays * DAY_MS;
  // Relative to the youngest touchpoint, so a path years old does not underflow to 0/0; the ratio is unchanged.
  const youngest = Math.min(...ages);
  const w = ages.map((age) => 2 ** (-(age - youngest) / halfLife));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
}
