// Issue 5 item 1, end to end: ingested events → attribution → HubSpot CRM v3 (a local fake that checks every
// request as HubSpot does: Bearer token, body shapes, properties existing before they are written, date formats).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acceptEvents } from '../../src/app/ingress.js';
import { validateEvent } from '../../src/core/events/validate.js';
import type { Pipeline } from '../../src/app/pipeline.js';
import type { Config } from '../../src/app/config.js';
import { ev, ingest, openTestPipeline } from '../support/pipeline.js';
import { FakeHubspot } from '../destinations/hubspot/fake-hubspot.js';

let fake: FakeHubspot;
before(async () => { fake = await new FakeHubspot().start(); });
after(() => fake.close());

const hubspotOn = (extra: Partial<Config> = {}): Partial<Config> =>
  ({ destinations: { HUBSPOT_ACCESS_TOKEN: fake.token, HUBSPOT_API_URL: fake.url }, ...extra });

async function withPipeline(work: (p: Pipeline) => Promise<void>, extra: Partial<Config> = {}): Promise<void> {
  const p = await openTestPipeline(hubspotOn(extra));
  try { await work(p); } finally { await p.close(); }
}

/** Requests made during `work`. */
async function requestsDuring(work: () => Promise<unknown>) {
  const before = fake.requests.length;
  await work();
  return fake.requests.slice(before);
}

