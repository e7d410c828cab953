// What every consumer of an input event records first: what the event says about identities (links, email
// sightings, company facts). Idempotent and monotone (earliest fact wins), so two workers consuming the same event
// in any order agree, and the facts may be committed ahead of the batch that needs them (Worker.prepare).
import { companyFactOf, sightingOf, type CompanyFact, type EmailSighting } from '../../core/facts/event-facts.js';
import type { TributaryEvent } from '../../core/events/types.js';
import { identityNodesOfEvent } from '../../core/identity/event-nodes.js';
import { linksOfEvent } from '../../core/identity/graph-walk.js';
import type { IdentityNode } from '../../core/types.js';
import type { Message } from '../../ports/bus.js';
import type { Sql } from '../../ports/sql.js';
import type { Link } from '../../store/bi/identity-links.js';
import { recordFacts } from '../../store/bi/identity-facts.js';
import type { IdentityGraph } from '../../store/bi/identity-graph.js';
import { validEvents } from './decode-messages.js';

type Prepare = (batch: readonly Message[], tx: Sql) => Promise<void>;

/**
 * The `Worker.prepare` of every worker that consumes input events: records the identity facts of the batch's valid
 * events, and tells `graph` of the links. Events without facts (sessions, hits) cost nothing, so every worker uses the
 * same one function per graph: a unit of work that has run it for an event does not run it again for the same event
 * in another queue, and runs it once for the pending messages of all its queues (EmbeddedBus).
 */
export function recordIdentityFactsOf(graph: IdentityGraph): Prepare {
  let all = recordAll.get(graph);
  if (!all) recordAll.set(graph, all = (batch, tx) => recordIdentityFacts(tx, graph, validEvents(batch)));
  return all;
}

const recordAll = new WeakMap<IdentityGraph, Prepare>();

export async function recordIdentityFacts(tx: Sql, graph: IdentityGraph, events: readonly TributaryEvent[]): Promise<void> {
  const links: Link[] = [];
  const sightings: EmailSighting[] = [];
  const companies: CompanyFact[] = [];
  for (const e of events) {
    for (const [a, b] of linksOfEvent(identityNodesOfEvent(e))) links.push({ a, b, at: e.ts });
    const sighting = sightingOf(e);
    if (sighting) sightings.push(sighting);
    const company = companyFactOf(e);
    if (company) companies.push(company);
  }
  const unrecorded = graph.unrecorded(links);
  await recordFacts(tx, { links: unrecorded, sightings, companies });
  graph.recorded({ links: unrecorded });
}

/** Every identity node the events touch. */
export function touchedNodes(events: readonly TributaryEvent[]): IdentityNode[] {
  const touched = new Set<IdentityNode>();
  for (const e of events) for (const n of identityNodesOfEvent(e)) touched.add(n);
  return [...touched];
}
