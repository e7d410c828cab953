// The embedded mode reads the identity graph from memory (MemoryIdentityGraph). It must answer as the store's walk
// does, on the graph loaded at start and on the graph kept in step with every commit since.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateHistory } from '../../src/demo/generate-history.js';
import { companyNode, emailNode } from '../../src/core/identity/event-nodes.js';
import type { IdentityNode } from '../../src/core/types.js';
import type { Pipeline } from '../../src/app/pipeline.js';
import { storeIdentityGraph, type IdentityGraph } from '../../src/store/bi/identity-graph.js';
import { MemoryIdentityGraph } from '../../src/store/bi/memory-identity-graph.js';
import { ingest, openTestPipeline, recomputeAll } from '../support/pipeline.js';
import { validateEvent } from '../../src/core/events/validate.js';
import { identityNodesOfEvent } from '../../src/core/identity/event-nodes.js';
import { linksOfEvent } from '../../src/core/identity/graph-walk.js';

describe('MemoryIdentityGraph', () => {
  let p: Pipeline;
  let entities: IdentityNode[];
  let clients: IdentityNode[];
  let events: unknown[];
  before(async () => {
    p = await openTestPipeline();
    // Late and repeated events included: links and touchpoints arrive out of order and twice.
    ({ events } = generateHistory({ seed: 11, companies: 60, start: Date.UTC(2026, 0, 1) }));
    await ingest(p, events);
    const { rows: companies } = await p.store.query<{ id: string }>('SELECT company_id AS id FROM bi.company_profile_meta_data');
    const { rows: emails } = await p.store.query<{ id: string }>('SELECT email AS id FROM bi.contact_profile_metadata');
    entities = [...companies.map((r) => companyNode(r.id)), ...emails.map((r) => emailNode(r.id))];
    const { rows } = await p.store.query<{ n: IdentityNode }>("SELECT DISTINCT a AS n FROM bi.identity_links WHERE a LIKE 'client:%' ORDER BY 1 LIMIT 200");
    clients = rows.map((r) => r.n);
    assert.ok(entities.length > 100 && clients.length > 50, `a history with links to walk (${entities.length} entities, ${clients.length} clients)`);
  });
  after(() => p.close());

  async function answers(graph: IdentityGraph, hops: number) {
    const touchpointsOf = await graph.touchpointsOf(p.store, entities, hops);
    return {
      touchpoints: entities.map((e) => [e, touchpointsOf(e).map((t) => JSON.stringify(t)).sort()]),
      near: await graph.nodesNear(p.store, clients, hops, ['company', 'email']),
      locked: (await graph.lock(p.store, [], 0, { nodes: clients.slice(0, 20), maxHops: hops, kind: 'company' })).held,
    };
  }

  it('loaded from the store, gives every entity the touchpoints and neighbours the store walk gives it', async () => {
    const memory = await MemoryIdentityGraph.load(p.store);
    for (const hops of [0, 1, 2, 5]) assert.deepEqual(await answers(memory, hops), await answers(storeIdentityGraph, hops), `max_hops ${hops}`);
  });

  it('kept in step while events stream in, writes a link again only when it was seen earlier: each stored time is the earliest', async () => {
    const processed = new Set((await p.store.query<{ id: string }>('SELECT event_id AS id FROM bi.processed_events')).rows.map((r) => r.id));
    const earliest = new Map<string, number>();
    for (const raw of events) {
      const result = validateEvent(raw);
      if (!result.ok || !processed.has(result.event.event_id)) continue;
      for (const [a, b] of linksOfEvent(identityNodesOfEvent(result.event))) {
        for (const key of [`${a} ${b}`, `${b} ${a}`]) earliest.set(key, Math.min(earliest.get(key) ?? Infinity, result.event.ts));
      }
    }
    const { rows } = await p.store.query<{ key: string; at: Date }>("SELECT a || ' ' || b AS key, first_seen_at AS at FROM bi.identity_links");
    assert.ok(rows.length > 500);
    assert.deepEqual(new Map(rows.map((r) => [r.key, r.at.getTime()])), earliest);

    const memory = await MemoryIdentityGraph.load(p.store);
    const stored = rows.map((r) => { const [a, b] = r.key.split(' ') as [IdentityNode, IdentityNode]; return { a, b, at: r.at.getTime() }; });
    assert.deepEqual(memory.unrecorded(stored.map((l) => ({ ...l, at: l.at + 1 }))), [], 'known from earlier: nothing to write');
    const sooner = stored.map((l) => ({ ...l, at: l.at - 1 }));
    assert.deepEqual(memory.unrecorded(sooner), sooner);
    const unknown = { a: 'client:never-seen' as IdentityNode, b: stored[0]!.a, at: 0 };
    assert.deepEqual(memory.unrecorded([unknown]), [unknown]);
  });

  it('kept in step while events stream in: the streamed results are those a recompute from the store gives', async () => {
    const summary = await recomputeAll(p);
    assert.ok(summary.companies > 50 && summary.contacts > 50);
    assert.equal(summary.written, 0, 'every result the pipeline wrote from its in-memory graph is the one recompute computes');
  });
});
