import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ingest, ev } from '../../support/pipeline.js';
import { openBench } from './bench.js';

const T = Date.parse('2026-06-01T12:00:00Z');

describe('HubSpot deliverer: what it sends', () => {
  it('writes companies and contacts found by domain and email, stores their ids, and skips with a reason what it cannot find', async () => {
    const b = await openBench();
    try {
      // A second, newer Globex on the same domain: the oldest record is the one written.
      const newerGlobex = b.fake.add('companies', { domain: 'globex.com', name: 'Globex (duplicate)' });
      await b.request('companies', ['co1', 'co2', 'co3', 'co4']);
      await b.request('contacts', ['ann@acme.com']);
      const round = await b.deliverer().deliverer.deliverDue(T);
      assert.deepEqual(round, { sent: 3, failed: 0, pending: 0, next_attempt_at: null });
      assert.deepEqual(b.fake.refusals, []);

      const acme = b.fake.record('companies', b.hubspot.acme)!;
      assert.equal(acme.tributary_first_touch_channel, 'email');
      assert.equal(acme.tributary_first_touch_campaign, 'March');
      assert.equal(acme.tributary_first_touch_date, '2026-03-01T09:00:00.000Z');
      assert.equal(b.fake.record('companies', b.hubspot.globex)!.tributary_original_source_click_id_type, 'gclid');
      assert.equal(b.fake.record('companies', newerGlobex)!.tributary_original_source_click_id_type, undefined);
      assert.equal(b.fake.record('contacts', b.hubspot.ann)!.tributary_first_touch_source, 'newsletter');

      const searches = b.fake.calls(/\/search$/).map((r) => r.body.filterGroups[0].filters[0]);
      assert.deepEqual(searches, [
        { propertyName: 'domain', operator: 'EQ', value: 'acme.com' },
        { propertyName: 'domain', operator: 'EQ', value: 'globex.com' },
        { propertyName: 'domain', operator: 'EQ', value: 'initech.com' },
        { propertyName: 'email', operator: 'EQ', value: 'ann@acme.com' },
      ]);
      const { rows } = await b.p.store.query<{ company_id: string; hubspot_id: string | null }>(
        'SELECT company_id, hubspot_id FROM bi.company_profile_meta_data ORDER BY company_id');
      assert.deepEqual(rows, [{ company_id: 'co1', hubspot_id: b.hubspot.acme }, { company_id: 'co2', hubspot_id: b.hubspot.globex },
        { company_id: 'co3', hubspot_id: null }, { company_id: 'co4', hubspot_id: null }]);

      assert.equal((await b.row('companies', 'co1')).status, 'synced');
      const co3 = await b.row('companies', 'co3');
      assert.deepEqual([co3.status, co3.last_error], ['skipped', 'no HubSpot id stored and no domain to search by']);
      const co4 = await b.row('companies', 'co4');
      assert.deepEqual([co4.status, co4.last_error], ['skipped', 'not found in HubSpot: no company with domain initech.com']);
    } finally {
      await b.close();
    }
  });

  it('sends nothing when HubSpot already has the values, and the values stored at send time when they changed', async () => {
    const b = await openBench();
    try {
      const d = b.deliverer().deliverer;
      await b.request('companies', ['co1']);
      await d.deliverDue(T);
      const writes = () => b.fake.calls(/batch\/update$/);
      assert.equal(writes().length, 1);

      await b.request('companies', ['co1']);
      assert.deepEqual(await d.deliverDue(T), { sent: 0, failed: 0, pending: 0, next_attempt_at: null });
      assert.equal(writes().length, 1);
      assert.equal((await b.row('companies', 'co1')).status, 'synced');

      // A late, earlier paid click changes co1's first touch: the write carries it, the stored id spares a search.
      await ingest(b.p, [ev.session({ ts: '2026-02-20T09:00:00Z', client_id: 'b1', page_url: 'https://www.acme.com/?gclid=late' })]);
      await b.request('companies', ['co1']);
      await d.deliverDue(T);
      assert.equal(writes().length, 2);
      assert.equal(b.fake.calls(/\/search$/).length, 1);
      const acme = b.fake.record('companies', b.hubspot.acme)!;
      assert.equal(acme.tributary_first_touch_channel, 'paid_search');
      assert.equal(acme.tributary_last_touch_channel, 'email');
    } finally {
      await b.close();
    }
  });

  it('sends again, with the newer state, a record asked for while its send was in flight', async () => {
    const b = await openBench();
    try {
      let interfered = false;
      const racing: typeof fetch = async (url, init) => {
        if (!interfered && String(url).endsWith('/batch/update')) {
          interfered = true;
          // Between reading co1 and HubSpot answering, a late click changes co1 and asks for a sync again.
          await ingest(b.p, [ev.session({ ts: '2026-02-20T09:00:00Z', client_id: 'b1', page_url: 'https://www.acme.com/?fbclid=f1&utm_source=facebook&utm_medium=paid_social' })]);
          await b.request('companies', ['co1']);
        }
        return fetch(url, init);
      };
      const d = b.deliverer({ fetch: racing }).deliverer;
      await b.request('companies', ['co1']);
      // The row moved on while it was being sent: it stays due, and the same round sends the newer state.
      assert.deepEqual(await d.deliverDue(T), { sent: 2, failed: 0, pending: 0, next_attempt_at: null });
      const writes = b.fake.calls(/batch\/update$/).map((r) => r.body.inputs[0].properties.tributary_first_touch_source);
      assert.deepEqual(writes, ['newsletter', 'facebook']);
      assert.equal(b.fake.record('companies', b.hubspot.acme)!.tributary_first_touch_source, 'facebook');
    } finally {
      await b.close();
    }
  });

  it('in dry run records what would be sent and sends nothing; a live deliverer sends it later', async () => {
    const b = await openBench();
    try {
      await b.request('companies', ['co1']);
      await b.request('contacts', ['ann@acme.com']);
      const round = await b.deliverer({ dryRun: true }).deliverer.deliverDue(T);
      assert.deepEqual(round, { sent: 0, failed: 0, pending: 0, next_attempt_at: null });
      assert.equal(b.fake.requests.length, 0);
      const co1 = await b.row('companies', 'co1');
      assert.equal(co1.status, 'dry_run');
      assert.deepEqual(co1.payload.search, { propertyName: 'domain', value: 'acme.com' });
      assert.equal(co1.payload.properties.tributary_first_touch_channel, 'email');

      const live = await b.deliverer().deliverer.deliverDue(T);
      assert.equal(live.sent, 2);
      assert.equal(b.fake.record('companies', b.hubspot.acme)!.tributary_first_touch_channel, 'email');
    } finally {
      await b.close();
    }
  });

  it('creates the group and properties once, accepting those that already exist (409), and remembers them across restarts', async () => {
    const b = await openBench();
    try {
      // Someone created the group and one property by hand.
      b.fake.groups.get('companies')!.set('tributary_attribution', { name: 'tributary_attribution', label: 'Mine' });
      b.fake.properties.get('companies')!.set('tributary_first_touch_channel', { name: 'tributary_first_touch_channel', label: 'x', type: 'string', fieldType: 'text', groupName: 'tributary_attribution' });
      await b.request('companies', ['co1']);
      assert.equal((await b.deliverer().deliverer.deliverDue(T)).sent, 1);
      assert.deepEqual(b.fake.refusals.map((r) => r.status), [409, 409]);
      assert.equal(b.fake.calls(/properties\/companies$/).length, 24);
      assert.equal(b.fake.properties.get('companies')!.size, 24);

      // A new process (a new deliverer) writes co2 without creating anything.
      await b.request('companies', ['co2']);
      assert.equal((await b.deliverer().deliverer.deliverDue(T)).sent, 1);
      assert.equal(b.fake.calls(/\/crm\/v3\/properties\//).length, 25);
    } finally {
      await b.close();
    }
  });

  it('creates the properties again when HubSpot says one is missing (deleted in its settings)', async () => {
    const b = await openBench();
    try {
      // A retry wait no round outlasts, however slow the machine: the retry is the next round's.
      const d = b.deliverer({ backoffBaseMs: 60_000 }).deliverer;
      await b.request('companies', ['co1']);
      await d.deliverDue(T);
      b.fake.properties.get('companies')!.clear();
      await ingest(b.p, [ev.session({ ts: '2026-02-20T09:00:00Z', client_id: 'b1', page_url: 'https://www.acme.com/?gclid=late' })]);
      await b.request('companies', ['co1']);
      const refused = await d.deliverDue(T);
      assert.equal(refused.pending, 1);
      assert.match((await b.row('companies', 'co1')).last_error, /PROPERTY_DOESNT_EXIST/);
      const again = await d.deliverDue(refused.next_attempt_at!);
      assert.equal(again.sent, 1);
      assert.equal(b.fake.properties.get('companies')!.size, 24);
      assert.equal(b.fake.record('companies', b.hubspot.acme)!.tributary_first_touch_channel, 'paid_search');
    } finally {
      await b.close();
    }
  });
});
