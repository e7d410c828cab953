import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { attribute, compareTouchpoints, contactFirstTouch, type AttributableTouchpoint } from '../../../src/core/attribution/models.js';
import { CHANNELS, type Channel } from '../../../src/core/types.js';

const DAY = 24 * 60 * 60 * 1000;
const CONVERTED = Date.UTC(2026, 2, 1, 10);

interface Tp extends AttributableTouchpoint { note?: string }
const tp = (touchpoint_id: string, occurred_at: number, channel: Channel = 'paid_search'): Tp =>
  ({ touchpoint_id, occurred_at, channel });
const ids = (list: readonly AttributableTouchpoint[]) => list.map((t) => t.touchpoint_id);
const idOf = (t: AttributableTouchpoint | null) => t?.touchpoint_id ?? null;

describe('attribute: eligibility', () => {
  it('counts a touchpoint exactly at conversion time', () => {
    const result = attribute([tp('at', CONVERTED)], CONVERTED);
    assert.equal(idOf(result.first_touch), 'at');
    assert.equal(idOf(result.last_touch), 'at');
    assert.equal(result.unattributed_reason, null);
  });

  it('excludes a touchpoint 1 ms after conversion', () => {
    const result = attribute([tp('before', CONVERTED - DAY), tp('after', CONVERTED + 1)], CONVERTED);
    assert.deepEqual(ids(result.eligible), ['before']);
    assert.equal(idOf(result.last_touch), 'before');
  });

  it('gives null models and reason no_touchpoints with no touchpoints', () => {
    assert.deepEqual(attribute([], CONVERTED), {
      first_touch: null, last_touch: null, first_touch_28d: null, eligible: [], unattributed_reason: 'no_touchpoints',
    });
  });

  it('gives null models and reason all_after_conversion when every touchpoint is after conversion', () => {
    assert.deepEqual(attribute([tp('a', CONVERTED + 1), tp('b', CONVERTED + DAY, 'direct')], CONVERTED), {
      first_touch: null, last_touch: null, first_touch_28d: null, eligible: [], unattributed_reason: 'all_after_conversion',
    });
  });

  it('returns the same objects it was given', () => {
    const input: Tp = { ...tp('x', CONVERTED - 5), note: 'kept' };
    const result = attribute([input], CONVERTED);
    assert.equal(result.first_touch, input);
    assert.equal(result.first_touch?.note, 'kept');
  });

  it('does not modify the input array', () => {
    const input = [tp('b', CONVERTED - 1), tp('a', CONVERTED - 2)];
    attribute(input, CONVERTED);
    assert.deepEqual(ids(input), ['b', 'a']);
  });
});

describe('attribute: order', () => {
  it('sorts eligible by occurred_at, then touchpoint_id', () => {
    const result = attribute([tp('c', CONVERTED - 1), tp('b', CONVERTED - 2), tp('a', CONVERTED - 1)], CONVERTED);
    assert.deepEqual(ids(result.eligible), ['b', 'a', 'c']);
  });

  it('breaks time ties by touchpoint_id for first and last touch', () => {
    const at = CONVERTED - DAY;
    const result = attribute([tp('tp-2', at), tp('tp-3', at), tp('tp-1', at)], CONVERTED);
    assert.equal(idOf(result.first_touch), 'tp-1');
    assert.equal(idOf(result.last_touch), 'tp-3');
  });

  it('compares touchpoint_id by code units, not by locale', () => {
    const at = CONVERTED - DAY;
    // Code units: 'B' (0x42) < 'a' (0x61), '10' < '9'; localeCompare puts 'a' before 'B' and may put '9' first.
    const letters = attribute([tp('a', at), tp('B', at)], CONVERTED);
    assert.equal(idOf(letters.first_touch), 'B');
    assert.equal(idOf(letters.last_touch), 'a');
    const digits = attribute([tp('9', at), tp('10', at)], CONVERTED);
    assert.deepEqual(ids(digits.eligible), ['10', '9']);
    const accents = attribute([tp('é', at), tp('f', at)], CONVERTED);
    assert.deepEqual(ids(accents.eligible), ['f', 'é']);
  });

  it('compareTouchpoints is 0 only for the same time and id', () => {
    assert.equal(compareTouchpoints(tp('a', 1), tp('a', 1, 'direct')), 0);
    assert.ok(compareTouchpoints(tp('b', 1), tp('a', 2)) < 0);
    assert.ok(compareTouchpoints(tp('b', 1), tp('a', 1)) > 0);
  });
});

