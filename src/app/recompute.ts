// `tributary recompute`: every company and contact attributed again from the stored touchpoints and links, through
// the same steps the workers use, so a batch recompute and the streaming pipeline cannot disagree.
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { Sql } from '../ports/sql.js';
import { attributeCompanies } from '../workers/steps/attribute-companies.js';
import { attributeContacts } from '../workers/steps/attribute-contacts.js';
import type { AttributionSettings } from '../workers/steps/attribution-settings.js';

export interface RecomputeProgress { phase: 'companies' | 'contacts'; done: number; total: number }
export interface RecomputeSummary { companies: number; contacts: number; changed: number }

const CHUNK = 1000;

export async function recompute(bus: Bus, sql: Sql, settings: AttributionSettings, clock: Clock, onProgress: (p: RecomputeProgress) => void = () => {}): Promise<RecomputeSummary> {
  const now = clock.now();
  const companies = (await sql.query<{ id: string }>(
    `SELECT company_id AS id FROM bi.company_profile_meta_data ORDER BY company_id COLLATE "C"`)).rows.map((r) => r.id);
  const contacts = (await sql.query<{ id: string }>(
    `SELECT email AS id FROM bi.contact_profile_metadata ORDER BY email COLLATE "C"`)).rows.map((r) => r.id);
  let changed = 0;
  for (let i = 0; i < companies.length; i += CHUNK) {
    changed += await bus.transaction((tx, publish) => attributeCompanies(tx, { ids: companies.slice(i, i + CHUNK) }, settings, publish, now));
    onProgress({ phase: 'companies', done: Math.min(i + CHUNK, companies.length), total: companies.length });
  }
  for (let i = 0; i < contacts.length; i += CHUNK) {
    changed += await bus.transaction((tx, publish) => attributeContacts(tx, { ids: contacts.slice(i, i + CHUNK) }, settings, publish, now));
    onProgress({ phase: 'contacts', done: Math.min(i + CHUNK, contacts.length), total: contacts.length });
  }
  return { companies: companies.length, contacts: contacts.length, changed };
}
