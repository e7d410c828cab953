// A HubSpot deliverer driven by hand: a pipeline with HubSpot off ingests the journeys, then the test requests syncs
// and runs delivery rounds at the times it chooses (no waiting: `deliverDue(now)` takes the time).
import type { Pipeline } from '../../../src/app/pipeline.js';
import type { Fetch } from '../../../src/destinations/delivery.js';
import { createHubspotDestination, type HubspotDestination, type HubspotOptions } from '../../../src/destinations/hubspot/index.js';
import type { HubspotObjectType } from '../../../src/destinations/hubspot/properties.js';
import { requestSync } from '../../../src/destinations/hubspot/sync-store.js';
import { ev, ingest, openTestPipeline, testConfig } from '../../support/pipeline.js';
import { FakeHubspot } from './fake-hubspot.js';

/** co1 (acme.com, email then paid search), co2 (globex.com, gclid), co3 (no domain), co4 (a domain HubSpot lacks). */
export const JOURNEYS = [
  ev.session({ ts: '2026-03-01T09:00:00Z', client_id: 'b1', page_url: 'https://www.acme.com/?utm_source=newsletter&utm_medium=email&utm_campaign=March' }),
  ev.company({ ts: '2026-03-01T10:00:00Z', company_id: 'co1', client_id: 'b1', domain: 'www.acme.com', email: 'ann@acme.com' }),
  ev.contact({ ts: '2026-03-01T09:30:00Z', contact_id: 'ct-ann', email: 'ann@acme.com', client_id: 'b1' }),
  ev.session({ ts: '2026-03-02T09:00:00Z', client_id: 'b2', page_url: 'https://www.acme.com/?gclid=g2' }),
  ev.company({ ts: '2026-03-02T10:00:00Z', company_id: 'co2', client_id: 'b2', domain: 'globex.com' }),
  ev.session({ ts: '2026-03-03T09:00:00Z', client_id: 'b3', page_url: 'https://www.acme.com/' }),
  ev.company({ ts: '2026-03-03T10:00:00Z', company_id: 'co3', client_id: 'b3' }),
  ev.session({ ts: '2026-03-04T09:00:00Z', client_id: 'b4', page_url: 'https://www.acme.com/?msclkid=m4' }),
  ev.company({ ts: '2026-03-04T10:00:00Z', company_id: 'co4', client_id: 'b4', domain: 'initech.com' }),
];

export interface Bench {
  p: Pipeline;
  fake: FakeHubspot;
  hubspot: { acme: string; globex: string; ann: string };
  deliverer(options?: HubspotOptions & { dryRun?: boolean; fetch?: Fetch }): HubspotDestination;
  request(type: HubspotObjectType, ids: string[]): Promise<void>;
  row(type: HubspotObjectType, id: string): Promise<Record<string, any>>;
  close(): Promise<void>;
}

export async function openBench(fakeOptions: { token?: string } = {}): Promise<Bench> {
  const fake = await new FakeHubspot(fakeOptions).start();
  const hubspot = {
    acme: fake.add('companies', { domain: 'acme.com', name: 'Acme' }),
    globex: fake.add('companies', { domain: 'globex.com', name: 'Globex' }),
    ann: fake.add('contacts', { email: 'ann@acme.com' }),
  };
  const p = await openTestPipeline();
  await ingest(p, JOURNEYS);
  return {
    p, fake, hubspot,
    deliverer({ dryRun = false, fetch: fetchImpl = fetch, ...options } = {}) {
      // The fake always knows the right token; a test that wants a wrong one starts the fake with another.
      const config = testConfig({ destinations: { HUBSPOT_ACCESS_TOKEN: 'pat-na1-11111111-2222-3333-4444-555555555555', HUBSPOT_API_URL: fake.url }, dryRun });
      return createHubspotDestination(config, p.store, fetchImpl, { backoffBaseMs: 10, ...options })!;
    },
    request: (type, ids) => requestSync(p.store, type, ids),
    async row(type, id) {
      const { rows } = await p.store.query<Record<string, any>>('SELECT * FROM bi.hubspot_sync WHERE object_type = $1 AND entity_id = $2', [type, id]);
      return rows[0]!;
    },
    async close() { await p.close(); await fake.close(); },
  };
}