describe('attribute: first_touch and last_touch', () => {
  it('first_touch skips earlier direct touchpoints for the first non-direct one', () => {
    const result = attribute([
      tp('d1', CONVERTED - 3 * DAY, 'direct'), tp('p', CONVERTED - 2 * DAY, 'paid_search'),
      tp('o', CONVERTED - DAY, 'organic_search'),
    ], CONVERTED);
    assert.equal(idOf(result.first_touch), 'p');
  });

  it('last_touch skips later direct touchpoints for the last non-direct one', () => {
    const result = attribute([
      tp('p', CONVERTED - 3 * DAY, 'paid_search'), tp('o', CONVERTED - 2 * DAY, 'organic_search'),
      tp('d1', CONVERTED - DAY, 'direct'),
    ], CONVERTED);
    assert.equal(idOf(result.last_touch), 'o');
  });

  it('falls back to the first and the last direct touchpoint when all are direct', () => {
    const result = attribute([
      tp('d2', CONVERTED - 2 * DAY, 'direct'), tp('d1', CONVERTED - 3 * DAY, 'direct'),
      tp('d3', CONVERTED - DAY, 'direct'),
    ], CONVERTED);
    assert.equal(idOf(result.first_touch), 'd1');
    assert.equal(idOf(result.last_touch), 'd3');
    assert.equal(result.unattributed_reason, null);
  });

  it('a non-direct touchpoint after conversion does not beat an eligible direct one', () => {
    const result = attribute([tp('d', CONVERTED - DAY, 'direct'), tp('late', CONVERTED + 1, 'paid_search')], CONVERTED);
    assert.equal(idOf(result.first_touch), 'd');
    assert.equal(idOf(result.last_touch), 'd');
  });

  it('treats unassigned as non-direct', () => {
    const result = attribute([tp('u', CONVERTED - 2 * DAY, 'unassigned'), tp('d', CONVERTED - DAY, 'direct')], CONVERTED);
    assert.equal(idOf(result.first_touch), 'u');
    assert.equal(idOf(result.last_touch), 'u');
  });

  it('contactFirstTouch applies the first_touch rule', () => {
    const touchpoints = [tp('d', CONVERTED - 3 * DAY, 'direct'), tp('e', CONVERTED - 2 * DAY, 'email'), tp('x', CONVERTED + 1)];
    assert.equal(idOf(contactFirstTouch(touchpoints, CONVERTED)), 'e');
    assert.equal(contactFirstTouch([], CONVERTED), null);
    assert.equal(idOf(contactFirstTouch([tp('d', CONVERTED, 'direct')], CONVERTED)), 'd');
  });
});

describe('attribute: first_touch_28d', () => {
  it('counts a touchpoint exactly 28 days before conversion as inside the window', () => {
    const result = attribute([tp('edge', CONVERTED - 28 * DAY)], CONVERTED);
    assert.equal(idOf(result.first_touch_28d), 'edge');
  });

  it('leaves out a touchpoint 28 days and 1 ms before conversion', () => {
    const result = attribute([tp('old', CONVERTED - 28 * DAY - 1)], CONVERTED);
    assert.equal(idOf(result.first_touch), 'old');
    assert.equal(result.first_touch_28d, null);
    assert.equal(result.unattributed_reason, null);
  });

  it('picks the first non-direct touchpoint inside the window, even when first_touch is older', () => {
    const result = attribute([
      tp('old', CONVERTED - 40 * DAY, 'paid_social'), tp('d', CONVERTED - 10 * DAY, 'direct'),
      tp('new', CONVERTED - 5 * DAY, 'email'),
    ], CONVERTED);
    assert.equal(idOf(result.first_touch), 'old');
    assert.equal(idOf(result.first_touch_28d), 'new');
  });

  it('falls back to the first direct touchpoint inside the window', () => {
    const result = attribute([
      tp('old', CONVERTED - 40 * DAY, 'paid_social'), tp('d1', CONVERTED - 10 * DAY, 'direct'),
      tp('d2', CONVERTED - 5 * DAY, 'direct'),
    ], CONVERTED);
    assert.equal(idOf(result.first_touch_28d), 'd1');
  });

  it('ignores touchpoints after conversion', () => {
    const result = attribute([tp('old', CONVERTED - 40 * DAY), tp('late', CONVERTED + 1)], CONVERTED);
    assert.equal(result.first_touch_28d, null);
  });

  it('takes the window length from options', () => {
    const touchpoints = [tp('a', CONVERTED - 7 * DAY), tp('b', CONVERTED - 7 * DAY - 1)];
    assert.equal(idOf(attribute(touchpoints, CONVERTED, { windowDays: 7 }).first_touch_28d), 'a');
    assert.equal(idOf(attribute(touchpoints, CONVERTED).first_touch_28d), 'b');
    assert.throws(() => attribute(touchpoints, CONVERTED, { windowDays: -1 }), RangeError);
  });
});

