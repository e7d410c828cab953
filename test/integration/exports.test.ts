// CONTRACT section 5, results out: the exported shapes (every key present, null never absent), sorting by id, and the
// attribution endpoints returning the very same objects (404 for unknown ids).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Pipeline } from '../../src/app/pipeline.js';
import { createServer } from '../../src/hosts/http/server.js';
import { exportAll, exportEverything, ingest, openTestPipeline } from '../support/pipeline.js';

const T0 = Date.parse('2026-03-10T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface Harness { p: Pipeline; errors: string[] }
async function open(overrides: Parameters<typeof openTestPipeline>[0] = {}): Promise<Harness> {
  const errors: string[] = [];
  const p = await openTestPipeline(overrides, { onError: (worker, error) => errors.push(`${worker}: ${(error as Error)?.stack ?? String(error)}`) });
  return { p, errors };
}

const COMPANY_KEYS = ['company_id', 'converted_at', 'first_touch', 'last_touch', 'first_touch_28d', 'original_source'];
const REF_KEYS = ['touchpoint_id', 'occurred_at', 'channel', 'source', 'medium', 'campaign', 'click_id'];
const CONTACT_KEYS = ['contact_id', 'email', 'converted_at', 'first_touch'];
const TOUCHPOINT_KEYS = ['touchpoint_id', 'occurred_at', 'origin', 'client_id', 'device_id', 'email', 'session_id', 'channel', 'source',
  'medium', 'campaign', 'term', 'content', 'click_id', 'referrer_domain', 'landing_url'];
const sameKeys = (obj: object, keys: string[], what: string) => assert.deepEqual(Object.keys(obj).sort(), [...keys].sort(), `${what} has exactly the documented keys`);
const codeUnitSorted = (ids: string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function checkRef(ref: any, what: string): void {
  if (ref === null) return;
  sameKeys(ref, REF_KEYS, what);
  assert.equal(typeof ref.touchpoint_id, 'string');
  assert.match(ref.occurred_at, ISO_UTC_MS);
  for (const k of ['channel', 'source', 'medium']) assert.equal(typeof ref[k], 'string', `${what}.${k}`);
  assert.ok(ref.campaign === null || typeof ref.campaign === 'string');
  if (ref.click_id !== null) {
    assert.deepEqual(Object.keys(ref.click_id).sort(), ['type', 'value']);
    assert.equal(typeof ref.click_id.type, 'string');
    assert.equal(typeof ref.click_id.value, 'string');
  }
}

/** A few journeys covering every shape: attributed, unattributed, referred, contacts with and without contact_created. */
function journeys(): Record<string, unknown>[] {
  return [
    { type: 'session', event_id: 'x-s1', ts: T0 - 40 * DAY, client_id: 'x-c1', session_id: 'x-ss1', page_url: 'https://www.acme.com/?utm_source=google&utm_medium=cpc&utm_campaign=brand&gclid=abc' },
    { type: 'session', event_id: 'x-s2', ts: T0 - 2 * DAY, client_id: 'x-c1', session_id: 'x-ss2', page_url: 'https://www.acme.com/', referrer: 'https://www.example-blog.org/x' },
    { type: 'identify', event_id: 'x-i1', ts: T0 - DAY, client_id: 'x-c1', email: 'x.one@example.com' },
    { type: 'contact_created', event_id: 'x-ct1', ts: T0 - HOUR, contact_id: 'x-contact-1', email: 'x.one@example.com' },
    { type: 'company_created', event_id: 'x-co1', ts: T0, company_id: 'x-co1', email: 'x.one@example.com' },
    { type: 'company_created', event_id: 'x-co2', ts: T0, company_id: 'x-co2', referred_by: 'x-co1' },
    { type: 'company_created', event_id: 'x-co3', ts: T0, company_id: 'x-co3', email: 'x.three@example.com' },
    { type: 'form_submission', event_id: 'x-f1', ts: T0 - HOUR, email: 'x.four@example.com', form_id: 'demo', site: 'marketing' },
    { type: 'mobile_signup', event_id: 'x-ms1', ts: T0 - HOUR, device_id: 'x-d1', email: 'x.five@example.com', campaign: { source: 'tiktok', medium: 'cpc', ttclid: 'tt-1' } },
    { type: 'call', event_id: 'x-call1', ts: T0 - HOUR, call_id: 'x-call1', email: 'x.six@example.com', campaign: { source: 'bing', medium: 'cpc', campaign: 'Calls' } },
  ];
}

describe('section 5: exported shapes', () => {
  let h: Harness;
  let all: Awaited<ReturnType<typeof exportEverything>>;
  before(async () => {
    h = await open();
    const s = await ingest(h.p, journeys());
    assert.equal(s.rejected, 0, JSON.stringify(s.reasons));
    all = await exportEverything(h.p);
  });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, [], 'no worker may fail'); });

  it('every company has exactly company_id, converted_at, first_touch, last_touch, first_touch_28d, original_source', () => {
    assert.deepEqual(all.companies.map((c) => c.company_id), ['x-co1', 'x-co2', 'x-co3']);
    for (const c of all.companies) {
      sameKeys(c, COMPANY_KEYS, `company ${c.company_id}`);
      assert.match(c.converted_at, ISO_UTC_MS);
      for (const model of ['first_touch', 'last_touch', 'first_touch_28d', 'original_source']) checkRef(c[model], `${c.company_id}.${model}`);
    }
  });

  it('an attributed company matches the documented example shape', () => {
    const co1 = all.companies.find((c) => c.company_id === 'x-co1');
    assert.deepEqual(co1.first_touch, {
      touchpoint_id: co1.first_touch.touchpoint_id, occurred_at: iso(T0 - 40 * DAY), channel: 'paid_search', source: 'google',
      medium: 'cpc', campaign: 'brand', click_id: { type: 'gclid', value: 'abc' },
    });
    assert.equal(co1.converted_at, iso(T0));
    assert.equal(co1.last_touch.source, 'example-blog.org');
    assert.equal(co1.last_touch.click_id, null, 'a missing click_id is null');
    assert.equal(co1.last_touch.campaign, null, 'a missing campaign is null');
    assert.equal(co1.first_touch_28d.source, 'example-blog.org');
    assert.deepEqual(co1.original_source, co1.first_touch);
  });

  it('an unattributed company has every model key, each null (not absent)', () => {
    const co3 = all.companies.find((c) => c.company_id === 'x-co3');
    assert.deepEqual(co3, { company_id: 'x-co3', converted_at: iso(T0), first_touch: null, last_touch: null, first_touch_28d: null, original_source: null });
    for (const k of COMPANY_KEYS) assert.ok(Object.hasOwn(co3, k), k);
  });

  it('a JSON Lines round trip keeps the nulls', () => {
    const line = JSON.stringify(all.companies.find((c) => c.company_id === 'x-co2'));
    assert.match(line, /"first_touch":null/);
    assert.match(line, /"last_touch":null/);
    assert.match(line, /"first_touch_28d":null/);
    assert.deepEqual(JSON.parse(line).original_source, all.companies.find((c) => c.company_id === 'x-co1').first_touch);
  });

  it('every contact has exactly contact_id, email, converted_at, first_touch', () => {
    assert.ok(all.contacts.length >= 5);
    for (const c of all.contacts) {
      sameKeys(c, CONTACT_KEYS, `contact ${c.email}`);
      assert.equal(typeof c.contact_id, 'string', 'contact_id is always set');
      assert.equal(typeof c.email, 'string');
      assert.match(c.converted_at, ISO_UTC_MS);
      checkRef(c.first_touch, `contact ${c.email}.first_touch`);
    }
    const one = all.contacts.find((c) => c.email === 'x.one@example.com');
    assert.equal(one.contact_id, 'x-contact-1');
    assert.equal(one.converted_at, iso(T0 - DAY));
    assert.equal(one.first_touch.campaign, 'brand');
    const four = all.contacts.find((c) => c.email === 'x.four@example.com');
    assert.equal(four.first_touch, null, 'a contact without touchpoints has first_touch null');
  });

  it('every touchpoint has exactly the sixteen documented keys', () => {
    assert.equal(all.touchpoints.length, 4);
    for (const t of all.touchpoints) {
      sameKeys(t, TOUCHPOINT_KEYS, `touchpoint ${t.touchpoint_id}`);
      assert.match(t.occurred_at, ISO_UTC_MS);
      assert.ok(['visit', 'form', 'call', 'mobile'].includes(t.origin));
    }
  });

  it('a touchpoint of each origin has its missing values as null', () => {
    const visit = all.touchpoints.find((t) => t.session_id === 'x-ss2');
    assert.deepEqual(visit, {
      touchpoint_id: visit.touchpoint_id, occurred_at: iso(T0 - 2 * DAY), origin: 'visit', client_id: 'x-c1', device_id: null,
      email: null, session_id: 'x-ss2', channel: 'referral', source: 'example-blog.org', medium: 'referral', campaign: null,
      term: null, content: null, click_id: null, referrer_domain: 'example-blog.org', landing_url: 'https://www.acme.com/',
    });
    const mobile = all.touchpoints.find((t) => t.origin === 'mobile');
    assert.deepEqual(mobile, {
      touchpoint_id: mobile.touchpoint_id, occurred_at: iso(T0 - HOUR), origin: 'mobile', client_id: null, device_id: 'x-d1',
      email: 'x.five@example.com', session_id: null, channel: 'paid_social', source: 'tiktok', medium: 'cpc', campaign: null,
      term: null, content: null, click_id: { type: 'ttclid', value: 'tt-1' }, referrer_domain: null, landing_url: null,
    });
    const call = all.touchpoints.find((t) => t.origin === 'call');
    assert.deepEqual(call, {
      touchpoint_id: call.touchpoint_id, occurred_at: iso(T0 - HOUR), origin: 'call', client_id: null, device_id: null,
      email: 'x.six@example.com', session_id: null, channel: 'paid_search', source: 'bing', medium: 'cpc', campaign: 'Calls',
      term: null, content: null, click_id: null, referrer_domain: null, landing_url: null,
    });
  });
});

