// `tributary recompute`: every company and contact attributed again from the stored touchpoints and links, with the
// same per-entity steps the workers use (companyResult, contactResult), so a batch recompute and the streaming
// pipeline cannot disagree.
//
// In bulk, in one transaction: the whole identity graph, every touchpoint and profile, and the fingerprint of each
// stored result are read with COPY; every entity is computed in memory; only the entities whose fingerprint differs
// are written and announced. The transaction holds the recompute lock (migration 009): attribution transactions in flight commit
// first, and new ones wait until it has committed, so none of their answers is overwritten by an older one.
import type { Bus } from '../ports/bus.js';
import { companyNode, emailNode } from '../core/identity/event-nodes.js';
import { companyFingerprint, contactFingerprint, loadCompanyAttributions, loadContactAttributions, writeCompanyResults,
  writeContactResults, type CompanyResult, type ContactResult } from '../store/bi/attribution-results.js';
import { loadAdjacency, loadContacts, loadConvertedCompanies, loadFingerprints, loadModelTouchpoints } from '../store/bi/attribution-snapshot.js';
import { announceCompany, companyResult, exportedShape, resolveOriginalSources, type ReferralInfos } from '../workers/steps/attribute-companies.js';
import { announceContact, contactResult, contactShape } from '../workers/steps/attribute-contacts.js';
import type { AttributionSettings } from '../workers/steps/attribution-settings.js';
import { entityTouchpoints } from '../store/bi/identity-graph.js';

export type RecomputePhase = 'read' | 'companies' | 'contacts' | 'write';
export interface RecomputeProgress { phase: RecomputePhase; done: number; total: number }
export interface RecomputeSummary { companies: number; contacts: number; changed: number; written: number }

/** Entities written per statement. */
const WRITE_CHUNK = 2000;

export async function recompute(bus: Bus, settings: AttributionSettings, onProgress: (p: RecomputeProgress) => void = () => {}): Promise<RecomputeSummary> {
  return bus.transaction(async (tx, publish) => {
    await tx.query('SELECT bi.lock_recompute()');
    const reads = 6;
    onProgress({ phase: 'read', done: 0, total: reads });
    const adjacency = await loadAdjacency(tx);
    onProgress({ phase: 'read', done: 1, total: reads });
    const touchpointsOf = entityTouchpoints(adjacency, await loadModelTouchpoints(tx), settings.maxHops);
    onProgress({ phase: 'read', done: 2, total: reads });
    const companies = await loadConvertedCompanies(tx);
    const contacts = await loadContacts(tx);
    onProgress({ phase: 'read', done: 4, total: reads });
    const storedCompanies = await loadFingerprints(tx, 'company');
    const storedContacts = await loadFingerprints(tx, 'contact');
    onProgress({ phase: 'read', done: reads, total: reads });

    const info: ReferralInfos = new Map();
    const companyResults: CompanyResult[] = [];
    for (const c of companies) {
      companyResults.push(companyResult(c, touchpointsOf(companyNode(c.company_id)), settings, info));
      if (companyResults.length % 10_000 === 0) onProgress({ phase: 'companies', done: companyResults.length, total: companies.length });
    }
    resolveOriginalSources(companyResults, info, settings.maxHops);
    onProgress({ phase: 'companies', done: companies.length, total: companies.length });
    const contactResults: ContactResult[] = [];
    for (const c of contacts) {
      contactResults.push(contactResult(c, touchpointsOf(emailNode(c.email)), settings));
      if (contactResults.length % 10_000 === 0) onProgress({ phase: 'contacts', done: contactResults.length, total: contacts.length });
    }
    onProgress({ phase: 'contacts', done: contacts.length, total: contacts.length });

    // A fingerprint that differs (or none: never stored) marks a result to write; the writes still skip its rows
    // that are already right.
    const changedCompanies = companyResults.filter((r) => storedCompanies.get(r.company_id) !== companyFingerprint(r));
    const changedContacts = contactResults.filter((r) => storedContacts.get(r.email) !== contactFingerprint(r));
    const contactIds = new Map(contacts.map((c) => [c.email, c.contact_id]));

    const total = changedCompanies.length + changedContacts.length;
    let written = 0, announced = 0;
    onProgress({ phase: 'write', done: 0, total });
    for (let i = 0; i < changedCompanies.length; i += WRITE_CHUNK) {
      const chunk = changedCompanies.slice(i, i + WRITE_CHUNK);
      const before = await previous(chunk.map((r) => r.company_id), storedCompanies, (ids) => loadCompanyAttributions(tx, ids), (a) => a.company_id);
      await writeCompanyResults(tx, chunk);
      for (const r of chunk) announced += announceCompany(r.company_id, before.get(r.company_id) ?? null, exportedShape(r, info), publish) ? 1 : 0;
      onProgress({ phase: 'write', done: (written += chunk.length), total });
    }
    for (let i = 0; i < changedContacts.length; i += WRITE_CHUNK) {
      const chunk = changedContacts.slice(i, i + WRITE_CHUNK);
      const before = await previous(chunk.map((r) => r.email), storedContacts, (emails) => loadContactAttributions(tx, emails), (a) => a.email);
      await writeContactResults(tx, chunk);
      for (const r of chunk) {
        const current = contactShape({ contact_id: contactIds.get(r.email)!, email: r.email }, r);
        announced += announceContact(before.get(r.email) ?? null, current, publish) ? 1 : 0;
      }
      onProgress({ phase: 'write', done: (written += chunk.length), total });
    }
    return { companies: companies.length, contacts: contacts.length, changed: announced, written };
  });
}

/** The exported shapes stored for those of `keys` that have any, as the announcements' `previous`. */
async function previous<T>(keys: string[], stored: Map<string, string>, load: (keys: string[]) => Promise<T[]>, keyOf: (t: T) => string): Promise<Map<string, T>> {
  const known = keys.filter((k) => stored.has(k));
  return new Map((known.length ? await load(known) : []).map((t) => [keyOf(t), t]));
}
