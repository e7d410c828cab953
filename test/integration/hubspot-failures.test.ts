// HubSpot rate limits and outages, end to end: 429 and 5xx are retried until the records are synced; a HubSpot that
// refuses for good leaves failed rows with its reasons, and the rest of the pipeline is untouched.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ev, exportAll, ingest, openTestPipeline } from '../support/pipeline.js';
import { FakeHubspot, rateLimited, serverError } from '../destinations/hubspot/fake-hubspot.js';

let fake: FakeHubspot;
before(async () => { fake = await new FakeHubspot().start(); });
after(() => fake.close());

const hubspotOn = () => ({ destinations: { HUBSPOT_ACCESS_TOKEN: fake.token, HUBSPOT_API_URL: fake.url } });

describe('HubSpot failures, end to end', () => {
  it('retries a 5xx and a 429 (waiting as HubSpot\'s headers say) and ends synced', async () => {
    const id = fake.add('companies', { domain: 'aviato.com' });
    // First answer an outage (backoff: 1 s), then a spent rate-limit window (its interval: 50 ms), then accept.
    fake.script(/\/companies\/batch\/update$/, serverError(503), rateLimited({ intervalMs: 50 }));
    const p = await openTestPipeline(hubspotOn());
    try {
      await ingest(p, [
        ev.session({ ts: '2026-04-01T09:00:00Z', client_id: 'av1', page_url: 'https://aviato.com/?utm_source=google&utm_medium=cpc&gclid=A1' }),
        ev.company({ ts: '2026-04-01T10:00:00Z', company_id: 'aviato', client_id: 'av1', domain: 'aviato.com' }),
      ]);
      assert.deepEqual(fake.calls(/\/companies\/batch\/update$/).map((r) => r.status), [503, 429, 200]);
      assert.equal(fake.record('companies', id)!.tributary_first_touch_click_id_type, 'gclid');
      const { rows } = await p.store.query<{ status: string; attempts: number }>(`SELECT status, attempts FROM bi.hubspot_sync WHERE entity_id = 'aviato'`);
      assert.deepEqual(rows, [{ status: 'synced', attempts: 0 }]);
    } finally {
      await p.close();
    }
  });

  it('leaves failed rows with HubSpot\'s reason when it refuses for good, and the rest of the system untouched', async () => {
    const contact = fake.add('contacts', { email: 'jared@hooli.xyz' });
    fake.add('companies', { domain: 'hooli.xyz' });
    fake.script(/\/companies\/batch\/update$/, { status: 403, body: { status: 'error', message: 'This app hasn\'t been granted all required scopes to make this call.', correlationId: 'x', category: 'MISSING_SCOPES' } });
    const p = await openTestPipeline(hubspotOn());
    try {
      const summary = await ingest(p, [
        ev.session({ ts: '2026-04-02T09:00:00Z', client_id: 'j1', page_url: 'https://hooli.xyz/?utm_source=newsletter&utm_medium=email' }),
        ev.contact({ ts: '2026-04-02T09:30:00Z', contact_id: 'ct-jared', email: 'jared@hooli.xyz', client_id: 'j1' }),
        ev.company({ ts: '2026-04-02T10:00:00Z', company_id: 'hooli-xyz', client_id: 'j1', domain: 'hooli.xyz' }),
      ]);
      assert.equal(summary.accepted, 3);
      const { rows } = await p.store.query<{ object_type: string; status: string; last_error: string | null }>(
        'SELECT object_type, status, last_error FROM bi.hubspot_sync ORDER BY object_type');
      assert.deepEqual(rows, [
        { object_type: 'companies', status: 'failed', last_error: 'HTTP 403 MISSING_SCOPES: This app hasn\'t been granted all required scopes to make this call.' },
        { object_type: 'contacts', status: 'synced', last_error: null },
      ]);
      assert.equal(fake.record('contacts', contact)!.tributary_first_touch_channel, 'email');
      const companies = await exportAll(p, 'companies');
      assert.equal(companies.find((c) => c.company_id === 'hooli-xyz').first_touch.channel, 'email');
    } finally {
      await p.close();
    }
  });
});