describe('section 5: sorted by id', () => {
  let h: Harness;
  before(async () => { h = await open(); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, [], 'no worker may fail'); });

  it('companies, contacts and touchpoints come sorted by their id whatever the arrival order', async () => {
    const ids = ['zeta', 'Alpha', 'alpha', '10', '9', 'beta-2', 'beta-10', 'Ärger', '_under', 'b'];
    const events: Record<string, unknown>[] = [];
    for (const id of ids) {
      events.push({ type: 'session', event_id: `sort-s-${id}`, ts: T0 - DAY, client_id: `sort-c-${id}`, session_id: `sort-ss-${id}`, page_url: 'https://www.acme.com/?gclid=x' });
      events.push({ type: 'company_created', event_id: `sort-co-${id}`, ts: T0, company_id: id, client_id: `sort-c-${id}` });
      events.push({ type: 'contact_created', event_id: `sort-ct-${id}`, ts: T0, contact_id: `ct-${id}`, email: `sort.${ids.indexOf(id)}@example.com`, client_id: `sort-c-${id}` });
    }
    // Contacts without contact_created are exported too; they sort among the others by their contact_id.
    events.push({ type: 'form_submission', event_id: 'sort-f', ts: T0, email: 'a.form@example.com', form_id: 'x', site: 'app' });
    const s = await ingest(h.p, events.reverse());
    assert.equal(s.rejected, 0);
    const all = await exportEverything(h.p);
    const companyIds = all.companies.map((c) => c.company_id);
    assert.deepEqual(new Set(companyIds), new Set(ids));
    assert.deepEqual(companyIds, codeUnitSorted(companyIds));
    const contactIds = all.contacts.map((c) => c.contact_id);
    assert.equal(contactIds.length, ids.length + 1);
    assert.deepEqual(contactIds, codeUnitSorted(contactIds));
    const touchpointIds = all.touchpoints.map((t) => t.touchpoint_id);
    assert.equal(touchpointIds.length, ids.length);
    assert.deepEqual(touchpointIds, codeUnitSorted(touchpointIds));
  });

  it('an export longer than one page is complete and sorted', async () => {
    const events: Record<string, unknown>[] = [];
    for (let i = 0; i < 2300; i++) events.push({ type: 'company_created', event_id: `page-co-${i}`, ts: T0, company_id: `page-${(i * 7919) % 2300}` });
    const s = await ingest(h.p, events);
    assert.equal(s.accepted, 2300);
    const companyIds = (await exportAll(h.p, 'companies')).map((c) => c.company_id).filter((id) => id.startsWith('page-'));
    assert.equal(companyIds.length, 2300);
    assert.equal(new Set(companyIds).size, 2300);
    assert.deepEqual(companyIds, codeUnitSorted(companyIds));
  });
});

