import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { markov, removalEffect } from '../../../src/core/attribution/markov.js';
import { channelPath, type PathRecord } from '../../../src/core/attribution/channel-paths.js';

const path = (p: string, conversions: number, nulls: number, value = 0): PathRecord =>
  ({ channels: p.split(' > '), conversions, nulls, value });
const near = (actual: number, expected: number, what: string, eps = 1e-9) =>
  assert.ok(Math.abs(actual - expected) < eps, `${what}: ${actual} != ${expected}`);
const byChannel = (r: ReturnType<typeof markov>) => Object.fromEntries(r.channels.map((c) => [c.channel, c]));

/**
 * An independent check: the chain built transition by transition, x's outgoing mass sent to null, and the
 * probability (or expected value) of conversion from start found by iterating the absorbing chain until it settles.
 */
function bruteForce(paths: readonly PathRecord[], removed: string | null, withValue: boolean): number {
  const weights = new Map<string, Map<string, number>>();
  const add = (from: string, to: string, w: number) => {
    const m = weights.get(from) ?? new Map<string, number>();
    m.set(to, (m.get(to) ?? 0) + w);
    weights.set(from, m);
  };
  const convEnding = new Map<string, number>(), valueEnding = new Map<string, number>();
  for (const p of paths) {
    if (p.conversions + p.nulls === 0) continue; // a path that ends nowhere weighs nothing
    const states = ['(start)', ...channelPath(p.channels)];
    for (let i = 0; i + 1 < states.length; i++) add(states[i]!, states[i + 1]!, p.conversions + p.nulls);
    const last = states[states.length - 1]!;
    add(last, '(conversion)', p.conversions);
    add(last, '(null)', p.nulls);
    convEnding.set(last, (convEnding.get(last) ?? 0) + p.conversions);
    valueEnding.set(last, (valueEnding.get(last) ?? 0) + p.value);
  }
  const reward = (s: string) => (!withValue ? 1 : (convEnding.get(s) ?? 0) > 0 ? valueEnding.get(s)! / convEnding.get(s)! : 0);
  let v = new Map<string, number>();
  for (let iteration = 0; iteration < 100_000; iteration++) {
    const next = new Map<string, number>();
    let delta = 0;
    for (const [state, out] of weights) {
      if (state === removed) { next.set(state, 0); continue; }
      const total = [...out.values()].reduce((a, b) => a + b, 0);
      let x = 0;
      for (const [to, w] of out) x += (w / total) * (to === '(conversion)' ? reward(state) : to === '(null)' ? 0 : v.get(to) ?? 0);
      next.set(state, x);
      delta = Math.max(delta, Math.abs(x - (v.get(state) ?? 0)));
    }
    v = next;
    if (delta < 1e-15 && iteration > 10) break;
  }
  return v.get('(start)') ?? 0;
}

describe('markov: the worked example of analyzecore.com (Bryl, 2016)', () => {
  // C1 > C2 > C3 converts, C1 does not, C2 > C3 does not: P(conversion) = 1/3; removal effects C1 0.5, C2 1, C3 1,
  // so one conversion is shared 0.2 / 0.4 / 0.4.
  const paths = [path('c1 > c2 > c3', 1, 0), path('c1', 0, 1), path('c2 > c3', 0, 1)];
  const result = markov(paths);
  it('finds the conversion probability 1/3', () => near(result.conversionProbability, 1 / 3, 'P'));
  it('finds removal effects 0.5, 1, 1 and shares 0.2, 0.4, 0.4', () => {
    const c = byChannel(result);
    near(c.c1!.removalEffect, 0.5, 'RE c1'); near(c.c2!.removalEffect, 1, 'RE c2'); near(c.c3!.removalEffect, 1, 'RE c3');
    near(c.c1!.conversions, 0.2, 'c1'); near(c.c2!.conversions, 0.4, 'c2'); near(c.c3!.conversions, 0.4, 'c3');
  });
});

describe('markov: rules', () => {
  it('answers 0 for the removal of a channel no path names', () => {
    assert.equal(removalEffect(markov([path('a > b', 3, 1)]), 'nowhere'), 0);
  });
  it('gives 0 to a channel that appears only at the end of non-converting paths', () => {
    const c = byChannel(markov([path('a > b', 3, 1), path('b', 1, 2), path('a > x', 0, 5), path('x', 0, 2)]));
    assert.equal(c.x!.removalEffect, 0);
    assert.equal(c.x!.conversions, 0);
    near(c.a!.conversions + c.b!.conversions, 4, 'all conversions shared');
  });
  it('collapses consecutive repeats: a > a > b is a > b', () => {
    assert.deepEqual(markov([path('a > a > b', 2, 1), path('b > b', 1, 1)]), markov([path('a > b', 2, 1), path('b', 1, 1)]));
  });
  it('splits value by the value removal effect, from the mean value of conversions ending in each channel', () => {
    // Paths: a converts (value 100), b converts (value 10). Removing a loses 100 of the expected value, b 10.
    const c = byChannel(markov([path('a', 1, 0, 100), path('b', 1, 0, 10)]));
    near(c.a!.value, 100, 'a value'); near(c.b!.value, 10, 'b value');
    near(c.a!.conversions, 1, 'a'); near(c.b!.conversions, 1, 'b');
  });
  it('gives the same answer whatever order the paths come in', () => {
    const paths = [path('a > b > c', 2, 3, 20), path('c > a', 1, 1, 5), path('b', 0, 4)];
    assert.deepEqual(markov(paths), markov([...paths].reverse()));
  });
  it('gives everyone 0 when nothing converts', () => {
    for (const c of markov([path('a > b', 0, 3)]).channels) assert.equal(c.conversions, 0);
  });
});

describe('markov: against an iterative solve of each removed chain', () => {
  const channels = ['a', 'b', 'c', 'd', 'e'];
  const paths = fc.array(fc.record({
    channels: fc.array(fc.constantFrom(...channels), { minLength: 1, maxLength: 6 }),
    conversions: fc.integer({ min: 0, max: 5 }), nulls: fc.integer({ min: 0, max: 5 }), value: fc.integer({ min: 0, max: 500 }),
  }), { minLength: 1, maxLength: 12 });
  it('matches P, every removal effect and every value removal effect', () => {
    fc.assert(fc.property(paths, (ps) => {
      const result = markov(ps);
      const p = bruteForce(ps, null, false), ev = bruteForce(ps, null, true);
      near(result.conversionProbability, p, 'P', 1e-8);
      near(result.expectedValue, ev, 'EV', 1e-6);
      for (const c of result.channels) {
        near(c.removalEffect, p > 0 ? 1 - bruteForce(ps, c.channel, false) / p : 0, `RE ${c.channel}`, 1e-7);
        near(c.valueRemovalEffect, ev > 0 ? 1 - bruteForce(ps, c.channel, true) / ev : 0, `REv ${c.channel}`, 1e-7);
      }
      const total = ps.reduce((s, x) => s + x.conversions, 0);
      if (p > 0) near(result.channels.reduce((s, c) => s + c.conversions, 0), total, 'shares sum to the conversions', 1e-8);
    }), { numRuns: 200 });
  });
});