// --- properties -------------------------------------------------------------------------------------------------

const channelArb = fc.constantFrom<Channel>('direct', 'direct', 'paid_search', 'organic_search', 'unassigned', ...CHANNELS);
/** Few distinct times and ids so that ties, the window edge and the conversion edge all occur often. */
const touchpointsArb = fc.uniqueArray(
  fc.record({
    touchpoint_id: fc.oneof(fc.constantFrom('a', 'B', 'b', '10', '9', 'é', 'z'), fc.string({ maxLength: 3 })),
    occurred_at: fc.oneof(
      fc.constantFrom(CONVERTED, CONVERTED + 1, CONVERTED - 1, CONVERTED - 28 * DAY, CONVERTED - 28 * DAY - 1),
      fc.integer({ min: CONVERTED - 60 * DAY, max: CONVERTED + 5 * DAY }),
    ),
    channel: channelArb,
  }),
  { selector: (t) => t.touchpoint_id, maxLength: 25 },
);
const withShuffle = touchpointsArb.chain((list) =>
  fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })));

/** A deliberately different implementation to check against. */
function oracle(list: readonly AttributableTouchpoint[], convertedAt: number) {
  const eligible = list.filter((t) => t.occurred_at <= convertedAt)
    .sort((x, y) => (x.occurred_at !== y.occurred_at ? (x.occurred_at < y.occurred_at ? -1 : 1)
      : x.touchpoint_id === y.touchpoint_id ? 0 : x.touchpoint_id < y.touchpoint_id ? -1 : 1));
  const first = (l: AttributableTouchpoint[]) => l.find((t) => t.channel !== 'direct') ?? l[0] ?? null;
  const last = (l: AttributableTouchpoint[]) => first([...l].reverse());
  const recent = eligible.filter((t) => convertedAt - t.occurred_at <= 28 * DAY);
  return {
    first_touch: first(eligible), last_touch: last(eligible), first_touch_28d: first(recent), eligible,
    unattributed_reason: eligible.length > 0 ? null : list.length === 0 ? 'no_touchpoints' : 'all_after_conversion',
  };
}

describe('attribute: properties', () => {
  it('does not depend on the input order of touchpoints', () => {
    fc.assert(fc.property(withShuffle, ([list, shuffled]) => {
      assert.deepEqual(attribute(shuffled, CONVERTED), attribute(list, CONVERTED));
    }), { numRuns: 500 });
  });

  it('agrees with a straightforward reference implementation', () => {
    fc.assert(fc.property(touchpointsArb, (list) => {
      assert.deepEqual(attribute(list, CONVERTED), oracle(list, CONVERTED));
    }), { numRuns: 500 });
  });

  it('first_touch is never after last_touch, and both are eligible', () => {
    fc.assert(fc.property(touchpointsArb, (list) => {
      const { first_touch, last_touch, first_touch_28d } = attribute(list, CONVERTED);
      assert.equal(first_touch === null, last_touch === null);
      if (first_touch !== null && last_touch !== null) {
        assert.ok(first_touch.occurred_at <= last_touch.occurred_at);
        assert.ok(last_touch.occurred_at <= CONVERTED);
      }
      if (first_touch_28d !== null) {
        assert.ok(first_touch_28d.occurred_at >= CONVERTED - 28 * DAY && first_touch_28d.occurred_at <= CONVERTED);
      }
    }), { numRuns: 500 });
  });

  it('first_touch_28d is first_touch whenever first_touch is inside the window', () => {
    fc.assert(fc.property(touchpointsArb, (list) => {
      const { first_touch, first_touch_28d } = attribute(list, CONVERTED);
      if (first_touch !== null && first_touch.occurred_at >= CONVERTED - 28 * DAY) {
        assert.equal(first_touch_28d, first_touch);
      }
    }), { numRuns: 500 });
  });
});
