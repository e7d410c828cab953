// What the input events say about identities (graph links, email sightings, company facts), written together in
// one statement: every consumer of every input event records them, so this is one of the most frequent writes.
import type { CompanyFact, EmailSighting } from '../../core/facts/event-facts.js';
import type { Sql } from '../../ports/sql.js';
import { linksUpsert, type Link } from './identity-links.js';
import { companyFactsUpsert, sightingsUpsert } from './profiles.js';
import { ArrayParams, writeAll } from './sql-values.js';

export interface IdentityFacts { links: readonly Link[]; sightings: readonly EmailSighting[]; companies: readonly CompanyFact[] }

export async function recordFacts(tx: Sql, facts: IdentityFacts): Promise<void> {
  const p = new ArrayParams();
  await writeAll(tx, p, [linksUpsert(p, facts.links), sightingsUpsert(p, facts.sightings), companyFactsUpsert(p, facts.companies)]);
}