describe('HubSpot sync, end to end', () => {
  it('gives HubSpot the attribution properties of companies and contacts, creating the group and properties once', async () => {
    const company = fake.add('companies', { domain: 'hooli.com', name: 'Hooli' });
    const contact = fake.add('contacts', { email: 'gavin@hooli.com' });
    await withPipeline(async (p) => {
      const first = await requestsDuring(() => ingest(p, [
        ev.session({ ts: '2026-03-01T08:00:00Z', client_id: 'h1', page_url: 'https://hooli.com/?utm_source=google&utm_medium=cpc&utm_campaign=Brand&gclid=G1' }),
        ev.session({ ts: '2026-03-01T09:00:00Z', client_id: 'h1', page_url: 'https://hooli.com/', referrer: 'https://www.linkedin.com/' }),
        ev.contact({ ts: '2026-03-01T09:30:00Z', contact_id: 'ct-gavin', email: 'Gavin@Hooli.com', client_id: 'h1' }),
        ev.company({ ts: '2026-03-01T10:00:00Z', company_id: 'hooli', client_id: 'h1', domain: 'https://www.hooli.com', email: 'gavin@hooli.com' }),
      ]));
      assert.deepEqual(fake.refusals, []);
      const c = fake.record('companies', company)!;
      assert.deepEqual([c.tributary_first_touch_channel, c.tributary_first_touch_source, c.tributary_first_touch_medium,
        c.tributary_first_touch_campaign, c.tributary_first_touch_click_id_type, c.tributary_first_touch_date],
      ['paid_search', 'google', 'cpc', 'Brand', 'gclid', '2026-03-01T08:00:00.000Z']);
      assert.deepEqual([c.tributary_last_touch_channel, c.tributary_last_touch_source], ['organic_social', 'linkedin']);
      assert.equal(c.tributary_first_touch_28d_channel, 'paid_search');
      assert.equal(c.tributary_original_source_click_id_type, 'gclid');
      assert.equal(fake.record('contacts', contact)!.tributary_first_touch_campaign, 'Brand');

      const created = (path: RegExp) => first.filter((r) => path.test(r.path)).length;
      assert.equal(created(/^\/crm\/v3\/properties\/companies\/groups$/), 1);
      assert.equal(created(/^\/crm\/v3\/properties\/contacts\/groups$/), 1);
      assert.equal(created(/^\/crm\/v3\/properties\/companies$/), 24);
      assert.equal(created(/^\/crm\/v3\/properties\/contacts$/), 6);
      assert.equal(fake.groups.get('companies')!.get('tributary_attribution')!.label, 'Tributary attribution');

      // More updates later: no property is created again.
      const later = await requestsDuring(() => ingest(p, [
        ev.session({ ts: '2026-03-01T09:50:00Z', client_id: 'h1', page_url: 'https://hooli.com/?utm_source=bing&utm_medium=cpc&msclkid=M1' }),
      ]));
      assert.deepEqual(later.map((r) => r.path), ['/crm/v3/objects/companies/batch/update']);
      assert.equal(fake.record('companies', company)!.tributary_last_touch_click_id_type, 'msclkid');
    });
  });

  it('sends nothing new when the same events are replayed', async () => {
    fake.add('companies', { domain: 'pied-piper.com' });
    const events = [
      ev.session({ ts: '2026-03-02T09:00:00Z', client_id: 'pp1', page_url: 'https://pied-piper.com/?utm_source=techcrunch&utm_medium=referral' }),
      ev.company({ ts: '2026-03-02T10:00:00Z', company_id: 'pied-piper', client_id: 'pp1', domain: 'pied-piper.com' }),
    ];
    await withPipeline(async (p) => {
      const first = await requestsDuring(() => ingest(p, events));
      assert.equal(first.filter((r) => r.path.endsWith('/batch/update')).length, 1);
      assert.deepEqual(await requestsDuring(() => ingest(p, events)), []);
    });
  });

  it('updates the property when a late event changes the attribution: the newer result wins', async () => {
    const id = fake.add('companies', { domain: 'raviga.com' });
    await withPipeline(async (p) => {
      await ingest(p, [
        ev.session({ ts: '2026-03-05T09:00:00Z', client_id: 'r1', page_url: 'https://raviga.com/?utm_source=newsletter&utm_medium=email' }),
        ev.company({ ts: '2026-03-05T10:00:00Z', company_id: 'raviga', client_id: 'r1', domain: 'raviga.com' }),
      ]);
      assert.equal(fake.record('companies', id)!.tributary_first_touch_channel, 'email');
      // Arrives late, happened earlier: first touch becomes the paid click; the stored HubSpot id spares a search.
      const late = await requestsDuring(() => ingest(p, [
        ev.session({ ts: '2026-03-01T09:00:00Z', client_id: 'r1', page_url: 'https://raviga.com/?fbclid=F1&utm_source=facebook&utm_medium=paid_social' }),
      ]));
      assert.deepEqual(late.map((r) => r.path), ['/crm/v3/objects/companies/batch/update']);
      const r = fake.record('companies', id)!;
      assert.deepEqual([r.tributary_first_touch_channel, r.tributary_first_touch_source], ['paid_social', 'facebook']);
      assert.equal(r.tributary_last_touch_channel, 'email');
    });
  });

  it('coalesces a burst of updates to one company into one write with the latest values', async () => {
    const id = fake.add('companies', { domain: 'bachmanity.com' });
    await withPipeline(async (p) => {
      const announced: string[] = [];
      p.bus.register({
        name: 'BurstListener', queue: 'burst_listener', bindings: ['company_attribution_updated'],
        async handle(batch) { for (const m of batch) if ((m.payload as any).company_id === 'bachmanity') announced.push((m.payload as any).current.first_touch?.source ?? null); },
      });
      // Events reach the collector one after another, each processed before the deliverer's next round.
      const collect = async (...events: object[]) => {
        await acceptEvents(p.bus, events.map((e) => ({ result: validateEvent(e), raw: JSON.stringify(e) })), 'collector', p.rules);
        await p.settle();
      };
      const writes = await requestsDuring(async () => {
        await collect(ev.company({ ts: '2026-03-10T10:00:00Z', company_id: 'bachmanity', client_id: 'bm1', domain: 'bachmanity.com' }),
          ev.session({ ts: '2026-03-10T09:00:00Z', client_id: 'bm1', page_url: 'https://bachmanity.com/?utm_source=newsletter&utm_medium=email' }));
        await collect(ev.session({ ts: '2026-03-09T09:00:00Z', client_id: 'bm1', page_url: 'https://bachmanity.com/?utm_source=bing&utm_medium=cpc' }));
        await collect(ev.session({ ts: '2026-03-08T09:00:00Z', client_id: 'bm1', page_url: 'https://bachmanity.com/?utm_source=google&utm_medium=cpc&gclid=B1' }));
        await p.finish();
      });
      assert.ok(announced.length >= 3, `updates announced: ${announced.join(', ')}`);
      assert.equal(announced.at(-1), 'google');
      const updates = writes.filter((r) => r.path === '/crm/v3/objects/companies/batch/update');
      assert.equal(updates.length, 1);
      assert.deepEqual(updates[0]!.body.inputs.map((i: { id: string }) => i.id), [id]);
      assert.equal(updates[0]!.body.inputs[0].properties.tributary_first_touch_source, 'google');
      assert.equal(updates[0]!.body.inputs[0].properties.tributary_last_touch_source, 'newsletter');
    });
  });

  it('in dry run sends nothing and records what would have been sent', async () => {
    fake.add('companies', { domain: 'endframe.com' });
    await withPipeline(async (p) => {
      const sent = await requestsDuring(() => ingest(p, [
        ev.session({ ts: '2026-03-06T09:00:00Z', client_id: 'e1', page_url: 'https://endframe.com/?gclid=E1' }),
        ev.company({ ts: '2026-03-06T10:00:00Z', company_id: 'endframe', client_id: 'e1', domain: 'endframe.com' }),
      ]));
      assert.deepEqual(sent, []);
      const { rows } = await p.store.query<{ status: string; payload: any }>(`SELECT status, payload FROM bi.hubspot_sync WHERE entity_id = 'endframe'`);
      assert.equal(rows[0]!.status, 'dry_run');
      assert.equal(rows[0]!.payload.properties.tributary_first_touch_click_id_type, 'gclid');
    }, { dryRun: true });
  });
});
