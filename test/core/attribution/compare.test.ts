import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changedFields, sameResult } from '../../../src/core/attribution/compare.js';

const ref = (touchpoint_id: string) => ({ touchpoint_id, channel: 'paid_search', occurred_at: 1 });
const stored = {
  converted_at: 1_000, first_touch: ref('a'), last_touch: ref('b'), first_touch_28d: null,
  original_source: ref('a'),
};

describe('sameResult', () => {
  it('is true when every model picks the same touchpoint id', () => {
    const recomputed = {
      converted_at: 1_000, first_touch: { touchpoint_id: 'a' }, last_touch: { ...ref('b'), source: 'changed?' },
      first_touch_28d: null, original_source: { touchpoint: ref('a'), from_company: 'k1' },
    };
    assert.ok(sameResult(stored, recomputed));
  });

  it('is false when any model, the original source or the conversion time changes', () => {
    assert.deepEqual(changedFields(stored, { ...stored, first_touch: ref('z') }), ['first_touch']);
    assert.deepEqual(changedFields(stored, { ...stored, last_touch: null }), ['last_touch']);
    assert.deepEqual(changedFields(stored, { ...stored, first_touch_28d: ref('b') }), ['first_touch_28d']);
    assert.deepEqual(changedFields(stored, { ...stored, original_source: { touchpoint: null } }), ['original_source']);
    assert.deepEqual(changedFields(stored, { ...stored, converted_at: 999 }), ['converted_at']);
    assert.ok(!sameResult(stored, { ...stored, first_touch: ref('z') }));
  });

  it('treats nothing stored as all null', () => {
    assert.ok(!sameResult(null, stored));
    assert.deepEqual(changedFields(null, { converted_at: 5, first_touch: null }), ['converted_at']);
    assert.ok(sameResult(null, { first_touch: null, last_touch: null }));
  });

  it('compares a contact result on its first_touch', () => {
    assert.ok(sameResult({ converted_at: 1, first_touch: ref('a') }, { converted_at: 1, first_touch: ref('a') }));
    assert.ok(!sameResult({ converted_at: 1, first_touch: ref('a') }, { converted_at: 1, first_touch: ref('b') }));
  });
});
