import { DEFAULT_HALF_LIFE_DAYS } from '../../core/attribution/weights.js';

/** The knobs of CONTRACT sections 3 and 9, parsed once from configuration. */
export interface AttributionSettings {
  /** Identity-graph and referral-chain hop limit (`max_hops`, default 5). */
  maxHops: number;
  /** first_touch_28d's window in days (default 28). */
  windowDays: number;
  /** time_decay's half-life in days (default 7). */
  halfLifeDays: number;
}

export const DEFAULT_ATTRIBUTION_SETTINGS: AttributionSettings = { maxHops: 5, windowDays: 28, halfLifeDays: DEFAULT_HALF_LIFE_DAYS };
