// The attribution models of CONTRACT section 3, over one entity's touchpoints (already limited to its identities)
// and its conversion time. Runs on every recompute (batch: ~10 touchpoints per entity, 100,000 entities), so it is
// one filtering pass, one sort of the eligible touchpoints, and index scans over the sorted array — no further copies.
import type { Millis, Touchpoint } from '../types.js';
import { compareCodeUnits } from '../text-order.js';

/** What the models read from a touchpoint; callers pass richer objects and get the same objects back. */
export type AttributableTouchpoint = Pick<Touchpoint, 'touchpoint_id' | 'occurred_at' | 'channel'>;

export type UnattributedReason = 'no_touchpoints' | 'all_after_conversion';

export interface ModelResults<T extends AttributableTouchpoint = AttributableTouchpoint> {
  first_touch: T | null;
  last_touch: T | null;
  first_touch_28d: T | null;
  /** Touchpoints with occurred_at <= conversion time, in attribution order (see `compareTouchpoints`). */
  eligible: T[];
  /** Why first_touch / last_touch are null; null when the entity is attributed. */
  unattributed_reason: UnattributedReason | null;
}

export interface AttributeOptions {
  /** Window of `first_touch_28d`, in days of exactly 24 h. Default 28. */
  windowDays?: number;
}

export const DEFAULT_WINDOW_DAYS = 28;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Attribution order: occurred_at ascending, then touchpoint_id ascending by plain code-unit comparison (not
 * localeCompare: the order must not depend on the runtime's locale, and matches PostgreSQL's `COLLATE "C"`).
 */
export function compareTouchpoints(a: AttributableTouchpoint, b: AttributableTouchpoint): number {
  const byTime = a.occurred_at - b.occurred_at;
  if (byTime !== 0) return byTime;
  return compareCodeUnits(a.touchpoint_id, b.touchpoint_id);
}

/**
 * first_touch, last_touch and first_touch_28d for one entity that converted at `convertedAt`.
 *
 * - eligible: occurred_at <= convertedAt (a touchpoint exactly at conversion time counts).
 * - first_touch: the first eligible touchpoint whose channel is not `direct`; if every eligible one is direct, the
 *   first of them. Only `direct` is direct: `unassigned` is a non-direct touchpoint.
 * - last_touch: the same from the end.
 * - first_touch_28d: the first_touch rule among eligible touchpoints with occurred_at >= convertedAt - windowDays
 *   (a touchpoint exactly windowDays * 24 h before conversion is inside); none, then null. A null first_touch_28d
 *   alone does not make the entity unattributed.
 *
 * touchpoint_id is assumed unique per entity; under that assumption the result does not depend on input order.
 */
export function attribute<T extends AttributableTouchpoint>(
  touchpoints: readonly T[], convertedAt: Millis, options: AttributeOptions = {},
): ModelResults<T> {
  const windowDays = options.windowDays ?? DEFAULT_WINDOW_DAYS;
  if (!(Number.isFinite(windowDays) && windowDays >= 0)) {
    throw new RangeError(`windowDays must be a non-negative number, got ${windowDays}`);
  }
  const eligible: T[] = [];
  for (const touchpoint of touchpoints) {
    if (touchpoint.occurred_at <= convertedAt) eligible.push(touchpoint);
  }
  if (eligible.length === 0) {
    return {
      first_touch: null, last_touch: null, first_touch_28d: null, eligible,
      unattributed_reason: touchpoints.length === 0 ? 'no_touchpoints' : 'all_after_conversion',
    };
  }
  eligible.sort(compareTouchpoints);

  const windowStart = convertedAt - windowDays * DAY_MS;
  let windowFrom = 0;
  while (windowFrom < eligible.length && eligible[windowFrom]!.occurred_at < windowStart) windowFrom++;

  return {
    first_touch: firstFrom(eligible, 0),
    last_touch: lastOf(eligible),
    first_touch_28d: firstFrom(eligible, windowFrom),
    eligible,
    unattributed_reason: null,
  };
}

/**
 * A contact's first_touch (`bi.contact_profile_attribution_first`): the same first_touch rule, at the contact's
 * conversion time (the earliest event carrying its email). Use `attribute` instead when the reason is needed.
 */
export function contactFirstTouch<T extends AttributableTouchpoint>(
  touchpoints: readonly T[], convertedAt: Millis,
): T | null {
  return attribute(touchpoints, convertedAt).first_touch;
}

/** First non-direct touchpoint of sorted[from..], else sorted[from] (then all from there on are direct), else null. */
function firstFrom<T extends AttributableTouchpoint>(sorted: readonly T[], from: number): T | null {
  for (let i = from; i < sorted.length; i++) {
    if (sorted[i]!.channel !== 'direct') return sorted[i]!;
  }
  return sorted[from] ?? null;
}

/** Last non-direct touchpoint of a non-empty sorted array, else its last (direct) one. */
function lastOf<T extends AttributableTouchpoint>(sorted: readonly T[]): T {
  for (let i = sorted.length - 1; i >= 0; i--) {
    if (sorted[i]!.channel !== 'direct') return sorted[i]!;
  }
  return sorted[sorted.length - 1]!;
}
