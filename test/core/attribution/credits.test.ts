import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { attribute, type AttributableTouchpoint } from '../../../src/core/attribution/models.js';
import { attributionPath, CREDIT_MODELS, touchpointCredits, type CreditModel } from '../../../src/core/attribution/credits.js';
import { CHANNELS, type Channel } from '../../../src/core/types.js';

const DAY = 24 * 60 * 60 * 1000;
const CONVERTED = Date.UTC(2026, 2, 1, 10);
const tp = (touchpoint_id: string, daysBefore: number, channel: Channel = 'paid_search'): AttributableTouchpoint =>
  ({ touchpoint_id, occurred_at: CONVERTED - daysBefore * DAY, channel });

/** The credits of one model, in path order, as touchpoint id -> credit. */
function creditsOf(tps: AttributableTouchpoint[], model: CreditModel, halfLifeDays = 7): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, c] of touchpointCredits(attribute(tps, CONVERTED), CONVERTED, halfLifeDays)) if (c[model] !== undefined) out[id] = c[model];
  return out;
}
const close = (actual: Record<string, number>, expected: Record<string, number>) => {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
  for (const k of Object.keys(expected)) assert.ok(Math.abs(actual[k]! - expected[k]!) < 1e-12, `${k}: ${actual[k]} != ${expected[k]}`);
};

describe('credits: position_based', () => {
  it('gives a 1-touch path everything', () => close(creditsOf([tp('a', 3)], 'position_based'), { a: 1 }));
  it('splits a 2-touch path in halves', () => close(creditsOf([tp('a', 3), tp('b', 1)], 'position_based'), { a: 0.5, b: 0.5 }));
  it('gives 40/20/40 on 3 touches', () => close(creditsOf([tp('a', 3), tp('b', 2), tp('c', 1)], 'position_based'), { a: 0.4, b: 0.2, c: 0.4 }));
  it('shares the middle 20% among 3 of 5 touches', () => close(
    creditsOf([tp('a', 5), tp('b', 4), tp('c', 3), tp('d', 2), tp('e', 1)], 'position_based'),
    { a: 0.4, b: 0.2 / 3, c: 0.2 / 3, d: 0.2 / 3, e: 0.4 }));
});

describe('credits: time_decay', () => {
  it('gives 4/7, 2/7, 1/7 at 0, 7 and 14 days with a 7-day half-life', () => close(
    creditsOf([tp('old', 14), tp('mid', 7), tp('now', 0)], 'time_decay'), { old: 1 / 7, mid: 2 / 7, now: 4 / 7 }));
  it('follows the configured half-life: 14 days makes 7 and 0 days apart weigh 1 : 2^0.5', () => {
    const w = 2 ** -0.5;
    close(creditsOf([tp('mid', 7), tp('now', 0)], 'time_decay', 14), { mid: w / (1 + w), now: 1 / (1 + w) });
  });
  it('does not underflow on touchpoints years before the conversion', () => close(
    creditsOf([tp('a', 3650), tp('b', 3650)], 'time_decay'), { a: 0.5, b: 0.5 }));
});

describe('credits: linear and the path', () => {
  it('leaves direct touchpoints out of the path when another channel is on it', () => {
    const tps = [tp('d1', 5, 'direct'), tp('s', 4, 'organic_search'), tp('d2', 3, 'direct'), tp('p', 1, 'paid_social')];
    close(creditsOf(tps, 'linear'), { s: 0.5, p: 0.5 });
    close(creditsOf(tps, 'position_based'), { s: 0.5, p: 0.5 });
  });
  it('credits a direct-only path across its direct touchpoints', () => {
    const tps = [tp('d1', 2, 'direct'), tp('d2', 1, 'direct'), tp('d3', 0, 'direct')];
    close(creditsOf(tps, 'linear'), { d1: 1 / 3, d2: 1 / 3, d3: 1 / 3 });
    close(creditsOf(tps, 'position_based'), { d1: 0.4, d2: 0.2, d3: 0.4 });
    close(creditsOf(tps, 'first_touch'), { d1: 1 });
    close(creditsOf(tps, 'last_touch'), { d3: 1 });
  });
  it('gives nothing to touchpoints after the conversion', () => {
    close(creditsOf([tp('before', 1), tp('after', -1)], 'linear'), { before: 1 });
  });
  it('gives no credit at all to an entity without eligible touchpoints', () => {
    assert.equal(touchpointCredits(attribute([tp('after', -1)], CONVERTED), CONVERTED, 7).size, 0);
  });
  it('gives the single-touch models 1 on the touchpoint section 3 picks', () => {
    const tps = [tp('old', 40, 'email'), tp('s', 10, 'organic_search'), tp('p', 1, 'paid_social'), tp('d', 0, 'direct')];
    close(creditsOf(tps, 'first_touch'), { old: 1 });
    close(creditsOf(tps, 'last_touch'), { p: 1 });
    close(creditsOf(tps, 'first_touch_28d'), { s: 1 });
  });
});

describe('credits: every model sums to 1 per converted entity', () => {
  const arbitraryTouchpoints = fc.uniqueArray(
    fc.record({ touchpoint_id: fc.string({ minLength: 1, maxLength: 4 }), occurred_at: fc.integer({ min: CONVERTED - 60 * DAY, max: CONVERTED + DAY }), channel: fc.constantFrom(...CHANNELS) }),
    { selector: (t) => t.touchpoint_id, maxLength: 12 });
  it('holds for random touchpoints, and the path is the eligible non-direct ones (or all direct)', () => {
    fc.assert(fc.property(arbitraryTouchpoints, fc.integer({ min: 1, max: 60 }), (tps, halfLife) => {
      const models = attribute(tps, CONVERTED);
      const credits = touchpointCredits(models, CONVERTED, halfLife);
      const path = attributionPath(models.eligible);
      for (const model of CREDIT_MODELS) {
        const sum = [...credits.values()].reduce((s, c) => s + (c[model] ?? 0), 0);
        const expected = model === 'first_touch_28d' && models.first_touch_28d === null ? 0 : models.eligible.length > 0 ? 1 : 0;
        assert.ok(Math.abs(sum - expected) < 1e-9, `${model} sums to ${sum}`);
      }
      for (const t of path) assert.ok(credits.get(t.touchpoint_id)?.linear! > 0);
      assert.equal([...credits.values()].filter((c) => c.linear !== undefined).length, path.length);
    }));
  });
});