describe('section 5: the attribution endpoints return the exported objects', () => {
  let h: Harness;
  let app: FastifyInstance;
  before(async () => {
    h = await open();
    const s = await ingest(h.p, [
      ...journeys(),
      { type: 'company_created', event_id: 'odd-co', ts: T0, company_id: 'acme eu/1 ü', client_id: 'x-c1' },
      { type: 'contact_created', event_id: 'odd-ct', ts: T0, contact_id: 'contact #7 ü', email: 'odd@example.com', client_id: 'x-c1' },
    ]);
    assert.equal(s.rejected, 0, JSON.stringify(s.reasons));
    app = createServer(h.p, { logLevel: 'silent' });
  });
  after(async () => { await app.close(); await h.p.close(); assert.deepEqual(h.errors, [], 'no worker may fail'); });

  const get = (url: string) => app.inject({ method: 'GET', url });

  it('GET /v1/companies/:id/attribution returns each exported company object', async () => {
    const companies = await exportAll(h.p, 'companies');
    assert.equal(companies.length, 4);
    for (const c of companies) {
      const res = await get(`/v1/companies/${encodeURIComponent(c.company_id)}/attribution`);
      assert.equal(res.statusCode, 200, c.company_id);
      assert.match(res.headers['content-type'] as string, /application\/json/);
      assert.deepEqual(res.json(), c);
    }
  });

  it('GET /v1/contacts/:id/attribution returns each exported contact object, by its contact_id', async () => {
    const contacts = await exportAll(h.p, 'contacts');
    assert.ok(contacts.length >= 6);
    for (const c of contacts) {
      const res = await get(`/v1/contacts/${encodeURIComponent(c.contact_id)}/attribution`);
      assert.equal(res.statusCode, 200, c.contact_id);
      assert.deepEqual(res.json(), c);
    }
  });

  it('an unknown company or contact is 404', async () => {
    assert.equal((await get('/v1/companies/no-such-company/attribution')).statusCode, 404);
    assert.equal((await get('/v1/contacts/no-such-contact/attribution')).statusCode, 404);
    assert.equal((await get('/v1/companies/x-co1x/attribution')).statusCode, 404);
  });

  it('an id known only as another kind is 404: a contact id is no company and a company id no contact', async () => {
    assert.equal((await get('/v1/companies/x-contact-1/attribution')).statusCode, 404);
    assert.equal((await get('/v1/contacts/x-co1/attribution')).statusCode, 404);
  });

  it('the endpoint follows later changes (it is the same object as the export at any time)', async () => {
    const s = await ingest(h.p, [{ type: 'session', event_id: 'later-s', ts: T0 - 50 * DAY, client_id: 'x-c1', session_id: 'later', page_url: 'https://www.acme.com/?utm_source=bing&utm_medium=cpc' }]);
    assert.equal(s.accepted, 1);
    const exported = (await exportAll(h.p, 'companies')).find((c) => c.company_id === 'x-co1');
    assert.equal(exported.first_touch.source, 'bing');
    assert.deepEqual((await get('/v1/companies/x-co1/attribution')).json(), exported);
  });
});
