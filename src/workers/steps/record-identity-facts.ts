// The step every consumer of an input event runs first: record what the event says about identities (links,
// email sightings, company facts). Idempotent, so two workers consuming the same event in any order agree.
import { companyFactOf, sightingOf, type CompanyFact, type EmailSighting } from '../../core/facts/event-facts.js';
import type { TributaryEvent } from '../../core/events/types.js';
import { identityNodesOfEvent } from '../../core/identity/event-nodes.js';
import { linksOfEvent } from '../../core/identity/graph-walk.js';
import type { IdentityNode } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import { insertLinks, type Link } from '../../store/bi/identity-links.js';
import { recordCompanyFacts, recordSightings } from '../../store/bi/profiles.js';

/** Records the facts of a batch of events; returns every identity node they touched. */
export async function recordIdentityFacts(tx: Sql, events: readonly TributaryEvent[]): Promise<IdentityNode[]> {
  const links: Link[] = [];
  const sightings: EmailSighting[] = [];
  const companies: CompanyFact[] = [];
  const touched = new Set<IdentityNode>();
  for (const e of events) {
    const nodes = identityNodesOfEvent(e);
    for (const n of nodes) touched.add(n);
    for (const [a, b] of linksOfEvent(nodes)) links.push({ a, b, at: e.ts });
    const sighting = sightingOf(e);
    if (sighting) sightings.push(sighting);
    const company = companyFactOf(e);
    if (company) companies.push(company);
  }
  await insertLinks(tx, links);
  await recordSightings(tx, sightings);
  await recordCompanyFacts(tx, companies);
  return [...touched];
}
