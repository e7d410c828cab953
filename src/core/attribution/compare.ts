// Whether a recomputed attribution differs from the stored one: `company_attribution_updated` /
// `contact_attribution_updated` are published only on a change (DESIGN "Workers").
import type { Millis } from '../types.js';

/** Touchpoints are immutable once written, so a model is identified by the touchpoint it picked. */
export interface TouchpointRef { touchpoint_id: string }

/**
 * A stored or recomputed result. A contact has only first_touch; a field absent on both sides is equal. The
 * original source may be given as the touchpoint itself or as `originalSource`'s `{ touchpoint, from_company }`.
 */
export interface AttributionSnapshot {
  converted_at?: Millis | null;
  first_touch?: TouchpointRef | null;
  last_touch?: TouchpointRef | null;
  first_touch_28d?: TouchpointRef | null;
  original_source?: TouchpointRef | { touchpoint: TouchpointRef | null } | null;
}

export type SnapshotField = 'converted_at' | 'first_touch' | 'last_touch' | 'first_touch_28d' | 'original_source';

const MODEL_FIELDS = ['first_touch', 'last_touch', 'first_touch_28d'] as const;

/**
 * The fields whose value differs between `previous` (null: nothing stored yet) and `next`, in a fixed order.
 * Models compare by touchpoint_id; the original source by its touchpoint's id only (the same touchpoint reached
 * through another referrer is the same output); converted_at by value, since downstream consumers carry it (a
 * contact's conversion time moves earlier when an older event with its email arrives late).
 */
export function changedFields(previous: AttributionSnapshot | null, next: AttributionSnapshot): SnapshotField[] {
  const before = previous ?? {};
  const changed: SnapshotField[] = [];
  if ((before.converted_at ?? null) !== (next.converted_at ?? null)) changed.push('converted_at');
  for (const field of MODEL_FIELDS) {
    if (idOf(before[field]) !== idOf(next[field])) changed.push(field);
  }
  if (idOf(sourceTouchpoint(before.original_source)) !== idOf(sourceTouchpoint(next.original_source))) {
    changed.push('original_source');
  }
  return changed;
}

/**
 * Whether a recomputed result equals the stored one (then nothing is published). With nothing stored (`previous`
 * null) a result is new unless every field of it is null or absent.
 */
export function sameResult(previous: AttributionSnapshot | null, next: AttributionSnapshot): boolean {
  return changedFields(previous, next).length === 0;
}

function idOf(ref: TouchpointRef | null | undefined): string | null {
  return ref?.touchpoint_id ?? null;
}

function sourceTouchpoint(source: AttributionSnapshot['original_source']): TouchpointRef | null {
  if (source === null || source === undefined) return null;
  return 'touchpoint' in source ? source.touchpoint : source;
}
