/** The knobs of CONTRACT section 3, parsed once from configuration. */
export interface AttributionSettings {
  /** Identity-graph and referral-chain hop limit (`max_hops`, default 5). */
  maxHops: number;
  /** first_touch_28d's window in days (default 28). */
  windowDays: number;
}

export const DEFAULT_ATTRIBUTION_SETTINGS: AttributionSettings = { maxHops: 5, windowDays: 28 };
