// CONTRACT section 3, attribution rules, end to end: conversion times (company_created ts; a contact's earliest
// email event), eligibility (occurred_at <= conversion), order (occurred_at, then touchpoint_id), first_touch /
// last_touch with the direct fallback, first_touch_28d's window, unattributed entities, and the output tables.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pipeline } from '../../src/app/pipeline.js';
import { createServer } from '../../src/hosts/http/server.js';
import { exportAll } from '../support/pipeline.js';
import { T0, MINUTE, HOUR, DAY, iso, open, uid, session, companyCreated, run, company, contactByEmail, type Harness } from '../support/scenario.js';

async function touchpointIdsOf(p: Pipeline, client_id: string): Promise<string[]> {
  return (await exportAll(p, 'touchpoints')).filter((t) => t.client_id === client_id).map((t) => t.touchpoint_id);
}

describe('section 3: attribution rules', () => {
  let h: Harness;
  before(async () => { h = await open(); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, [], 'no worker may fail'); });

  describe('company conversion time and eligibility', () => {
    it('a company converts at its company_created ts even when company_created arrives first', async () => {
      const c = uid('conv-c');
      const co = uid('conv-co');
      await run(h.p, [
        companyCreated(co, T0, { client_id: c }),
        session(c, T0 + HOUR, 'After'),
        session(c, T0 - HOUR, 'Before'),
      ]);
      const result = await company(h.p, co);
      assert.equal(result.converted_at, iso(T0));
      assert.equal(result.first_touch.campaign, 'Before');
      assert.equal(result.last_touch.campaign, 'Before', 'a touchpoint after conversion is not eligible');
    });

    it('a touchpoint at exactly the conversion time is eligible; one 1 ms later is not', async () => {
      const c = uid('edge-c');
      const co = uid('edge-co');
      await run(h.p, [
        session(c, T0 + 1, 'OneMsAfter'),
        session(c, T0, 'AtConversion'),
        session(c, T0 - DAY, 'DayBefore'),
        companyCreated(co, T0, { client_id: c }),
      ]);
      const result = await company(h.p, co);
      assert.equal(result.first_touch.campaign, 'DayBefore');
      assert.equal(result.last_touch.campaign, 'AtConversion');
    });

    it('the company and its touchpoint refs carry ISO times in UTC with milliseconds', async () => {
      const c = uid('iso-c');
      const co = uid('iso-co');
      await run(h.p, [session(c, T0 - 1234, 'Iso'), companyCreated(co, new Date(T0).toISOString().replace('Z', '+00:00'), { client_id: c })]);
      const result = await company(h.p, co);
      assert.equal(result.converted_at, '2026-03-10T12:00:00.000Z');
      assert.equal(result.first_touch.occurred_at, iso(T0 - 1234));
    });
  });

  describe('contact conversion: the earliest ts of any event carrying its email', () => {
    // Each carrier arrives after the contact_created but happened 5 hours earlier. A paid session between the two
    // times must then be ineligible, leaving only the earlier direct session (the direct fallback).
    const carriers: Record<string, (email: string, ts: number) => Record<string, unknown>> = {
      form_submission: (email, ts) => ({ type: 'form_submission', event_id: uid('f'), ts, email, form_id: 'demo', site: 'marketing' }),
      signup: (email, ts) => ({ type: 'signup', event_id: uid('su'), ts, company_id: uid('carrier-co'), email }),
      identify: (email, ts) => ({ type: 'identify', event_id: uid('i'), ts, client_id: uid('carrier-c'), email }),
      mobile_signup: (email, ts) => ({ type: 'mobile_signup', event_id: uid('ms'), ts, device_id: uid('carrier-d'), email }),
      mobile_event: (email, ts) => ({ type: 'mobile_event', event_id: uid('me'), ts, device_id: uid('carrier-d'), name: 'open', email }),
      company_created: (email, ts) => companyCreated(uid('carrier-co'), ts, { email }),
      call: (email, ts) => ({ type: 'call', event_id: uid('call'), ts, call_id: uid('call'), email }),
      contact_created: (email, ts) => ({ type: 'contact_created', event_id: uid('ct'), ts, contact_id: uid('other-ct'), email }),
    };
    for (const [type, carrier] of Object.entries(carriers)) {
      it(`${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type} earlier than contact_created sets the contact's conversion time, whatever the arrival order`, async () => {
        const c = uid('cc-client');
        const email = `${uid('carrier')}@example.com`;
        const contactId = uid('ct');
        await run(h.p, [
          { type: 'contact_created', event_id: uid('ct'), ts: T0, contact_id: contactId, email, client_id: c },
          session(c, T0 - 6 * HOUR, null),
          session(c, T0 - 3 * HOUR, 'BetweenCarrierAndContactCreated'),
          carrier(email, T0 - 5 * HOUR),
        ]);
        const contact = await contactByEmail(h.p, email);
        assert.equal(contact.converted_at, iso(T0 - 5 * HOUR));
        assert.equal(contact.first_touch?.channel, 'direct', 'the paid session after the earliest email event is not eligible');
        assert.equal(contact.first_touch?.occurred_at, iso(T0 - 6 * HOUR));
      });
    }

    it('a later event with the email does not move the conversion time', async () => {
      const c = uid('late-carrier-c');
      const email = `${uid('late-carrier')}@example.com`;
      await run(h.p, [
        { type: 'identify', event_id: uid('i'), ts: T0 + DAY, client_id: c, email },
        { type: 'contact_created', event_id: uid('ct'), ts: T0, contact_id: uid('ct'), email },
        { type: 'form_submission', event_id: uid('f'), ts: T0 + 2 * DAY, email, form_id: 'x', site: 'app' },
        session(c, T0 + 12 * HOUR, 'AfterConversion'),
        session(c, T0 - HOUR, 'BeforeConversion'),
      ]);
      const contact = await contactByEmail(h.p, email);
      assert.equal(contact.converted_at, iso(T0));
      assert.equal(contact.first_touch.campaign, 'BeforeConversion');
    });

    it('a lead form with campaign data is its contact\'s first touch: a touchpoint at the conversion time is eligible', async () => {
      const email = `${uid('lead')}@example.com`;
      await run(h.p, [{ type: 'form_submission', event_id: uid('f'), ts: T0, email, form_id: 'demo', site: 'marketing',
        page_url: 'https://www.acme.com/demo?utm_source=linkedin&utm_medium=paid_social&utm_campaign=LeadForm' }]);
      const contact = await contactByEmail(h.p, email);
      assert.equal(contact.converted_at, iso(T0));
      assert.equal(contact.first_touch?.campaign, 'LeadForm');
      assert.equal(contact.first_touch?.occurred_at, iso(T0));
    });

    it('a mobile_signup with a campaign attributes its contact and the company it names', async () => {
      const email = `${uid('msattr')}@example.com`;
      const co = uid('msattr-co');
      await run(h.p, [
        { type: 'mobile_signup', event_id: uid('ms'), ts: T0 - HOUR, device_id: uid('dev'), email, company_id: co, campaign: { source: 'tiktok', medium: 'cpc', campaign: 'AppSignup' } },
        companyCreated(co, T0),
      ]);
      assert.equal((await contactByEmail(h.p, email)).first_touch?.campaign, 'AppSignup');
      assert.equal((await company(h.p, co)).first_touch?.campaign, 'AppSignup');
    });

    it('a contact with only touchpoints after its conversion has first_touch null', async () => {
      const c = uid('null-contact-c');
      const email = `${uid('null-contact')}@example.com`;
      await run(h.p, [
        { type: 'identify', event_id: uid('i'), ts: T0, client_id: c, email },
        session(c, T0 + MINUTE, 'TooLate'),
      ]);
      const contact = await contactByEmail(h.p, email);
      assert.equal(contact.converted_at, iso(T0));
      assert.equal(contact.first_touch, null);
    });
  });

  describe('order: occurred_at ascending, then touchpoint_id ascending', () => {
    it('two non-direct touchpoints at the same time: first_touch is the lower touchpoint_id, last_touch the higher', async () => {
      const c = uid('tie-c');
      const co = uid('tie-co');
      await run(h.p, [
        session(c, T0 - HOUR, 'TieB'),
        session(c, T0 - HOUR, 'TieA'),
        session(c, T0 - HOUR, 'TieC'),
        companyCreated(co, T0, { client_id: c }),
      ]);
      const ids = (await touchpointIdsOf(h.p, c)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      assert.equal(ids.length, 3);
      const result = await company(h.p, co);
      assert.equal(result.first_touch.touchpoint_id, ids[0]);
      assert.equal(result.last_touch.touchpoint_id, ids[2]);
      assert.equal(result.first_touch_28d.touchpoint_id, ids[0]);
      assert.equal(result.original_source.touchpoint_id, ids[0]);
    });

    it('ties among direct touchpoints are broken the same way for the direct fallback', async () => {
      const c = uid('dtie-c');
      const co = uid('dtie-co');
      await run(h.p, [session(c, T0 - HOUR, null), session(c, T0 - HOUR, null), companyCreated(co, T0, { client_id: c })]);
      const ids = (await touchpointIdsOf(h.p, c)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const result = await company(h.p, co);
      assert.equal(result.first_touch.touchpoint_id, ids[0]);
      assert.equal(result.last_touch.touchpoint_id, ids[1]);
    });

    it('occurred_at decides before touchpoint_id', async () => {
      const c = uid('time-c');
      const co = uid('time-co');
      await run(h.p, [session(c, T0 - 2 * HOUR, 'Earlier'), session(c, T0 - HOUR, 'Later'), companyCreated(co, T0, { client_id: c })]);
      const result = await company(h.p, co);
      assert.equal(result.first_touch.campaign, 'Earlier');
      assert.equal(result.last_touch.campaign, 'Later');
    });
  });

  describe('first_touch and last_touch with the direct fallback', () => {
    it('direct touchpoints around a non-direct one: both models pick the non-direct one', async () => {
      const c = uid('fb1-c');
      const co = uid('fb1-co');
      await run(h.p, [
        session(c, T0 - 3 * HOUR, null),
        session(c, T0 - 2 * HOUR, null, 'utm_source=newsletter&utm_medium=email&utm_campaign=Only'),
        session(c, T0 - HOUR, null),
        companyCreated(co, T0, { client_id: c }),
      ]);
      const result = await company(h.p, co);
      assert.equal(result.first_touch.campaign, 'Only');
      assert.equal(result.last_touch.campaign, 'Only');
    });

    it('only direct touchpoints: first_touch is the first direct one, last_touch the last', async () => {
      const c = uid('fb2-c');
      const co = uid('fb2-co');
      await run(h.p, [session(c, T0 - 2 * HOUR, null), session(c, T0 - 3 * HOUR, null), session(c, T0 - HOUR, null), companyCreated(co, T0, { client_id: c })]);
      const result = await company(h.p, co);
      assert.equal(result.first_touch.channel, 'direct');
      assert.equal(result.first_touch.occurred_at, iso(T0 - 3 * HOUR));
      assert.equal(result.last_touch.channel, 'direct');
      assert.equal(result.last_touch.occurred_at, iso(T0 - HOUR));
      assert.equal(result.first_touch.source, '(direct)');
      assert.equal(result.first_touch.medium, '(none)');
    });

    it('first_touch is the first non-direct and last_touch the last non-direct, direct ones in between ignored', async () => {
      const c = uid('fb3-c');
      const co = uid('fb3-co');
      await run(h.p, [
        session(c, T0 - 5 * HOUR, null),
        session(c, T0 - 4 * HOUR, 'FirstPaid'),
        session(c, T0 - 3 * HOUR, null),
        session(c, T0 - 2 * HOUR, null, 'utm_source=partner.com&utm_medium=referral&utm_campaign=LastReferral'),
        session(c, T0 - HOUR, null),
        companyCreated(co, T0, { client_id: c }),
      ]);
      const result = await company(h.p, co);
      assert.equal(result.first_touch.campaign, 'FirstPaid');
      assert.equal(result.last_touch.campaign, 'LastReferral');
    });

    it('an unassigned touchpoint is non-direct: it wins over direct ones', async () => {
      const c = uid('fb4-c');
      const co = uid('fb4-co');
      await run(h.p, [
        session(c, T0 - 3 * HOUR, null),
        session(c, T0 - 2 * HOUR, null, 'utm_source=foo&utm_medium=bar&utm_campaign=Unassigned'),
        session(c, T0 - HOUR, null),
        companyCreated(co, T0, { client_id: c }),
      ]);
      const result = await company(h.p, co);
      assert.equal(result.first_touch.channel, 'unassigned');
      assert.equal(result.last_touch.channel, 'unassigned');
    });

    it('a direct touchpoint before conversion does not beat a non-direct one after conversion: the latter is ineligible', async () => {
      const c = uid('fb5-c');
      const co = uid('fb5-co');
      await run(h.p, [session(c, T0 - HOUR, null), session(c, T0 + HOUR, 'After'), companyCreated(co, T0, { client_id: c })]);
      const result = await company(h.p, co);
      assert.equal(result.first_touch.channel, 'direct');
      assert.equal(result.last_touch.channel, 'direct');
    });
  });

  describe('first_touch_28d: as first_touch among touchpoints no more than 28 days before conversion', () => {
    it('a touchpoint exactly 28 days before conversion is inside the window', async () => {
      const c = uid('w1-c');
      const co = uid('w1-co');
      await run(h.p, [session(c, T0 - 28 * DAY, 'Edge'), session(c, T0 - HOUR, null), companyCreated(co, T0, { client_id: c })]);
      const result = await company(h.p, co);
      assert.equal(result.first_touch_28d?.campaign, 'Edge');
      assert.equal(result.first_touch_28d?.occurred_at, iso(T0 - 28 * DAY));
    });

    it('a touchpoint 28 days and 1 ms before conversion is outside the window (first_touch still sees it)', async () => {
      const c = uid('w2-c');
      const co = uid('w2-co');
      await run(h.p, [session(c, T0 - 28 * DAY - 1, 'JustOutside'), session(c, T0 - DAY, null), companyCreated(co, T0, { client_id: c })]);
      const result = await company(h.p, co);
      assert.equal(result.first_touch.campaign, 'JustOutside');
      assert.equal(result.first_touch_28d?.channel, 'direct', 'inside the window only the direct touchpoint remains');
      assert.equal(result.first_touch_28d?.occurred_at, iso(T0 - DAY));
    });

    it('no touchpoint inside the window gives first_touch_28d null while first_touch and last_touch are set', async () => {
      const c = uid('w3-c');
      const co = uid('w3-co');
      await run(h.p, [session(c, T0 - 28 * DAY - 1, 'Old'), session(c, T0 - 60 * DAY, null), companyCreated(co, T0, { client_id: c })]);
      const result = await company(h.p, co);
      assert.equal(result.first_touch.campaign, 'Old');
      assert.equal(result.last_touch.campaign, 'Old');
      assert.equal(result.first_touch_28d, null);
    });

    it('inside the window the non-direct touchpoint wins over an earlier direct one', async () => {
      const c = uid('w4-c');
      const co = uid('w4-co');
      await run(h.p, [
        session(c, T0 - 40 * DAY, 'OutsideWindow'),
        session(c, T0 - 20 * DAY, null),
        session(c, T0 - 10 * DAY, null, 'utm_source=duckduckgo&utm_medium=organic&utm_campaign=InWindow'),
        session(c, T0 + HOUR, 'AfterConversion'),
        companyCreated(co, T0, { client_id: c }),
      ]);
      const result = await company(h.p, co);
      assert.equal(result.first_touch.campaign, 'OutsideWindow');
      assert.equal(result.first_touch_28d.campaign, 'InWindow');
      assert.equal(result.last_touch.campaign, 'InWindow');
    });

    it('the window is counted back from the conversion time, not from the latest event', async () => {
      const c = uid('w5-c');
      const co = uid('w5-co');
      await run(h.p, [
        session(c, T0 - 27 * DAY, 'InWindowOfConversion'),
        companyCreated(co, T0, { client_id: c }),
        session(c, T0 + 20 * DAY, null), // much later activity must not move the window
      ]);
      const result = await company(h.p, co);
      assert.equal(result.first_touch_28d?.campaign, 'InWindowOfConversion');
    });
  });

  describe('entities without eligible touchpoints', () => {
    it('a company with no touchpoints at all is exported with null models', async () => {
      const co = uid('none-co');
      await run(h.p, [companyCreated(co, T0, { email: `${co}@example.com`, client_id: uid('none-c') })]);
      const result = await company(h.p, co);
      assert.deepEqual(result, { company_id: co, converted_at: iso(T0), first_touch: null, last_touch: null, first_touch_28d: null, original_source: null });
    });

    it('a company whose touchpoints all come after its conversion has null models', async () => {
      const c = uid('after-c');
      const co = uid('after-co');
      await run(h.p, [companyCreated(co, T0, { client_id: c }), session(c, T0 + 1, 'Later'), session(c, T0 + DAY, null)]);
      const result = await company(h.p, co);
      assert.deepEqual(result, { company_id: co, converted_at: iso(T0), first_touch: null, last_touch: null, first_touch_28d: null, original_source: null });
    });

    it('unattributed companies are counted with a reason in the coverage metrics', async () => {
      const app = createServer(h.p, { logLevel: 'silent' });
      try {
        const res = await app.inject({ method: 'GET', url: '/metrics' });
        assert.equal(res.statusCode, 200);
        const lines = res.body.split('\n').filter((l) => l.startsWith('tributary_companies{'));
        const byStatus = new Map(lines.map((l) => [/status="([^"]+)"/.exec(l)![1]!, Number(l.split(' ').pop())]));
        const unattributed = [...byStatus].filter(([status]) => status !== 'attributed');
        assert.ok(unattributed.length >= 1, `a reason is given for unattributed companies: ${lines.join(' | ')}`);
        assert.ok(unattributed.reduce((n, [, v]) => n + v, 0) >= 2, 'the two unattributed companies above are counted');
        assert.ok((byStatus.get('attributed') ?? 0) >= 1);
      } finally {
        await app.close();
      }
    });
  });

  describe('the output tables of each model', () => {
    it('first_touch, last_touch, first_touch_28d and the contact first_touch land in their documented tables', async () => {
      const c = uid('tables-c');
      const co = uid('tables-co');
      const email = `${co}@example.com`;
      await run(h.p, [
        session(c, T0 - 40 * DAY, 'TablesFirst'),
        session(c, T0 - 10 * DAY, 'TablesWindow'),
        session(c, T0 - HOUR, 'TablesLast'),
        { type: 'identify', event_id: uid('i'), ts: T0 - 20 * DAY, client_id: c, email },
        companyCreated(co, T0, { email }),
      ]);
      const exported = await company(h.p, co);
      const q = async (table: string, key: string, id: string) =>
        (await h.p.store.query<{ touchpoint_id: string | null }>(`SELECT touchpoint_id FROM ${table} WHERE ${key} = $1`, [id])).rows.map((r) => r.touchpoint_id);
      assert.deepEqual(await q('bi.company_profile_attribution', 'company_id', co), [exported.first_touch.touchpoint_id]);
      assert.deepEqual(await q('bi.company_profile_attribution_last', 'company_id', co), [exported.last_touch.touchpoint_id]);
      assert.deepEqual(await q('bi.company_profile_attribution_limited', 'company_id', co), [exported.first_touch_28d.touchpoint_id]);
      assert.equal(exported.first_touch.campaign, 'TablesFirst');
      assert.equal(exported.last_touch.campaign, 'TablesLast');
      assert.equal(exported.first_touch_28d.campaign, 'TablesWindow');
      const contact = await contactByEmail(h.p, email);
      assert.equal(contact.converted_at, iso(T0 - 20 * DAY));
      assert.equal(contact.first_touch.campaign, 'TablesFirst');
      assert.deepEqual(await q('bi.contact_profile_attribution_first', 'email', email), [contact.first_touch.touchpoint_id]);
    });
  });
});
