// A history of 250 companies reaches HubSpot in batch updates of at most 100 records (HubSpot's limit), after the
// group and properties are created once.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ev, ingest, openTestPipeline } from '../support/pipeline.js';
import { FakeHubspot } from '../destinations/hubspot/fake-hubspot.js';

describe('HubSpot batches', () => {
  it('writes a 250-company history in batches of at most 100', async () => {
    const fake = await new FakeHubspot().start();
    const ids = new Map<string, string>();
    const events: object[] = [];
    for (let i = 0; i < 250; i++) {
      const domain = `company${i}.example`;
      ids.set(`hist-${i}`, fake.add('companies', { domain }));
      const ts = Date.parse('2026-01-01T00:00:00Z') + i * 3_600_000;
      const source = i % 2 === 0 ? 'utm_source=google&utm_medium=cpc&gclid=H' + i : 'utm_source=newsletter&utm_medium=email';
      events.push(ev.session({ ts, client_id: `hc${i}`, page_url: `https://${domain}/?${source}` }));
      events.push(ev.company({ ts: ts + 60_000, company_id: `hist-${i}`, client_id: `hc${i}`, domain }));
    }
    const p = await openTestPipeline({ destinations: { HUBSPOT_ACCESS_TOKEN: fake.token, HUBSPOT_API_URL: fake.url } });
    try {
      await ingest(p, events);
      assert.deepEqual(fake.refusals, []);
      const batches = fake.calls(/\/companies\/batch\/update$/);
      assert.deepEqual(batches.map((b) => b.body.inputs.length), [100, 100, 50]);
      assert.equal(fake.calls(/\/properties\/companies\/groups$/).length, 1);
      assert.equal(fake.calls(/\/properties\/companies$/).length, 24);
      for (const [companyId, hubspotId] of ids) {
        const i = Number(companyId.slice('hist-'.length));
        assert.equal(fake.record('companies', hubspotId)!.tributary_first_touch_channel, i % 2 === 0 ? 'paid_search' : 'email', companyId);
      }
    } finally {
      await p.close();
      await fake.close();
    }
  });
});
