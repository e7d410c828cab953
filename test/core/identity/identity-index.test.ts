// The in-memory identity graph and touchpoints of the embedded mode: it must answer exactly as a walk over the same
// links does, keep the first touchpoint of an id as the store does, and take back what a rollback takes back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IdentityIndex } from '../../../src/core/identity/identity-index.js';
import { buildAdjacency, identitiesWithin, reachableFromAny } from '../../../src/core/identity/graph-walk.js';
import type { IdentityNode } from '../../../src/core/types.js';

interface Tp { touchpoint_id: string; nodes: IdentityNode[]; label?: string }
const nodesOf = (t: Tp) => t.nodes;
const ids = (tps: readonly Tp[]) => tps.map((t) => t.touchpoint_id).sort();

describe('IdentityIndex', () => {
  it('gives an entity the touchpoints of every node within max_hops, each once', () => {
    const index = new IdentityIndex(nodesOf);
    index.addLink('company:a', 'email:x');
    index.addLink('email:x', 'client:1');
    index.addLink('client:1', 'device:d');
    index.addTouchpoint({ touchpoint_id: 't1', nodes: ['client:1', 'email:x'] }); // under two nodes, counted once
    index.addTouchpoint({ touchpoint_id: 't2', nodes: ['device:d'] });
    index.addTouchpoint({ touchpoint_id: 't3', nodes: ['client:other'] });
    assert.deepEqual(ids(index.touchpointsOf('company:a', 5)), ['t1', 't2']);
    assert.deepEqual(ids(index.touchpointsOf('company:a', 2)), ['t1']); // device:d is 3 edges away
    assert.deepEqual(index.nodesNear(['device:d'], 5, ['company', 'email']).sort(), ['company:a', 'email:x']);
    assert.deepEqual(index.nodesNear(['client:lonely'], 5, ['client']), ['client:lonely']); // starts are included
  });

  it('keeps the first touchpoint of an id, as the store keeps the first row', () => {
    const index = new IdentityIndex(nodesOf);
    index.addTouchpoint({ touchpoint_id: 't1', nodes: ['client:1'], label: 'first' });
    index.addTouchpoint({ touchpoint_id: 't1', nodes: ['client:2'], label: 'second' });
    assert.deepEqual(index.touchpointsOf('client:1', 0).map((t) => t.label), ['first']);
    assert.deepEqual(index.touchpointsOf('client:2', 0), []);
    assert.deepEqual(index.size, { nodes: 0, touchpoints: 1 });
  });

  it('takes back, latest first, what was added since a mark, and nothing settled before it', () => {
    const index = new IdentityIndex(nodesOf);
    index.addLink('company:a', 'client:1');
    index.addTouchpoint({ touchpoint_id: 't1', nodes: ['client:1'] });
    index.settle();
    const mark = index.mark();
    index.addLink('client:1', 'client:2');
    index.addLink('company:a', 'client:1'); // already known: nothing to take back
    index.addTouchpoint({ touchpoint_id: 't2', nodes: ['client:2'] });
    index.addTouchpoint({ touchpoint_id: 't3', nodes: ['client:1'] });
    assert.deepEqual(ids(index.touchpointsOf('company:a', 5)), ['t1', 't2', 't3']);
    index.undoTo(mark);
    assert.deepEqual(ids(index.touchpointsOf('company:a', 5)), ['t1']);
    assert.deepEqual(index.size, { nodes: 2, touchpoints: 1 });
    // A touchpoint taken back can be added again, as its row can be written again.
    index.addTouchpoint({ touchpoint_id: 't2', nodes: ['client:1'] });
    assert.deepEqual(ids(index.touchpointsOf('company:a', 5)), ['t1', 't2']);
  });

  it('keeps the earliest time a link was seen, and takes a moved time back to the one before', () => {
    const index = new IdentityIndex(nodesOf);
    index.addLink('client:1', 'email:x', 500);
    index.settle();
    const mark = index.mark();
    index.addLink('email:x', 'client:1', 700); // later: nothing changes
    assert.equal(index.linkSeenAt('client:1', 'email:x'), 500);
    index.addLink('email:x', 'client:1', 200); // earlier, either way round: both directions move
    assert.deepEqual([index.linkSeenAt('client:1', 'email:x'), index.linkSeenAt('email:x', 'client:1')], [200, 200]);
    index.undoTo(mark);
    assert.deepEqual([index.linkSeenAt('client:1', 'email:x'), index.linkSeenAt('email:x', 'client:1')], [500, 500]);
    assert.equal(index.linkSeenAt('client:1', 'client:2'), undefined);
  });

  it('answers as a walk over the same links, and as before after additions that were taken back', () => {
    const node = fc.integer({ min: 0, max: 14 }).map((i): IdentityNode => (i < 3 ? `company:${i}` : i < 6 ? `email:${i}` : `client:${i}`));
    fc.assert(fc.property(
      fc.array(fc.tuple(node, node), { maxLength: 25 }),
      fc.array(fc.tuple(node, node), { maxLength: 10 }),
      fc.array(fc.array(node, { minLength: 1, maxLength: 3 }), { maxLength: 20 }),
      fc.integer({ min: 0, max: 6 }),
      (links, undone, touchpointNodes, hops) => {
        const index = new IdentityIndex(nodesOf);
        for (const [a, b] of links) index.addLink(a, b);
        const tps = touchpointNodes.map((nodes, i) => ({ touchpoint_id: `t${i}`, nodes }));
        for (const t of tps) index.addTouchpoint(t);
        const mark = index.mark();
        for (const [a, b] of undone) index.addLink(a, b);
        index.addTouchpoint({ touchpoint_id: 'late', nodes: ['client:6'] });
        index.undoTo(mark);

        const neighbours = buildAdjacency(links);
        for (let i = 0; i < 15; i++) {
          const start: IdentityNode = i < 3 ? `company:${i}` : i < 6 ? `email:${i}` : `client:${i}`;
          const within = identitiesWithin(start, neighbours, hops);
          assert.deepEqual(ids(index.touchpointsOf(start, hops)), ids(tps.filter((t) => t.nodes.some((n) => within.has(n)))));
        }
        const starts: IdentityNode[] = ['client:7', 'email:4'];
        assert.deepEqual(index.nodesNear(starts, hops, ['company']).sort(),
          [...reachableFromAny(starts, neighbours, hops)].filter((n) => n.startsWith('company:')).sort());
      }));
  });
});
