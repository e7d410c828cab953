// CONTRACT section 3, the identity graph, end to end: which events join identities, multi-device journeys, the
// 5-edge limit (configurable max_hops), cycles, and links that arrive after the conversion.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { T0, MINUTE, HOUR, DAY, open, uid, session, identify, companyCreated, run, company, contactByEmail as contact, type Harness } from '../support/scenario.js';

/** A form touchpoint that belongs to the email only (no client_id, so it joins nothing). */
const emailTouchpoint = (email: string, ts: number, campaign: string) =>
  ({ type: 'form_submission', event_id: uid('f'), ts, email, form_id: 'ebook', site: 'marketing', page_url: `https://www.acme.com/ebook?utm_source=newsletter&utm_medium=email&utm_campaign=${campaign}` });
/** A mobile touchpoint that belongs to the device only. */
const deviceTouchpoint = (device_id: string, ts: number, campaign: string) =>
  ({ type: 'mobile_event', event_id: uid('me'), ts, device_id, name: 'install', campaign: { source: 'google', medium: 'cpc', campaign } });

/**
 * A path from a company through alternating clients and emails, each edge made by its own identify:
 * company —c0— e0 — c1 — e1 — c2 — e2 — c3 — e3 — c4. From the company, c_k is 2k+1 edges away and e_k is 2k+2.
 * Sessions on every client and an email-only touchpoint on every email, the farther ones earlier, so the first
 * touch is always the farthest one that still counts.
 */
function chain(prefix: string) {
  const co = `${prefix}-co`;
  const c = (k: number) => `${prefix}-c${k}`;
  const e = (k: number) => `${prefix}-e${k}@example.com`;
  const events: Record<string, unknown>[] = [companyCreated(co, T0, { client_id: c(0) })];
  for (let k = 0; k <= 3; k++) {
    events.push(identify(c(k), e(k), T0 - HOUR));
    events.push(identify(c(k + 1), e(k), T0 - HOUR));
  }
  // Touchpoint at hop d (from the company) happens d hours before conversion, named Hop<d>.
  for (let k = 0; k <= 4; k++) events.push(session(c(k), T0 - (2 * k + 1) * 10 * HOUR, `Hop${2 * k + 1}`));
  for (let k = 0; k <= 3; k++) events.push(emailTouchpoint(e(k), T0 - (2 * k + 2) * 10 * HOUR, `Hop${2 * k + 2}`));
  return { co, c, e, events };
}

