import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  buildAdjacency, DEFAULT_MAX_HOPS, identitiesWithin, linksOfEvent, reachableFromAny,
} from '../../../src/core/identity/graph-walk.js';
import type { IdentityNode } from '../../../src/core/types.js';

const n = (i: number): IdentityNode => `client:${i}`;
/** A path 0 - 1 - 2 - ... - length. */
const path = (length: number) => buildAdjacency(Array.from({ length }, (_, i) => [n(i), n(i + 1)] as const));
const sorted = (set: Set<IdentityNode>) => [...set].sort();

describe('identitiesWithin', () => {
  it('includes the start node, alone when it has no links', () => {
    assert.deepEqual(sorted(identitiesWithin(n(0), buildAdjacency([]), 5)), [n(0)]);
    assert.deepEqual(sorted(identitiesWithin(n(0), path(3), 0)), [n(0)]);
  });

  it('includes a node 5 edges away and excludes one 6 edges away', () => {
    const walk = identitiesWithin(n(0), path(8), DEFAULT_MAX_HOPS);
    assert.equal(DEFAULT_MAX_HOPS, 5);
    assert.ok(walk.has(n(5)));
    assert.ok(!walk.has(n(6)));
    assert.equal(walk.size, 6);
  });

  it('takes max_hops as a parameter', () => {
    assert.equal(identitiesWithin(n(0), path(8), 2).size, 3);
    assert.equal(identitiesWithin(n(0), path(8), 7).size, 8);
    assert.equal(identitiesWithin(n(0), path(8), Number.POSITIVE_INFINITY).size, 9);
    assert.throws(() => identitiesWithin(n(0), path(8), -1), RangeError);
    assert.throws(() => identitiesWithin(n(0), path(8), 1.5), RangeError);
  });

  it('terminates on cycles and counts the shortest way round', () => {
    // A ring of 10: node 5 is 5 edges away either way, nodes 4 and 6 are 4 edges away.
    const ring = buildAdjacency(Array.from({ length: 10 }, (_, i) => [n(i), n((i + 1) % 10)] as const));
    assert.equal(identitiesWithin(n(0), ring, 5).size, 10);
    assert.deepEqual(sorted(identitiesWithin(n(0), ring, 2)), [n(0), n(1), n(2), n(8), n(9)].sort());
  });

  it('reaches a node by its shortest path even when a longer path is seen first', () => {
    // 0-1-2-3-4-5-6 and a shortcut 0-6: 6 is one edge away, so 5 and 7 are 2 away and 4 is 3 away (not 4).
    const graph = buildAdjacency([
      ...Array.from({ length: 6 }, (_, i) => [n(i), n(i + 1)] as const), [n(0), n(6)], [n(6), n(7)],
    ]);
    assert.deepEqual(sorted(identitiesWithin(n(0), graph, 2)), [n(0), n(1), n(2), n(5), n(6), n(7)].sort());
    assert.ok(identitiesWithin(n(0), graph, 3).has(n(4)));
  });

  it('walks across node kinds', () => {
    const graph = buildAdjacency([
      ...linksOfEvent(['client:c1', 'email:a@x.io']),
      ...linksOfEvent(['company:k', 'email:a@x.io', 'client:c2']),
      ...linksOfEvent(['device:d', 'email:a@x.io']),
    ]);
    assert.deepEqual(sorted(identitiesWithin('company:k', graph, 1)), ['client:c2', 'company:k', 'email:a@x.io']);
    assert.deepEqual(sorted(identitiesWithin('company:k', graph, 2)),
      ['client:c1', 'client:c2', 'company:k', 'device:d', 'email:a@x.io']);
  });
});

describe('reachableFromAny', () => {
  it('unions the walks from every start, starts included', () => {
    const graph = path(20);
    const reach = reachableFromAny([n(0), n(19)], graph, 1);
    assert.deepEqual(sorted(reach), [n(0), n(1), n(18), n(19), n(20)].sort());
    assert.equal(reachableFromAny([], graph, 5).size, 0);
  });
});

describe('buildAdjacency', () => {
  it('is undirected, de-duplicates links and ignores self-links', () => {
    const neighbours = buildAdjacency([[n(0), n(1)], [n(1), n(0)], [n(0), n(1)], [n(2), n(2)]]);
    assert.deepEqual([...neighbours(n(0))], [n(1)]);
    assert.deepEqual([...neighbours(n(1))], [n(0)]);
    assert.deepEqual([...neighbours(n(2))], []);
    assert.deepEqual([...neighbours(n(9))], []);
  });
});

