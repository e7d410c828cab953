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
import { validEvents } from './decode-messages.js';

/** A `Worker.prepare` that records the identity facts of the batch's valid input events that `select` keeps. */
export function recordIdentityFactsOf(select: (e: TributaryEvent) => boolean = () => true) {
  return (batch: readonly Message[], tx: Sql): Promise<void> => recordIdentityFacts(tx, validEvents(batch).filter(select));
}

export async function recordIdentityFacts(tx: Sql, events: readonly TributaryEvent[]): Promise<void> {
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
  await recordFacts(tx, { links, sightings, companies });
}

/** Every identity node the events touch. */
export function touchedNodes(events: readonly TributaryEvent[]): IdentityNode[] {
  const touched = new Set<IdentityNode>();
  for (const e of events) for (const n of identityNodesOfEvent(e)) touched.add(n);
  return [...touched];
}
