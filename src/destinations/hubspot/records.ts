// What the deliverer sends for a record, read at send time: the record's attribution as stored now (never the
// value an event carried, so an older result can never overwrite a newer one), its stored HubSpot id, and what
// to search HubSpot by when that id is not known yet (companies by domain, contacts by email).
import type { Sql } from '../../ports/sql.js';
import { loadCompanyAttributions, loadContactAttributions } from '../../store/bi/attribution-results.js';
import { propertyValues, type HubspotObjectType, type PropertyValues } from './properties.js';

export interface RecordState {
  entity_id: string;
  values: PropertyValues;
  hubspot_id: string | null;
  /** The search that finds the record in HubSpot, or why there is none. */
  lookup: { propertyName: string; value: string } | { unavailable: string };
}

export interface SyncTarget {
  objectType: HubspotObjectType;
  /** Current state of these records; a record with no stored attribution is absent. */
  load(sql: Sql, entityIds: readonly string[]): Promise<Map<string, RecordState>>;
  /** Keeps the HubSpot id found by a search (null forgets an id HubSpot no longer knows). */
  storeHubspotId(sql: Sql, entityId: string, hubspotId: string | null): Promise<void>;
}

/** HubSpot keeps a company's domain bare (`acme.com`); events may carry a URL or a `www.` host. */
export function normaliseDomain(raw: string | null): string | null {
  if (raw === null) return null;
  const host = raw.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').split(/[/?#]/)[0]!.replace(/:\d+$/, '').replace(/^www\./, '').replace(/\.$/, '');
  return host === '' ? null : host;
}

export const companiesTarget: SyncTarget = {
  objectType: 'companies',
  async load(sql, ids) {
    const { rows } = await sql.query<{ company_id: string; domain: string | null; hubspot_id: string | null }>(
      'SELECT company_id, domain, hubspot_id FROM bi.company_profile_meta_data WHERE company_id = ANY($1::text[])', [ids]);
    const meta = new Map(rows.map((r) => [r.company_id, r]));
    const states = new Map<string, RecordState>();
    for (const a of await loadCompanyAttributions(sql, ids)) {
      const m = meta.get(a.company_id);
      const domain = normaliseDomain(m?.domain ?? null);
      states.set(a.company_id, {
        entity_id: a.company_id,
        values: propertyValues('companies', a),
        hubspot_id: m?.hubspot_id ?? null,
        lookup: domain === null ? { unavailable: 'no HubSpot id stored and no domain to search by' } : { propertyName: 'domain', value: domain },
      });
    }
    return states;
  },
  async storeHubspotId(sql, entityId, hubspotId) {
    await sql.query('UPDATE bi.company_profile_meta_data SET hubspot_id = $2 WHERE company_id = $1', [entityId, hubspotId]);
  },
};

export const contactsTarget: SyncTarget = {
  objectType: 'contacts',
  async load(sql, emails) {
    const { rows } = await sql.query<{ email: string; hubspot_id: string | null }>(
      'SELECT email, hubspot_id FROM bi.contact_profile_metadata WHERE email = ANY($1::text[])', [emails]);
    const ids = new Map(rows.map((r) => [r.email, r.hubspot_id]));
    const states = new Map<string, RecordState>();
    for (const a of await loadContactAttributions(sql, emails)) {
      states.set(a.email, {
        entity_id: a.email,
        values: propertyValues('contacts', a),
        hubspot_id: ids.get(a.email) ?? null,
        lookup: { propertyName: 'email', value: a.email },
      });
    }
    return states;
  },
  async storeHubspotId(sql, email, hubspotId) {
    await sql.query('UPDATE bi.contact_profile_metadata SET hubspot_id = $2 WHERE email = $1', [email, hubspotId]);
  },
};

export const SYNC_TARGETS: readonly SyncTarget[] = [companiesTarget, contactsTarget];
