// CONTRACT section 1 (events in), end to end: every event type is accepted by `ingest` and by the collector, the
// three ways in give the same result, event_id is an idempotency key, both `ts` forms mean the same instant, and
// emails are normalised identities (invalid ones rejected).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Pipeline } from '../../src/app/pipeline.js';
import { createServer } from '../../src/hosts/http/server.js';
import { exportAll, exportEverything, ingest, openTestPipeline } from '../support/pipeline.js';

// ---- local helpers --------------------------------------------------------------------------------------------
const T0 = Date.parse('2026-03-10T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

interface Harness { p: Pipeline; errors: string[] }
async function open(overrides: Parameters<typeof openTestPipeline>[0] = {}): Promise<Harness> {
  const errors: string[] = [];
  const p = await openTestPipeline(overrides, { onError: (worker, error) => errors.push(`${worker}: ${(error as Error)?.stack ?? String(error)}`) });
  return { p, errors };
}
async function post(app: FastifyInstance, body: unknown) {
  const res = await app.inject({ method: 'POST', url: '/v1/events', payload: body as object });
  return { status: res.statusCode, body: res.json() as { accepted: number; duplicate?: number; rejected: Array<{ index: number; event_id: string | null; reason: string }> } };
}
/** Runs everything the collector queued, delayed re-attribution included (the test clock never moves by itself). */
async function drain(p: Pipeline) { await p.settle(); await p.finish(); }

/** One event of every type of CONTRACT section 1, linked into one journey. */
function oneOfEachType(prefix: string): Record<string, unknown>[] {
  const email = `alice.${prefix}@example.com`;
  return [
    { type: 'session', event_id: `${prefix}-session`, ts: iso(T0 - 3 * DAY), client_id: `${prefix}-c1`, session_id: `${prefix}-s1`,
      page_url: 'https://www.acme.com/pricing?utm_source=google&utm_medium=cpc&utm_campaign=Brand&gclid=G-1',
      referrer: 'https://www.google.com/', user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
      ip: '203.0.113.9', consent: { analytics: true, ads: true }, cookies: { _fbp: 'fb.1.1700000000000.123', _fbc: null } },
    { type: 'hit', event_id: `${prefix}-hit`, ts: T0 - 3 * DAY + 60_000, client_id: `${prefix}-c1`, session_id: `${prefix}-s1`, name: 'page_view',
      page_url: 'https://www.acme.com/features', properties: { title: 'Features' } },
    { type: 'identify', event_id: `${prefix}-identify`, ts: iso(T0 - 2 * DAY), client_id: `${prefix}-c1`, email },
    { type: 'form_submission', event_id: `${prefix}-form`, ts: iso(T0 - 2 * DAY + HOUR), email, form_id: 'demo-request', site: 'marketing',
      client_id: `${prefix}-c1`, session_id: `${prefix}-s1`, page_url: 'https://www.acme.com/demo?utm_source=newsletter&utm_medium=email', fields: { company: 'Acme' } },
    { type: 'contact_created', event_id: `${prefix}-contact`, ts: iso(T0 - DAY), contact_id: `${prefix}-ct1`, email, client_id: `${prefix}-c1` },
    { type: 'company_created', event_id: `${prefix}-company`, ts: iso(T0), company_id: `${prefix}-co1`, name: 'Acme', domain: 'acme.com',
      email, client_id: `${prefix}-c1`, referred_by: null },
    { type: 'signup', event_id: `${prefix}-signup`, ts: T0 + 60_000, company_id: `${prefix}-co1`, email, client_id: `${prefix}-c1` },
    { type: 'mobile_event', event_id: `${prefix}-mobile-event`, ts: iso(T0 - 5 * DAY), device_id: `${prefix}-d1`, name: 'app_open', email,
      campaign: { source: 'facebook', medium: 'paid', campaign: 'AppInstall' } },
    { type: 'mobile_signup', event_id: `${prefix}-mobile-signup`, ts: iso(T0 - 4 * DAY), device_id: `${prefix}-d1`, email, company_id: `${prefix}-co1`,
      campaign: { source: 'tiktok', medium: 'cpc', ttclid: 'TT-1' } },
    { type: 'call', event_id: `${prefix}-call`, ts: iso(T0 - 6 * DAY), call_id: `${prefix}-call-1`, email, client_id: `${prefix}-c1`,
      page_url: 'https://www.acme.com/contact?utm_source=bing&utm_medium=cpc', campaign: null, duration_s: 120 },
  ];
}
const ALL_TYPES = ['session', 'hit', 'identify', 'form_submission', 'contact_created', 'company_created', 'signup', 'mobile_event', 'mobile_signup', 'call'];

// ---- tests ----------------------------------------------------------------------------------------------------

describe('section 1: every event type is accepted', () => {
  let h: Harness;
  let app: FastifyInstance;
  before(async () => { h = await open(); app = createServer(h.p, { logLevel: 'silent' }); });
  after(async () => { await app.close(); await h.p.close(); assert.deepEqual(h.errors, [], 'no worker may fail'); });

  it('the fixture has one event of each of the ten types', () => {
    assert.deepEqual(oneOfEachType('x').map((e) => e.type).sort(), [...ALL_TYPES].sort());
  });

  it('ingest accepts one event of every type and processes each one', async () => {
    const summary = await ingest(h.p, oneOfEachType('ing'));
    assert.equal(summary.accepted, 10);
    assert.equal(summary.rejected, 0);
    assert.equal(summary.duplicate, 0);
    assert.deepEqual(summary.reasons, []);

    const touchpoints = only({ touchpoints: await exportAll(h.p, 'touchpoints') }, 'ing').touchpoints;
    // session, form (page_url), call (page_url), mobile_event and mobile_signup (campaign) are touchpoints.
    assert.deepEqual(touchpoints.map((t) => t.origin).sort(), ['call', 'form', 'mobile', 'mobile', 'visit']);
    const company = (await exportAll(h.p, 'companies')).find((c) => c.company_id === 'ing-co1');
    assert.ok(company, 'the company_created is processed');
    assert.equal(company.converted_at, iso(T0));
    const contacts = (await exportAll(h.p, 'contacts')).filter((c) => c.email === 'alice.ing@example.com');
    assert.deepEqual(contacts.map((c) => c.contact_id), ['ing-ct1']);
  });

  for (const type of ALL_TYPES) {
    it(`POST /v1/events accepts a single ${type} event`, async () => {
      const event = oneOfEachType(`single-${type}`).find((e) => e.type === type)!;
      const res = await post(app, event);
      assert.equal(res.status, 200);
      assert.equal(res.body.accepted, 1);
      assert.deepEqual(res.body.rejected, []);
      await drain(h.p);
      const { rows } = await h.p.store.query<{ type: string }>('SELECT type FROM bi.processed_events WHERE event_id = $1', [event.event_id]);
      assert.deepEqual(rows.map((r) => r.type), [type]);
    });
  }

  it('POST /v1/events accepts a {"events":[...]} batch holding every type', async () => {
    const res = await post(app, { events: oneOfEachType('batch') });
    assert.equal(res.status, 200);
    assert.equal(res.body.accepted, 10);
    assert.deepEqual(res.body.rejected, []);
    await drain(h.p);
    assert.equal(only({ touchpoints: await exportAll(h.p, 'touchpoints') }, 'batch').touchpoints.length, 5);
    assert.equal((await exportAll(h.p, 'companies')).filter((c) => c.company_id === 'batch-co1').length, 1);
  });

  it('ingest, single POSTs and a batch POST of the same events give the same exports', async () => {
    // Three prefixes in one store; each journey is compared with the others once its prefix is renamed.
    const viaIngest = oneOfEachType('way1');
    const viaSingles = oneOfEachType('way2');
    const viaBatch = oneOfEachType('way3');
    await ingest(h.p, viaIngest);
    for (const e of viaSingles) assert.equal((await post(app, e)).status, 200);
    assert.equal((await post(app, { events: viaBatch })).status, 200);
    await drain(h.p);
    const all = await exportEverything(h.p);
    const [one, two, three] = [only(all, 'way1'), only(all, 'way2'), only(all, 'way3')];
    assert.ok(one.companies[0].first_touch !== null, 'the journey is attributed');
    assert.equal(one.touchpoints.length, 5);
    assert.deepEqual(two, one);
    assert.deepEqual(three, one);
  });
});

/** The part of an export that belongs to one prefix, with the prefix renamed to `P`, for comparisons. */
interface Exports { companies: any[]; contacts: any[]; touchpoints: any[] }
function only(all: Partial<Exports>, prefix: string): Exports {
  const pick = (list: any[] = []) => list
    .filter((o) => JSON.stringify(o).includes(`${prefix}-`) || JSON.stringify(o).includes(`.${prefix}@`))
    .map((o) => JSON.parse(JSON.stringify(o).replaceAll(prefix, 'P')));
  return { companies: pick(all.companies), contacts: pick(all.contacts), touchpoints: pick(all.touchpoints) };
}

describe('section 1: unknown types and bad common fields are rejected', () => {
  let h: Harness;
  before(async () => { h = await open(); });
  after(async () => { await h.p.close(); });

  it('rejects an unknown type, a missing type and a non-string type, naming the field', async () => {
    const s = await ingest(h.p, [
      { type: 'pageview', event_id: 'bad-type-1', ts: T0, client_id: 'c', session_id: 's', page_url: 'https://a.com/' },
      { event_id: 'bad-type-2', ts: T0, client_id: 'c' },
      { type: 7, event_id: 'bad-type-3', ts: T0 },
    ]);
    assert.equal(s.accepted, 0);
    assert.equal(s.rejected, 3);
    for (const r of s.reasons) assert.match(r.reason, /type/);
    assert.deepEqual(s.reasons.map((r) => r.event_id), ['bad-type-1', 'bad-type-2', 'bad-type-3']);
  });

  it('accepts an event_id of 1 and of 128 characters, rejects an empty one and one of 129', async () => {
    const session = (event_id: string) => ({ type: 'session', event_id, ts: T0, client_id: 'len-c', session_id: `len-${event_id.length}`, page_url: 'https://a.com/' });
    const s = await ingest(h.p, [session('x'), session('y'.repeat(128)), session(''), session('z'.repeat(129))]);
    assert.equal(s.accepted, 2);
    assert.equal(s.rejected, 2);
    for (const r of s.reasons) assert.match(r.reason, /event_id/);
  });

  it('rejects a ts without an offset, a ts that is not a time, and a missing ts', async () => {
    const base = { type: 'identify', client_id: 'ts-c', email: 'ts@example.com' };
    const s = await ingest(h.p, [
      { ...base, event_id: 'ts-bad-1', ts: '2026-03-10T12:00:00' },
      { ...base, event_id: 'ts-bad-2', ts: 'yesterday' },
      { ...base, event_id: 'ts-bad-3' },
      { ...base, event_id: 'ts-bad-4', ts: true },
    ]);
    assert.equal(s.accepted, 0);
    assert.equal(s.rejected, 4);
    for (const r of s.reasons) assert.match(r.reason, /^ts\b/);
  });

  it('rejects events missing a field their type requires', async () => {
    const s = await ingest(h.p, [
      { type: 'session', event_id: 'req-1', ts: T0, session_id: 's', page_url: 'https://a.com/' }, // no client_id
      { type: 'company_created', event_id: 'req-2', ts: T0 }, // no company_id
      { type: 'form_submission', event_id: 'req-3', ts: T0, email: 'f@example.com', form_id: 'f', site: 'blog' }, // bad site
      { type: 'call', event_id: 'req-4', ts: T0 }, // no call_id
    ]);
    assert.equal(s.accepted, 0);
    assert.equal(s.rejected, 4);
  });
});

describe('section 1: event_id is an idempotency key', () => {
  let h: Harness;
  let app: FastifyInstance;
  before(async () => { h = await open(); app = createServer(h.p, { logLevel: 'silent' }); });
  after(async () => { await app.close(); await h.p.close(); assert.deepEqual(h.errors, [], 'no worker may fail'); });

  it('a repeated event_id in one file is counted as duplicate and processed once (the first one wins)', async () => {
    const session = { type: 'session', event_id: 'dup-1', ts: iso(T0 - DAY), client_id: 'dup-c', session_id: 'dup-s', page_url: 'https://www.acme.com/?utm_source=google&utm_medium=cpc&utm_campaign=First' };
    // Same event_id, different content (earlier, another campaign): the repeat must be ignored, not processed.
    const repeat = { ...session, ts: iso(T0 - 2 * DAY), session_id: 'dup-s2', page_url: 'https://www.acme.com/?utm_source=bing&utm_medium=cpc&utm_campaign=Repeat' };
    const s = await ingest(h.p, [
      session, repeat,
      { type: 'identify', event_id: 'dup-i', ts: iso(T0 - HOUR), client_id: 'dup-c', email: 'dup@example.com' },
      { type: 'company_created', event_id: 'dup-co', ts: iso(T0), company_id: 'dup-co', email: 'dup@example.com' },
      session,
    ]);
    assert.deepEqual([s.accepted, s.duplicate, s.rejected], [3, 2, 0]);
    assert.deepEqual(s.reasons, [], 'a repeat is not an error');
    const { rows } = await h.p.store.query('SELECT * FROM bi.visits WHERE client_id = $1', ['dup-c']);
    assert.equal(rows.length, 1, 'one visit for one event_id');
    const touchpoints = (await exportAll(h.p, 'touchpoints')).filter((t) => t.client_id === 'dup-c');
    assert.equal(touchpoints.length, 1, 'one touchpoint for one event_id');
    assert.equal(touchpoints[0].campaign, 'First');
    assert.equal(touchpoints[0].occurred_at, iso(T0 - DAY));
    const company = (await exportAll(h.p, 'companies')).find((c) => c.company_id === 'dup-co');
    assert.equal(company.first_touch.campaign, 'First');
    assert.equal(company.first_touch.touchpoint_id, touchpoints[0].touchpoint_id);
  });

  it('ingesting the same file twice counts every line of the second run as duplicate and changes nothing', async () => {
    const events = oneOfEachType('again');
    await ingest(h.p, events);
    const first = await exportEverything(h.p);
    const s = await ingest(h.p, events);
    assert.deepEqual([s.accepted, s.duplicate, s.rejected], [0, 10, 0]);
    assert.deepEqual(await exportEverything(h.p), first);
  });

  it('a repeat posted to the collector is answered 200, counted as duplicate and not processed again', async () => {
    const events = oneOfEachType('http-dup');
    assert.equal((await post(app, { events })).body.accepted, 10);
    await drain(h.p);
    const first = await exportEverything(h.p);
    const single = await post(app, { ...events[0], ts: iso(T0 - 20 * DAY) });
    assert.equal(single.status, 200, 'a repeat is not an error');
    assert.equal(single.body.accepted, 0);
    assert.equal(single.body.duplicate, 1);
    assert.deepEqual(single.body.rejected, []);
    const batch = await post(app, { events });
    assert.equal(batch.status, 200);
    assert.equal(batch.body.accepted, 0);
    assert.equal(batch.body.duplicate, 10);
    assert.deepEqual(batch.body.rejected, []);
    await drain(h.p);
    assert.deepEqual(await exportEverything(h.p), first);
  });

  it('a repeat inside one collector batch is counted as duplicate', async () => {
    const [session] = oneOfEachType('in-batch-dup');
    const res = await post(app, { events: [session, session, { ...session!, ts: iso(T0 - 30 * DAY) }] });
    assert.equal(res.status, 200);
    assert.equal(res.body.accepted, 1);
    assert.equal(res.body.duplicate, 2);
    await drain(h.p);
    const touchpoints = (await exportAll(h.p, 'touchpoints')).filter((t) => t.client_id === 'in-batch-dup-c1');
    assert.deepEqual(touchpoints.map((t) => t.occurred_at), [iso(T0 - 3 * DAY)]);
  });

  it('an event_id already ingested is a duplicate when it later arrives at the collector', async () => {
    const events = oneOfEachType('cross-dup');
    await ingest(h.p, events);
    const before = await exportEverything(h.p);
    const res = await post(app, { events: [{ ...events[0], ts: iso(T0 - 9 * DAY) }] });
    assert.equal(res.body.accepted, 0);
    assert.equal(res.body.duplicate, 1);
    await drain(h.p);
    assert.deepEqual(await exportEverything(h.p), before);
  });
});

describe('section 1: ts as ISO-8601 with offset or as epoch milliseconds', () => {
  let h: Harness;
  before(async () => { h = await open(); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, [], 'no worker may fail'); });

  const journey = (prefix: string, ts: (ms: number) => unknown) => [
    { type: 'session', event_id: `${prefix}-s1`, ts: ts(T0 - 2 * DAY), client_id: `${prefix}-c`, session_id: `${prefix}-s1`, page_url: 'https://www.acme.com/?utm_source=google&utm_medium=cpc' },
    { type: 'session', event_id: `${prefix}-s2`, ts: ts(T0 - DAY), client_id: `${prefix}-c`, session_id: `${prefix}-s2`, page_url: 'https://www.acme.com/', referrer: 'https://www.example-blog.org/post' },
    { type: 'session', event_id: `${prefix}-s3`, ts: ts(T0 + 1), client_id: `${prefix}-c`, session_id: `${prefix}-s3`, page_url: 'https://www.acme.com/?utm_source=bing&utm_medium=cpc' },
    { type: 'identify', event_id: `${prefix}-i`, ts: ts(T0 - HOUR), client_id: `${prefix}-c`, email: `${prefix}@example.com` },
    { type: 'company_created', event_id: `${prefix}-co`, ts: ts(T0), company_id: `${prefix}-co`, email: `${prefix}@example.com` },
  ];
  /** The same instant written with a +05:30 offset. */
  const withOffset = (ms: number) => new Date(ms + 5.5 * HOUR).toISOString().replace('Z', '+05:30');
  /** ... with a negative offset. */
  const withNegativeOffset = (ms: number) => new Date(ms - 7 * HOUR).toISOString().replace('Z', '-07:00');

  it('epoch ms, Z, +05:30 and -07:00 spellings of the same instants give identical exports', async () => {
    const spellings: Record<string, (ms: number) => unknown> = { epoch: (ms) => ms, zulu: iso, plus: withOffset, minus: withNegativeOffset };
    for (const [prefix, ts] of Object.entries(spellings)) {
      const s = await ingest(h.p, journey(prefix, ts));
      assert.deepEqual([s.accepted, s.rejected], [5, 0], JSON.stringify(s.reasons));
    }
    const all = await exportEverything(h.p);
    const epoch = only(all, 'epoch');
    assert.equal(epoch.companies[0].converted_at, iso(T0));
    assert.equal(epoch.companies[0].first_touch.source, 'google');
    assert.equal(epoch.companies[0].last_touch.source, 'example-blog.org', 'the session 1 ms after conversion is not eligible');
    assert.deepEqual(epoch.touchpoints.map((t) => t.occurred_at), [iso(T0 - 2 * DAY), iso(T0 - DAY), iso(T0 + 1)]);
    assert.deepEqual(only(all, 'zulu'), epoch);
    assert.deepEqual(only(all, 'plus'), epoch);
    assert.deepEqual(only(all, 'minus'), epoch);
  });
});

