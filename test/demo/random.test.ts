import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Random, mixSeed, weighted } from '../../src/demo/random.js';

describe('Random', () => {
  it('gives the same sequence for the same seed, another for another seed', () => {
    const draw = (seed: number): number[] => {
      const rng = new Random(seed);
      return Array.from({ length: 50 }, () => rng.uint32());
    };
    assert.deepEqual(draw(7), draw(7));
    assert.notDeepEqual(draw(7), draw(8));
  });

  it('stays within bounds and looks uniform', () => {
    const rng = new Random(1);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const x = rng.next();
      assert.ok(x >= 0 && x < 1);
      buckets[Math.floor(x * 10)]!++;
      const n = rng.int(3, 5);
      assert.ok(n >= 3 && n <= 5 && Number.isInteger(n));
    }
    for (const count of buckets) assert.ok(Math.abs(count - 10_000) < 600, String(count));
  });

  it('chooses by weight', () => {
    const rng = new Random(2);
    const table = weighted([['a', 1], ['b', 3]] as const);
    let b = 0;
    for (let i = 0; i < 40_000; i++) if (rng.choose(table) === 'b') b++;
    assert.ok(Math.abs(b / 40_000 - 0.75) < 0.01);
    assert.throws(() => weighted([['a', 0]]), RangeError);
  });

  it('makes identifiers of the right shape', () => {
    const rng = new Random(3);
    assert.match(rng.uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(rng.base64url(20, 'Cj0', '_BwE'), /^Cj0[\w-]{20}_BwE$/);
    assert.match(rng.hex(32), /^[0-9a-f]{32}$/);
  });

  it('mixes seeds so that nearby ones differ', () => {
    assert.notEqual(mixSeed(1, 2), mixSeed(2, 1));
    assert.notEqual(mixSeed(1, 2, 0), mixSeed(1, 2, 1));
    assert.equal(mixSeed(1, 2), mixSeed(1, 2));
  });
});