describe('section 3: identity graph', () => {
  let h: Harness;
  before(async () => { h = await open(); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, [], 'no worker may fail'); });

  it('multi-device: two browsers identified with the same email share their touchpoints', async () => {
    const laptop = uid('laptop');
    const phone = uid('phone');
    const email = `${uid('multi')}@example.com`;
    const co = uid('multi-co');
    await run(h.p, [
      session(laptop, T0 - 3 * DAY, 'Laptop'),
      session(phone, T0 - DAY, 'Phone'),
      identify(laptop, email, T0 - 2 * DAY),
      identify(phone, email, T0 - 2 * HOUR),
      companyCreated(co, T0, { email }),
    ]);
    const result = await company(h.p, co);
    assert.equal(result.first_touch.campaign, 'Laptop');
    assert.equal(result.last_touch.campaign, 'Phone');
    const person = await contact(h.p, email);
    assert.equal(person.first_touch.campaign, 'Laptop');
  });

  describe('each linking event joins the identities it carries', () => {
    const linkers: Record<string, (client: string, email: string) => Record<string, unknown>> = {
      identify: (client, email) => identify(client, email, T0 - HOUR),
      'form_submission with client_id': (client, email) => ({ type: 'form_submission', event_id: uid('f'), ts: T0 - HOUR, email, form_id: 'x', site: 'app', client_id: client }),
      'contact_created with client_id': (client, email) => ({ type: 'contact_created', event_id: uid('ct'), ts: T0 - HOUR, contact_id: uid('ct'), email, client_id: client }),
      'signup (another company) with email and client_id': (client, email) => ({ type: 'signup', event_id: uid('su'), ts: T0 - HOUR, company_id: uid('other-co'), email, client_id: client }),
      'company_created (another company) with email and client_id': (client, email) => companyCreated(uid('other-co'), T0 - HOUR, { email, client_id: client }),
      'call with email and client_id': (client, email) => ({ type: 'call', event_id: uid('call'), ts: T0 - HOUR, call_id: uid('call'), email, client_id: client }),
    };
    for (const [name, link] of Object.entries(linkers)) {
      it(`${name} joins a browser to an email`, async () => {
        const client = uid('link-c');
        const email = `${uid('link')}@example.com`;
        const co = uid('link-co');
        await run(h.p, [companyCreated(co, T0, { email }), session(client, T0 - DAY, 'Linked'), link(client, email)]);
        assert.equal((await company(h.p, co)).first_touch?.campaign, 'Linked');
      });
    }

    it('mobile_signup joins a device to an email', async () => {
      const device = uid('dev');
      const email = `${uid('ms-link')}@example.com`;
      const co = uid('ms-co');
      await run(h.p, [
        companyCreated(co, T0, { email }),
        deviceTouchpoint(device, T0 - DAY, 'DeviceCampaign'),
        { type: 'mobile_signup', event_id: uid('ms'), ts: T0 - HOUR, device_id: device, email },
      ]);
      assert.equal((await company(h.p, co)).first_touch?.campaign, 'DeviceCampaign');
    });

    it('mobile_event with an email joins a device to an email', async () => {
      const device = uid('dev');
      const email = `${uid('me-link')}@example.com`;
      const co = uid('me-co');
      await run(h.p, [
        companyCreated(co, T0, { email }),
        deviceTouchpoint(device, T0 - DAY, 'DeviceEvent'),
        { type: 'mobile_event', event_id: uid('me'), ts: T0 - HOUR, device_id: device, name: 'login', email },
      ]);
      assert.equal((await company(h.p, co)).first_touch?.campaign, 'DeviceEvent');
    });

    it('signup joins a company to an email (company_created carrying neither email nor client)', async () => {
      const client = uid('su-c');
      const email = `${uid('su-link')}@example.com`;
      const co = uid('su-co');
      await run(h.p, [
        companyCreated(co, T0, { name: 'Bare' }),
        session(client, T0 - DAY, 'ViaSignup'),
        identify(client, email, T0 - 2 * HOUR),
        { type: 'signup', event_id: uid('su'), ts: T0 + MINUTE, company_id: co, email },
      ]);
      assert.equal((await company(h.p, co)).first_touch?.campaign, 'ViaSignup');
    });

    it('mobile_signup with company_id joins a company to a device', async () => {
      const device = uid('msc-dev');
      const co = uid('msc-co');
      await run(h.p, [
        companyCreated(co, T0),
        deviceTouchpoint(device, T0 - DAY, 'ViaMobileSignup'),
        { type: 'mobile_signup', event_id: uid('ms'), ts: T0 + MINUTE, device_id: device, email: `${co}@example.com`, company_id: co },
      ]);
      assert.equal((await company(h.p, co)).first_touch?.campaign, 'ViaMobileSignup');
    });

    it('company_created joins the company to its creator email and its client', async () => {
      const client = uid('cc-c');
      const email = `${uid('cc-link')}@example.com`;
      const co = uid('cc-co');
      await run(h.p, [companyCreated(co, T0, { email }), emailTouchpoint(email, T0 - 2 * DAY, 'CreatorEmail')]);
      assert.equal((await company(h.p, co)).first_touch?.campaign, 'CreatorEmail');
      const co2 = uid('cc-co');
      await run(h.p, [companyCreated(co2, T0, { client_id: client }), session(client, T0 - DAY, 'CreatorClient')]);
      assert.equal((await company(h.p, co2)).first_touch?.campaign, 'CreatorClient');
    });

    it('session_id and call_id are not identities: sharing them joins nothing', async () => {
      const client = uid('nolink-c');
      const other = uid('nolink-other');
      const co = uid('nolink-co');
      const sharedSession = uid('shared-session');
      const sharedCall = uid('shared-call');
      await run(h.p, [
        companyCreated(co, T0, { client_id: client }),
        { ...session(other, T0 - DAY, 'Unrelated'), session_id: sharedSession },
        { type: 'hit', event_id: uid('h'), ts: T0 - HOUR, client_id: client, session_id: sharedSession, name: 'page_view' },
        { type: 'call', event_id: uid('call'), ts: T0 - HOUR, call_id: sharedCall, client_id: other },
        { type: 'call', event_id: uid('call'), ts: T0 - HOUR, call_id: sharedCall, client_id: client },
      ]);
      assert.equal((await company(h.p, co)).first_touch, null);
    });

    it('two companies created by one person share that person\'s touchpoints', async () => {
      const client = uid('shared-c');
      const email = `${uid('shared')}@example.com`;
      const a = uid('shared-a');
      const b = uid('shared-b');
      await run(h.p, [session(client, T0 - DAY, 'Shared'), identify(client, email, T0 - HOUR), companyCreated(a, T0, { email }), companyCreated(b, T0 + DAY, { email })]);
      assert.equal((await company(h.p, a)).first_touch?.campaign, 'Shared');
      assert.equal((await company(h.p, b)).first_touch?.campaign, 'Shared');
    });
  });

  describe('max_hops: nodes up to 5 edges away count, farther ones do not', () => {
    it('for a company: touchpoints 1-5 edges away count, those 6+ edges away do not', async () => {
      const { co, events } = chain('hops');
      await run(h.p, events);
      const result = await company(h.p, co);
      assert.equal(result.first_touch.campaign, 'Hop5', 'Hop6 and beyond happened earlier but are too far');
      assert.equal(result.last_touch.campaign, 'Hop1');
      assert.equal(result.original_source.campaign, 'Hop5');
    });

    it('for a contact: counted from its email, with the same limit', async () => {
      // Seen from e0, c_k is 2k-1 edges away (k >= 1) and e_k is 2k: c3 is 5 edges away, e3 is 6 and c4 is 7.
      const { e, events } = chain('hopsct');
      await run(h.p, events);
      const person = await contact(h.p, e(0));
      assert.equal(person.first_touch.campaign, 'Hop7', 'c3 (Hop7 from the company) is 5 edges from e0');
      const next = await contact(h.p, e(1));
      assert.equal(next.first_touch.campaign, 'Hop9', 'c4 (Hop9 from the company) is 5 edges from e1');
    });

    it('links made after the conversion still join identities', async () => {
      const client = uid('latelink-c');
      const email = `${uid('latelink')}@example.com`;
      const co = uid('latelink-co');
      await run(h.p, [companyCreated(co, T0, { email }), session(client, T0 - DAY, 'LinkedLater'), identify(client, email, T0 + 10 * DAY)]);
      assert.equal((await company(h.p, co)).first_touch?.campaign, 'LinkedLater');
    });
  });

  describe('cycles', () => {
    it('a square (two browsers, two emails, all cross-identified) counts every touchpoint once', async () => {
      const [c1, c2] = [uid('sq-c'), uid('sq-c')];
      const [e1, e2] = [`${uid('sq')}@example.com`, `${uid('sq')}@example.com`];
      const co = uid('sq-co');
      await run(h.p, [
        identify(c1, e1, T0 - HOUR), identify(c1, e2, T0 - HOUR), identify(c2, e1, T0 - HOUR), identify(c2, e2, T0 - HOUR),
        session(c1, T0 - 2 * DAY, 'SquareFirst'), session(c2, T0 - DAY, 'SquareLast'),
        companyCreated(co, T0, { email: e1, client_id: c1 }),
      ]);
      const result = await company(h.p, co);
      assert.equal(result.first_touch.campaign, 'SquareFirst');
      assert.equal(result.last_touch.campaign, 'SquareLast');
      const { rows } = await h.p.store.query<{ n: number }>('SELECT count(*)::int AS n FROM bi.company_interactions WHERE company_id = $1', [co]);
      assert.equal(rows[0]!.n, 2, 'each touchpoint once, however many paths lead to it');
    });

    it('in a ring, a node counts when its shorter way round is at most 5 edges', async () => {
      // company —c0— e0 — c1 — e1 — c2 — e2 — c3 — e3 — c4 — e4 — c5 — e5 —(signup)— company: 13 nodes in a ring.
      // c2 is 5 edges away one way, c4 is 5 edges away the other way, c3 is 6 edges away both ways.
      const p = uid('ring');
      const c = (k: number) => `${p}-c${k}`;
      const e = (k: number) => `${p}-e${k}@example.com`;
      const co = `${p}-co`;
      const events: Record<string, unknown>[] = [companyCreated(co, T0, { client_id: c(0) }), { type: 'signup', event_id: uid('su'), ts: T0 + MINUTE, company_id: co, email: e(5) }];
      for (let k = 0; k <= 5; k++) events.push(identify(c(k), e(k), T0 - HOUR));
      for (let k = 1; k <= 5; k++) events.push(identify(c(k), e(k - 1), T0 - HOUR));
      events.push(session(c(2), T0 - 2 * HOUR, 'RingC2'), session(c(4), T0 - 3 * HOUR, 'RingC4'), session(c(3), T0 - 4 * HOUR, 'RingC3'));
      await run(h.p, events);
      const result = await company(h.p, co);
      assert.equal(result.first_touch.campaign, 'RingC4');
      assert.equal(result.last_touch.campaign, 'RingC2');
    });
  });
});

describe('section 3: max_hops is configurable', () => {
  let h: Harness;
  before(async () => { h = await open({ maxHops: 3 }); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, [], 'no worker may fail'); });

  it('with max_hops 3 only touchpoints up to 3 edges away count', async () => {
    const { co, e, events } = chain('hops3');
    await run(h.p, events);
    const result = await company(h.p, co);
    assert.equal(result.first_touch.campaign, 'Hop3');
    assert.equal(result.last_touch.campaign, 'Hop1');
    // From e0: c2 is 3 edges away (Hop5), e2 is 4.
    assert.equal((await contact(h.p, e(0))).first_touch.campaign, 'Hop5');
  });
});