describe('linksOfEvent', () => {
  it('joins every two distinct nodes of an event: company, email and client give 3 edges', () => {
    assert.deepEqual(linksOfEvent(['company:k', 'email:a@x.io', 'client:c']), [
      ['client:c', 'company:k'], ['client:c', 'email:a@x.io'], ['company:k', 'email:a@x.io'],
    ]);
  });

  it('gives no edge for one node or none, and de-duplicates repeated nodes', () => {
    assert.deepEqual(linksOfEvent([]), []);
    assert.deepEqual(linksOfEvent(['client:c']), []);
    assert.deepEqual(linksOfEvent(['client:c', 'client:c']), []);
    assert.deepEqual(linksOfEvent(['email:a@x.io', 'client:c', 'email:a@x.io']), [['client:c', 'email:a@x.io']]);
  });

  it('gives k(k-1)/2 canonical pairs for k distinct nodes, whatever their order', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.nat(30), { maxLength: 8 }), (numbers) => {
      const nodes = numbers.map(n);
      const links = linksOfEvent(nodes);
      const k = nodes.length;
      assert.equal(links.length, k < 2 ? 0 : (k * (k - 1)) / 2);
      for (const [a, b] of links) assert.ok(a < b);
      assert.deepEqual(linksOfEvent([...nodes].reverse()), links);
    }));
  });
});

// --- properties over random graphs ------------------------------------------------------------------------------

const graphArb = fc.record({
  size: fc.integer({ min: 1, max: 14 }),
  edges: fc.array(fc.tuple(fc.nat(13), fc.nat(13)), { maxLength: 30 }),
  maxHops: fc.integer({ min: 0, max: 7 }),
}).map(({ size, edges, maxHops }) => ({
  nodes: Array.from({ length: size }, (_, i) => n(i)),
  links: edges.filter(([a, b]) => a < size && b < size).map(([a, b]) => [n(a), n(b)] as [IdentityNode, IdentityNode]),
  maxHops,
}));

/** Shortest distances by repeated relaxation: independent of the breadth-first walk. */
function distances(nodes: IdentityNode[], links: Array<[IdentityNode, IdentityNode]>, from: IdentityNode) {
  const dist = new Map<IdentityNode, number>(nodes.map((node) => [node, node === from ? 0 : Infinity]));
  for (let round = 0; round < nodes.length; round++) {
    for (const [a, b] of links) {
      dist.set(b, Math.min(dist.get(b)!, dist.get(a)! + 1));
      dist.set(a, Math.min(dist.get(a)!, dist.get(b)! + 1));
    }
  }
  return dist;
}

describe('identitiesWithin: properties', () => {
  it('is symmetric: b is within reach of a iff a is within reach of b', () => {
    fc.assert(fc.property(graphArb, ({ nodes, links, maxHops }) => {
      const graph = buildAdjacency(links);
      const walks = new Map(nodes.map((node) => [node, identitiesWithin(node, graph, maxHops)]));
      for (const a of nodes) for (const b of nodes) assert.equal(walks.get(a)!.has(b), walks.get(b)!.has(a));
    }), { numRuns: 300 });
  });

  it('holds exactly the nodes at shortest distance <= maxHops', () => {
    fc.assert(fc.property(graphArb, ({ nodes, links, maxHops }) => {
      const graph = buildAdjacency(links);
      const dist = distances(nodes, links, n(0));
      const expected = nodes.filter((node) => dist.get(node)! <= maxHops);
      assert.deepEqual(sorted(identitiesWithin(n(0), graph, maxHops)), expected.sort());
    }), { numRuns: 300 });
  });

  it('reachableFromAny is the union of the single walks', () => {
    fc.assert(fc.property(graphArb, fc.uniqueArray(fc.nat(13), { maxLength: 4 }), ({ nodes, links, maxHops }, picks) => {
      const graph = buildAdjacency(links);
      const starts = picks.filter((i) => i < nodes.length).map(n);
      const union = new Set(starts.flatMap((start) => [...identitiesWithin(start, graph, maxHops)]));
      assert.deepEqual(sorted(reachableFromAny(starts, graph, maxHops)), sorted(union));
    }), { numRuns: 300 });
  });
});