describe('section 1: emails are normalised identities; invalid emails are rejected', () => {
  let h: Harness;
  before(async () => { h = await open(); });
  after(async () => { assert.deepEqual(h.errors, []); await h.p.close(); });

  it('an email with spaces and capitals joins the same identity as its normal form', async () => {
    const s = await ingest(h.p, [
      { type: 'session', event_id: 'norm-s', ts: iso(T0 - DAY), client_id: 'norm-c', session_id: 'norm-s', page_url: 'https://www.acme.com/?utm_source=linkedin&utm_medium=paid_social&utm_campaign=Norm' },
      { type: 'identify', event_id: 'norm-i', ts: iso(T0 - HOUR), client_id: 'norm-c', email: '  Norm.Person@Example.COM ' },
      { type: 'company_created', event_id: 'norm-co', ts: iso(T0), company_id: 'norm-co', email: 'norm.person@example.com' },
      { type: 'contact_created', event_id: 'norm-ct', ts: iso(T0), contact_id: 'norm-ct', email: 'NORM.PERSON@EXAMPLE.COM' },
    ]);
    assert.equal(s.accepted, 4);
    const company = (await exportAll(h.p, 'companies')).find((c) => c.company_id === 'norm-co');
    assert.equal(company.first_touch?.campaign, 'Norm', 'the identify with the un-normalised email links the browser');
    const contacts = (await exportAll(h.p, 'contacts')).filter((c) => c.email.includes('norm'));
    assert.equal(contacts.length, 1, 'one contact, not one per spelling');
    assert.equal(contacts[0].email, 'norm.person@example.com');
    assert.equal(contacts[0].contact_id, 'norm-ct');
    assert.equal(contacts[0].converted_at, iso(T0 - HOUR), 'the identify counts as a sighting of the same contact');
    assert.equal(contacts[0].first_touch?.campaign, 'Norm');
  });

  it('form, call and mobile emails are normalised the same way (touchpoint email is the normal form)', async () => {
    const s = await ingest(h.p, [
      { type: 'form_submission', event_id: 'norm-f', ts: iso(T0 - DAY), email: ' Form.User@Example.com', form_id: 'f', site: 'app', page_url: 'https://www.acme.com/signup' },
      { type: 'call', event_id: 'norm-call', ts: iso(T0 - DAY), call_id: 'norm-call', email: 'CALL.USER@example.com ', campaign: { source: 'google', medium: 'cpc' } },
      { type: 'mobile_signup', event_id: 'norm-ms', ts: iso(T0 - DAY), device_id: 'norm-d', email: 'Mobile.User@Example.com', campaign: { source: 'apple', medium: 'app' } },
    ]);
    assert.equal(s.accepted, 3);
    const emails = (await exportAll(h.p, 'touchpoints')).filter((t) => t.email?.toLowerCase().endsWith('.user@example.com')).map((t) => t.email).sort();
    assert.deepEqual(emails, ['call.user@example.com', 'form.user@example.com', 'mobile.user@example.com']);
  });

  const invalid = ['not-an-email', 'a@b', 'two@@example.com', '@example.com', 'spaces in@example.com', 'x@example..com', 'a@1.2.3.4'];
  for (const email of invalid) {
    it(`rejects ${JSON.stringify(email)} wherever an email is required or optional, with a reason naming the email field`, async () => {
      const tag = Buffer.from(email).toString('hex').slice(0, 16);
      const s = await ingest(h.p, [
        { type: 'identify', event_id: `inv-i-${tag}`, ts: T0, client_id: 'inv-c', email },
        { type: 'form_submission', event_id: `inv-f-${tag}`, ts: T0, email, form_id: 'f', site: 'app' },
        { type: 'contact_created', event_id: `inv-ct-${tag}`, ts: T0, contact_id: 'inv-ct', email },
        { type: 'company_created', event_id: `inv-co-${tag}`, ts: T0, company_id: `inv-co-${tag}`, email },
        { type: 'signup', event_id: `inv-su-${tag}`, ts: T0, company_id: 'inv-su', email },
        { type: 'mobile_signup', event_id: `inv-ms-${tag}`, ts: T0, device_id: 'inv-d', email },
        { type: 'mobile_event', event_id: `inv-me-${tag}`, ts: T0, device_id: 'inv-d', name: 'open', email },
        { type: 'call', event_id: `inv-call-${tag}`, ts: T0, call_id: 'inv-call', email },
      ]);
      assert.equal(s.accepted, 0);
      assert.equal(s.rejected, 8);
      for (const r of s.reasons) assert.match(r.reason, /^email\b/);
      const { rows } = await h.p.store.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM bi.rejected_events WHERE event_id LIKE $1', [`inv-%-${tag}`]);
      assert.equal(rows[0]!.n, 8);
      const companies = await exportAll(h.p, 'companies');
      assert.equal(companies.some((c) => c.company_id === `inv-co-${tag}`), false, 'a rejected company_created creates nothing');
    });
  }
});
