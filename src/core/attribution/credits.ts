// Per-touchpoint credit of every model (CONTRACT section 9): what `tributary export credits` prints and the
// interaction tables store. A converted entity's path is its eligible touchpoints in attribution order, leaving out
// `direct` ones unless all are direct; each rule-based model's credits over the path sum to 1.
import type { Millis } from '../types.js';
import type { AttributableTouchpoint, ModelResults } from './models.js';
import { linearWeights, positionBasedWeights, timeDecayWeights } from './weights.js';

/** Every per-touchpoint model, in the order exports and reports list them. */
export const CREDIT_MODELS = ['first_touch', 'last_touch', 'first_touch_28d', 'linear', 'position_based', 'time_decay'] as const;
export type CreditModel = (typeof CREDIT_MODELS)[number];

/** A touchpoint's credit under each model that gives it any; a model absent gives it none. */
export type Credits = Partial<Record<CreditModel, number>>;

/** The path of a sorted list of eligible touchpoints: the non-direct ones, or all of them when every one is direct. */
export function attributionPath<T extends Pick<AttributableTouchpoint, 'channel'>>(eligible: readonly T[]): T[] {
  const nonDirect = eligible.filter((t) => t.channel !== 'direct');
  return nonDirect.length > 0 ? nonDirect : [...eligible];
}

/** The credits of each touchpoint on the entity's path (and of the single-touch models' picks), by touchpoint id. */
export function touchpointCredits(models: ModelResults, convertedAt: Millis, halfLifeDays: number): Map<string, Credits> {
  const credits = new Map<string, Credits>();
  const give = (t: AttributableTouchpoint | null, model: CreditModel, credit: number) => {
    if (t === null) return;
    const c = credits.get(t.touchpoint_id);
    if (c) c[model] = credit; else credits.set(t.touchpoint_id, { [model]: credit });
  };
  give(models.first_touch, 'first_touch', 1);
  give(models.last_touch, 'last_touch', 1);
  give(models.first_touch_28d, 'first_touch_28d', 1);
  const path = attributionPath(models.eligible);
  if (path.length === 0) return credits;
  const linear = linearWeights(path.length);
  const position = positionBasedWeights(path.length);
  const decay = timeDecayWeights(path.map((t) => convertedAt - t.occurred_at), halfLifeDays);
  path.forEach((t, i) => {
    give(t, 'linear', linear[i]!);
    give(t, 'position_based', position[i]!);
    give(t, 'time_decay', decay[i]!);
  });
  return credits;
}
