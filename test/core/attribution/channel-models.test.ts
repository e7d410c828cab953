import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pathFileModels } from '../../../src/core/attribution/channel-models.js';
import { shapley } from '../../../src/core/attribution/shapley.js';
import { parsePathHeader, parsePathLine, type PathFileColumns } from '../../../src/core/attribution/path-file.js';
import type { ChannelCredit, PathRecord } from '../../../src/core/attribution/channel-paths.js';

const path = (p: string, conversions: number, nulls: number, value = 0): PathRecord =>
  ({ channels: p.split(' > '), conversions, nulls, value });
const pick = (rows: ChannelCredit[], model: string) =>
  Object.fromEntries(rows.filter((r) => r.model === model).map((r) => [r.channel, [Number(r.conversions.toFixed(12)), Number(r.value.toFixed(12))]]));

describe('shapley (simplified, Zhao et al. 2018)', () => {
  it('shares each converting path equally among its distinct channels', () => {
    // R({a,b}) = 3 (value 30), R({a}) = 2 (value 8), R({a,b,c}) = 3: a gets 3/2 + 2 + 1, b 3/2 + 1, c 1.
    const r = Object.fromEntries(shapley([path('a > b > a', 3, 0, 30), path('a', 2, 5, 8), path('c > b > a', 3, 0)]).map((c) => [c.channel, c]));
    assert.equal(r.a!.conversions, 4.5); assert.equal(r.b!.conversions, 2.5); assert.equal(r.c!.conversions, 1);
    assert.equal(r.a!.value, 23); assert.equal(r.b!.value, 15);
  });
  it('gives 0 to a channel seen only on non-converting paths', () => {
    const r = Object.fromEntries(shapley([path('a', 1, 0), path('x > a', 0, 4)]).map((c) => [c.channel, c.conversions]));
    assert.deepEqual(r, { a: 1, x: 0 });
  });
});

describe('pathFileModels', () => {
  const rows = pathFileModels([path('a > b > c', 2, 1, 100), path('b', 1, 3, 10), path('c > a', 0, 2)]);
  it('gives the rule-based models per listed channel, weighted by conversions and value', () => {
    assert.deepEqual(pick(rows, 'first_touch'), { a: [2, 100], b: [1, 10] });
    assert.deepEqual(pick(rows, 'last_touch'), { b: [1, 10], c: [2, 100] });
    assert.deepEqual(pick(rows, 'linear'), { a: [0.666666666667, 33.333333333333], b: [1.666666666667, 43.333333333333], c: [0.666666666667, 33.333333333333] });
    assert.deepEqual(pick(rows, 'position_based'), { a: [0.8, 40], b: [1.4, 30], c: [0.8, 40] });
  });
  it('leaves out time_decay and first_touch_28d (path files have no times)', () => {
    assert.equal(rows.some((r) => r.model === 'time_decay' || r.model === 'first_touch_28d'), false);
  });
  it('lists every model in the contract order, channels sorted within one', () => {
    assert.deepEqual([...new Set(rows.map((r) => r.model))], ['first_touch', 'last_touch', 'linear', 'position_based', 'markov', 'shapley']);
    assert.deepEqual(rows.filter((r) => r.model === 'markov').map((r) => r.channel), ['a', 'b', 'c']);
  });
  it('shares all conversions under every model', () => {
    for (const model of ['first_touch', 'last_touch', 'linear', 'position_based', 'markov', 'shapley']) {
      const total = rows.filter((r) => r.model === model).reduce((s, r) => s + r.conversions, 0);
      assert.ok(Math.abs(total - 3) < 1e-9, `${model}: ${total}`);
    }
  });
});

describe('path files (ChannelAttribution format)', () => {
  const columns = (parsePathHeader('path;total_conversions;total_conversion_value;total_null') as { ok: true; value: PathFileColumns }).value;
  it('reads a line', () => {
    assert.deepEqual(parsePathLine('facebook > google search > email;12;2400.5;130', columns),
      { ok: true, value: { channels: ['facebook', 'google search', 'email'], conversions: 12, value: 2400.5, nulls: 130 } });
  });
  it('reads quoted fields and a byte-order mark before the header', () => {
    assert.equal(parsePathHeader('\uFEFF"path";"total_conversions"').ok, true);
    assert.deepEqual(parsePathLine('"a > b";1;0;0', columns), { ok: true, value: { channels: ['a', 'b'], conversions: 1, value: 0, nulls: 0 } });
  });
  it('takes the columns by name, value and null optional', () => {
    const h = parsePathHeader('total_conversions;path');
    assert.ok(h.ok);
    assert.deepEqual(parsePathLine('4;x > y', h.value), { ok: true, value: { channels: ['x', 'y'], conversions: 4, value: 0, nulls: 0 } });
  });
  it('refuses a header without path or total_conversions', () => {
    const h = parsePathHeader('channels;conversions');
    assert.equal(h.ok, false);
    assert.match((h as { reason: string }).reason, /path and total_conversions/);
  });
  for (const [line, reason] of [
    ['a > b;1;0', /expected 4 .*got 3/], ['a >  > b;1;0;0', /empty channel/], ['a;-1;0;0', /total_conversions must be a non-negative number/],
    ['a;1;abc;0', /total_conversion_value .*"abc"/], ['a;1;0;', /total_null/], ['"a;1;0;0', /Quote Not Closed/i],
  ] as const) {
    it(`refuses ${JSON.stringify(line)} with a reason`, () => {
      const r = parsePathLine(line, columns);
      assert.equal(r.ok, false);
      assert.match((r as { reason: string }).reason, reason);
    });
  }
});
