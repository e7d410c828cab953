// CONTRACT section 3, late data, end to end: the result after all events does not depend on their arrival order and
// equals a full recompute; late touchpoints and links change an already converted entity at once, and a delayed
// re-attribution follows 30 minutes later (6 after mobile events), coalesced per entity, on event time in `ingest`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createServer } from '../../src/hosts/http/server.js';
import { openPipeline, type Pipeline } from '../../src/app/pipeline.js';
import { ManualClock, wallClock } from '../../src/ports/clock.js';
import { exportAll, exportEverything, ingest, recomputeAll, testConfig } from '../support/pipeline.js';
import { T0, MINUTE, HOUR, DAY, iso, open, uid, session, identify, companyCreated, run, company, type Harness } from '../support/scenario.js';

// ---- a deterministic, varied history -------------------------------------------------------------------------

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const r = rng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const QUERIES = [
  '', '', 'utm_source=google&utm_medium=cpc&utm_campaign=Brand', 'gclid=G1', 'msclkid=M1', 'fbclid=F1',
  'utm_source=newsletter&utm_medium=email&utm_campaign=Weekly', 'utm_source=cpc-facebook&utm_campaign=Retarget',
  'utm_source=linkedin&utm_medium=paid_social', 'utm_source=foo&utm_medium=bar',
];
const REFERRERS = [null, null, 'https://www.google.com/', 'https://www.bing.com/', 'https://news.example.org/a', 'https://blog.acme.com/'];

/**
 * About 3,000 events: 60 companies with multi-device journeys, forms, calls, mobile installs, contacts, referrals,
 * ties and window edges, plus unrelated traffic, so `ingest` works through several 1,000-event chunks.
 */
function history(): Record<string, unknown>[] {
  const r = rng(20260310);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const events: Record<string, unknown>[] = [];
  let id = 0;
  const eid = (k: string) => `hist-${k}-${++id}`;
  const visit = (client: string, ts: number) => {
    const q = pick(QUERIES);
    events.push({ type: 'session', event_id: eid('s'), ts, client_id: client, session_id: eid('ss'), page_url: `https://www.acme.com/p${q ? `?${q}` : ''}`, ...(q === '' && { referrer: pick(REFERRERS) }) });
  };
  const companies = 60;
  for (let i = 0; i < companies; i++) {
    const converted = T0 - Math.floor(r() * 30) * DAY - Math.floor(r() * DAY);
    const clients = [`hist-c${i}a`, `hist-c${i}b`];
    const email = `hist.person${i}@example.com`;
    const device = `hist-d${i}`;
    for (const client of clients) {
      const n = Math.floor(r() * 5);
      for (let k = 0; k < n; k++) visit(client, converted - Math.floor(r() * 40 * DAY) + Math.floor(r() * 2 * DAY));
      if (r() < 0.5) events.push({ type: 'identify', event_id: eid('i'), ts: converted - Math.floor(r() * 5 * DAY) + Math.floor(r() * 10 * DAY), client_id: client, email });
    }
    // Exact ties and window edges.
    if (i % 7 === 0) { visit(clients[0]!, converted - HOUR); visit(clients[0]!, converted - HOUR); }
    if (i % 9 === 0) { visit(clients[1]!, converted - 28 * DAY); visit(clients[1]!, converted - 28 * DAY - 1); visit(clients[1]!, converted); }
    if (r() < 0.4) events.push({ type: 'form_submission', event_id: eid('f'), ts: converted - Math.floor(r() * 3 * DAY), email, form_id: 'demo', site: pick(['app', 'marketing']), client_id: pick([clients[0], null]), page_url: 'https://www.acme.com/demo?utm_source=newsletter&utm_medium=email' });
    if (r() < 0.3) events.push({ type: 'call', event_id: eid('call'), ts: converted - Math.floor(r() * 3 * DAY), call_id: eid('call'), email, client_id: clients[1], campaign: { source: 'bing', medium: 'cpc' } });
    if (r() < 0.3) {
      events.push({ type: 'mobile_event', event_id: eid('me'), ts: converted - Math.floor(r() * 10 * DAY), device_id: device, name: 'install', campaign: { source: 'google', medium: 'cpc', gbraid: `gb${i}` } });
      events.push({ type: 'mobile_signup', event_id: eid('ms'), ts: converted + Math.floor(r() * 2 * DAY) - DAY, device_id: device, email, company_id: `hist-co${i}` });
    }
    if (r() < 0.6) events.push({ type: 'contact_created', event_id: eid('ct'), ts: converted + Math.floor(r() * DAY) - Math.floor(r() * DAY), contact_id: `hist-ct${i}`, email, client_id: pick([clients[0], null]) });
    const referredBy = i > 0 && r() < 0.35 ? `hist-co${Math.floor(r() * companies)}` : null;
    events.push({ type: 'company_created', event_id: eid('cc'), ts: converted, company_id: `hist-co${i}`, email: r() < 0.8 ? email : null, client_id: r() < 0.5 ? clients[0] : null, referred_by: referredBy });
    if (r() < 0.5) events.push({ type: 'signup', event_id: eid('su'), ts: converted + HOUR, company_id: `hist-co${i}`, email, client_id: clients[1] });
    // Some activity after conversion, some of it the day after.
    if (r() < 0.5) visit(clients[0]!, converted + Math.floor(r() * 3 * DAY) + 1);
  }
  // Unrelated traffic and page views.
  for (let k = 0; events.length < 3000; k++) {
    const client = `hist-anon${k % 400}`;
    if (k % 3 === 0) visit(client, T0 - Math.floor(r() * 60 * DAY));
    else events.push({ type: 'hit', event_id: eid('h'), ts: T0 - Math.floor(r() * 60 * DAY), client_id: client, session_id: 'x', name: 'page_view' });
  }
  return events;
}

const byTs = (events: Record<string, unknown>[]) => [...events].sort((a, b) => (a.ts as number) - (b.ts as number));

/**
 * The flow document's result tables as a BI tool reads them (all but updated_at, which says when a row was written):
 * the models with their unattributed reasons, and every interaction of every entity.
 */
async function biTables(p: Pipeline): Promise<Record<string, unknown[]>> {
  const tables = {
    company_profile_attribution: 'company_id', company_profile_attribution_last: 'company_id',
    company_profile_attribution_limited: 'company_id', contact_profile_attribution_first: 'email',
    company_interactions: 'company_id, touchpoint_id', contact_interactions: 'email, touchpoint_id',
  };
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(tables)) {
    const { rows } = await p.store.query<Record<string, unknown>>(`SELECT * FROM bi.${table} ORDER BY ${key}`);
    out[table] = rows.map(({ updated_at: _, ...row }) => row);
  }
  return out;
}

describe('section 3: late data — arrival order does not matter', () => {
  const events = history();
  const results: Array<Record<string, any[]>> = [];
  const tables: Array<Record<string, unknown[]>> = [];
  const orders: Record<string, () => Record<string, unknown>[]> = {
    chronological: () => byTs(events),
    'reverse chronological': () => byTs(events).reverse(),
    'shuffled (seed 1)': () => shuffled(events, 1),
    'shuffled (seed 2)': () => shuffled(events, 2),
  };

  for (const [name, order] of Object.entries(orders)) {
    it(`ingesting the history ${name} gives the same exports, and a full recompute changes nothing`, async () => {
      const h = await open();
      try {
        const s = await ingest(h.p, order());
        assert.deepEqual([s.accepted, s.rejected, s.duplicate], [events.length, 0, 0], JSON.stringify(s.reasons.slice(0, 3)));
        const result = await exportEverything(h.p);
        assert.equal(result.companies.length, 60);
        assert.ok(result.companies.filter((c) => c.first_touch !== null).length >= 30, 'most companies are attributed');
        assert.ok(result.companies.some((c) => c.first_touch === null && c.original_source !== null), 'some take their original source from a referrer');
        const { rows } = await h.p.store.query<{ n: number }>('SELECT count(*)::int AS n FROM bi.attribution_schedule');
        assert.equal(rows[0]!.n, 0, 'ingest returns with every delayed re-attribution done');
        if (results.length > 0) assert.deepEqual(result, results[0], `${name} differs from chronological`);
        results.push(result);
        const stored = await biTables(h.p);
        assert.ok(stored.company_interactions!.some((r: any) => !r.eligible), 'touchpoints after a conversion are interactions too');
        if (tables.length > 0) assert.deepEqual(stored, tables[0], `${name}: the bi tables differ from chronological`);
        tables.push(stored);
        const summary = await recomputeAll(h.p);
        assert.equal(summary.changed, 0, 'a full recompute finds nothing to change');
        assert.deepEqual(await exportEverything(h.p), result);
        assert.deepEqual(await biTables(h.p), stored, 'a full recompute writes nothing new');
        assert.deepEqual(h.errors, []);
      } finally {
        await h.p.close();
      }
    });
  }

  it('the same history split into many small ingest runs, newest first, gives the same exports and tables', async () => {
    const h = await open();
    try {
      const reverse = byTs(events).reverse();
      for (let i = 0; i < reverse.length; i += 250) await run(h.p, reverse.slice(i, i + 250));
      assert.deepEqual(await exportEverything(h.p), results[0]);
      assert.deepEqual(await biTables(h.p), tables[0], 'the bi tables, interactions included, are those of one run');
    } finally {
      await h.p.close();
    }
  });
});

/** The identity chain of identity-graph.test.ts: company —c0— e0 — c1 — e1 — c2 — e2 — c3 — e3 — c4, a touchpoint on each node. */
function chain(prefix: string) {
  const co = `${prefix}-co`;
  const c = (k: number) => `${prefix}-c${k}`;
  const e = (k: number) => `${prefix}-e${k}@example.com`;
  const events: Record<string, unknown>[] = [companyCreated(co, T0, { client_id: c(0) })];
  for (let k = 0; k <= 3; k++) events.push(identify(c(k), e(k), T0 - HOUR), identify(c(k + 1), e(k), T0 - HOUR));
  for (let k = 0; k <= 4; k++) events.push(session(c(k), T0 - (2 * k + 1) * 10 * HOUR, `Hop${2 * k + 1}`));
  for (let k = 0; k <= 3; k++) {
    events.push({ type: 'form_submission', event_id: uid('f'), ts: T0 - (2 * k + 2) * 10 * HOUR, email: e(k), form_id: 'ebook', site: 'marketing',
      page_url: `https://www.acme.com/ebook?utm_source=newsletter&utm_medium=email&utm_campaign=Hop${2 * k + 2}` });
  }
  return { co, e, events };
}

describe('section 3: late data — one event per ingest run, in any order', () => {
  let h: Harness;
  before(async () => { h = await open(); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, [], 'no worker may fail'); });

  const orders: Record<string, (events: Record<string, unknown>[]) => Record<string, unknown>[]> = {
    'as built': (events) => events,
    reversed: (events) => [...events].reverse(),
    'shuffled (seed 7)': (events) => shuffled(events, 7),
    'shuffled (seed 8)': (events) => shuffled(events, 8),
  };
  for (const [name, order] of Object.entries(orders)) {
    it(`an identity chain fed ${name}, one event at a time, ends with the 5-hop result`, async () => {
      const { co, e, events } = chain(uid('onebyone'));
      for (const event of order(events)) await run(h.p, [event]);
      const result = await company(h.p, co);
      assert.equal(result.first_touch.campaign, 'Hop5');
      assert.equal(result.last_touch.campaign, 'Hop1');
      const contacts = await exportAll(h.p, 'contacts');
      assert.equal(contacts.find((x) => x.email === e(0))?.first_touch?.campaign, 'Hop7');
      assert.equal(contacts.find((x) => x.email === e(1))?.first_touch?.campaign, 'Hop9');
    });

    it(`a referral chain fed ${name}, one event at a time, ends with the 5-hop result`, async () => {
      const p = uid('refone');
      const co = (k: number) => `${p}-co${k}`;
      const events: Record<string, unknown>[] = [session(`${co(0)}-client`, T0 - 30 * DAY, 'Root'), companyCreated(co(0), T0 - 20 * DAY, { client_id: `${co(0)}-client` })];
      for (let k = 1; k <= 6; k++) events.push(companyCreated(co(k), T0 - 20 * DAY + k * DAY, { referred_by: co(k - 1) }));
      for (const event of order(events)) await run(h.p, [event]);
      const all = new Map((await exportAll(h.p, 'companies')).map((c) => [c.company_id, c]));
      for (let k = 0; k <= 5; k++) assert.equal(all.get(co(k))?.original_source?.campaign, 'Root', co(k));
      assert.equal(all.get(co(6))?.original_source, null);
    });
  }

  it('and a full recompute agrees with all of it', async () => {
    const before = await exportEverything(h.p);
    await recomputeAll(h.p);
    assert.deepEqual(await exportEverything(h.p), before);
  });
});

describe('section 3: late data changes an entity that has already converted', () => {
  let h: Harness;
  before(async () => { h = await open(); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, [], 'no worker may fail'); });

  it('a touchpoint arriving after the conversion, with an earlier ts, becomes the first touch', async () => {
    const c = uid('late-c');
    const co = uid('late-co');
    await run(h.p, [session(c, T0 - DAY, null, 'utm_source=duckduckgo&utm_medium=organic&utm_campaign=Known'), companyCreated(co, T0, { client_id: c })]);
    assert.equal((await company(h.p, co)).first_touch.campaign, 'Known');
    await run(h.p, [session(c, T0 - 3 * DAY, 'ArrivedLate')]);
    const result = await company(h.p, co);
    assert.equal(result.first_touch.campaign, 'ArrivedLate');
    assert.equal(result.last_touch.campaign, 'Known');
    assert.equal(result.original_source.campaign, 'ArrivedLate');
  });

  it('a late touchpoint with a ts after the conversion changes nothing', async () => {
    const c = uid('after-c');
    const co = uid('after-co');
    await run(h.p, [session(c, T0 - DAY, 'Known'), companyCreated(co, T0, { client_id: c })]);
    const before = await company(h.p, co);
    await run(h.p, [session(c, T0 + HOUR, 'AfterConversion')]);
    assert.deepEqual(await company(h.p, co), before);
  });

  it('a late touchpoint that moves no model is still one of the company\'s and the contact\'s interactions', async () => {
    const c = uid('middle-c');
    const co = uid('middle-co');
    const email = `${uid('middle')}@example.com`;
    await run(h.p, [session(c, T0 - 3 * DAY, 'First'), session(c, T0 - DAY, 'Last'), identify(c, email, T0 - HOUR), companyCreated(co, T0, { client_id: c })]);
    const before = await company(h.p, co);
    const middle = session(c, T0 - 2 * DAY, 'Middle');
    const afterwards = session(c, T0 + HOUR, 'Afterwards');
    await run(h.p, [middle, afterwards]);
    assert.deepEqual(await company(h.p, co), before, 'no model moves');
    const interactions = async (table: string, key: string, id: string) => (await h.p.store.query<{ touchpoint_id: string; eligible: boolean }>(
      `SELECT touchpoint_id, eligible FROM bi.${table} WHERE ${key} = $1 ORDER BY occurred_at`, [id])).rows.map((r) => [r.touchpoint_id, r.eligible]);
    const ids = (await h.p.store.query<{ touchpoint_id: string }>('SELECT touchpoint_id FROM bi.interaction_touchpoints WHERE client_id = $1 ORDER BY occurred_at', [c])).rows.map((r) => r.touchpoint_id);
    assert.equal(ids.length, 4);
    assert.deepEqual(await interactions('company_interactions', 'company_id', co), [[ids[0], true], [ids[1], true], [ids[2], true], [ids[3], false]]);
    // The contact converted an hour before the company (its identify), so "Last" is eligible and "Afterwards" is not.
    assert.deepEqual(await interactions('contact_interactions', 'email', email), [[ids[0], true], [ids[1], true], [ids[2], true], [ids[3], false]]);
  });

  it('an identity link arriving after the conversion brings in the other browser\'s touchpoints', async () => {
    const [c1, c2] = [uid('link-c'), uid('link-c')];
    const email = `${uid('link')}@example.com`;
    const co = uid('link-co');
    await run(h.p, [session(c1, T0 - DAY, 'Own'), session(c2, T0 - 5 * DAY, 'OtherDevice'), identify(c1, email, T0 - HOUR), companyCreated(co, T0, { email })]);
    assert.equal((await company(h.p, co)).first_touch.campaign, 'Own');
    await run(h.p, [identify(c2, email, T0 + 2 * DAY)]);
    assert.equal((await company(h.p, co)).first_touch.campaign, 'OtherDevice');
  });

  it('a late event with an earlier email sighting moves the contact conversion earlier', async () => {
    const c = uid('contact-c');
    const email = `${uid('contact')}@example.com`;
    await run(h.p, [
      session(c, T0 - 3 * DAY, null),
      session(c, T0 - DAY, 'BeforeContactCreated'),
      { type: 'contact_created', event_id: uid('ct'), ts: T0, contact_id: uid('ct'), email, client_id: c },
    ]);
    let contact = (await exportAll(h.p, 'contacts')).find((x) => x.email === email);
    assert.equal(contact.converted_at, iso(T0));
    assert.equal(contact.first_touch.campaign, 'BeforeContactCreated');
    await run(h.p, [{ type: 'form_submission', event_id: uid('f'), ts: T0 - 2 * DAY, email, form_id: 'x', site: 'marketing' }]);
    contact = (await exportAll(h.p, 'contacts')).find((x) => x.email === email);
    assert.equal(contact.converted_at, iso(T0 - 2 * DAY));
    assert.equal(contact.first_touch.channel, 'direct', 'the paid session is now after the conversion');
  });

  it('a late company_created with an earlier ts moves the company conversion earlier', async () => {
    const c = uid('cc-c');
    const co = uid('cc-co');
    await run(h.p, [session(c, T0 - 3 * DAY, null), session(c, T0 - DAY, 'Paid'), companyCreated(co, T0, { client_id: c })]);
    assert.equal((await company(h.p, co)).first_touch.campaign, 'Paid');
    await run(h.p, [companyCreated(co, T0 - 2 * DAY, { client_id: c })]);
    const result = await company(h.p, co);
    assert.equal(result.converted_at, iso(T0 - 2 * DAY));
    assert.equal(result.first_touch.channel, 'direct');
  });
});

describe('section 3: immediate and delayed re-attribution on the pipeline clock', () => {
  let h: Harness;
  let app: FastifyInstance;
  let clock: ManualClock;
  before(async () => {
    h = await open();
    app = createServer(h.p, { logLevel: 'silent' });
    assert.ok(h.p.clock instanceof ManualClock);
    clock = h.p.clock;
    clock.advanceTo(T0 + 10 * DAY);
  });
  after(async () => { await app.close(); await h.p.close(); assert.deepEqual(h.errors, [], 'no worker may fail'); });

  async function post(events: Record<string, unknown>[]) {
    const res = await app.inject({ method: 'POST', url: '/v1/events', payload: { events } });
    assert.equal(res.statusCode, 200, res.body);
    await h.p.settle();
  }
  async function pending(kind: 'company' | 'contact', id: string): Promise<number[]> {
    const { rows } = await h.p.store.query<{ due_at: Date }>('SELECT due_at FROM bi.attribution_schedule WHERE entity_kind = $1 AND entity_id = $2', [kind, id]);
    return rows.map((r) => r.due_at.getTime());
  }

  it('a late touchpoint updates the converted company at once and schedules one re-check 30 minutes later', async () => {
    const c = uid('delay-c');
    const co = uid('delay-co');
    await post([session(c, T0 - DAY, 'Known'), companyCreated(co, T0, { client_id: c })]);
    await h.p.finish(); // start from a quiet state: nothing pending
    assert.deepEqual(await pending('company', co), []);
    const now = clock.now();
    await post([session(c, T0 - 2 * DAY, 'Late')]);
    assert.equal((await company(h.p, co)).first_touch.campaign, 'Late', 'recomputed at once, not only at the delayed re-check');
    assert.deepEqual(await pending('company', co), [now + 30 * MINUTE]);

    clock.advanceTo(now + 10 * MINUTE);
    await post([session(c, T0 - 3 * HOUR, null, 'utm_source=newsletter&utm_medium=email')]);
    assert.deepEqual(await pending('company', co), [now + 30 * MINUTE], 'coalesced: still one re-check per entity');

    clock.advanceTo(now + 30 * MINUTE - 1);
    await h.p.settle();
    assert.equal((await pending('company', co)).length, 1, 'not due yet');
    clock.advanceTo(now + 30 * MINUTE);
    await h.p.settle();
    assert.deepEqual(await pending('company', co), [], 'the re-check ran when due');
  });

  it('a converted contact is updated at once by a late touchpoint and re-checked 30 minutes later', async () => {
    const c = uid('delay-ct-c');
    const email = `${uid('delay-ct')}@example.com`;
    await post([session(c, T0 - DAY, null), { type: 'contact_created', event_id: uid('ct'), ts: T0, contact_id: uid('ct'), email, client_id: c }]);
    await h.p.finish();
    const now = clock.now();
    await post([session(c, T0 - 2 * DAY, 'LateForContact')]);
    assert.equal((await exportAll(h.p, 'contacts')).find((x) => x.email === email)?.first_touch?.campaign, 'LateForContact');
    assert.deepEqual(await pending('contact', email), [now + 30 * MINUTE]);
    await h.p.finish();
    assert.deepEqual(await pending('contact', email), []);
  });

  it('after a mobile event the re-check comes 6 minutes later', async () => {
    const device = uid('delay-dev');
    const email = `${uid('delay-mobile')}@example.com`;
    const co = uid('delay-mco');
    await post([
      { type: 'mobile_signup', event_id: uid('ms'), ts: T0 - DAY, device_id: device, email, company_id: co },
      companyCreated(co, T0, { email }),
    ]);
    await h.p.finish();
    const now = clock.now();
    await post([{ type: 'mobile_event', event_id: uid('me'), ts: T0 - 2 * DAY, device_id: device, name: 'install', campaign: { source: 'google', medium: 'cpc', campaign: 'App' } }]);
    assert.equal((await company(h.p, co)).first_touch?.campaign, 'App');
    assert.deepEqual(await pending('company', co), [now + 6 * MINUTE]);
    clock.advanceTo(now + 6 * MINUTE);
    await h.p.settle();
    assert.deepEqual(await pending('company', co), []);
  });

  it('a late identity link also schedules the 30-minute re-check', async () => {
    const [c1, c2] = [uid('dl-c'), uid('dl-c')];
    const email = `${uid('dl')}@example.com`;
    const co = uid('dl-co');
    await post([session(c1, T0 - DAY, 'Own'), session(c2, T0 - 2 * DAY, 'Other'), companyCreated(co, T0, { email, client_id: c1 })]);
    await h.p.finish();
    const now = clock.now();
    await post([identify(c2, email, T0 + DAY)]);
    assert.equal((await company(h.p, co)).first_touch.campaign, 'Other');
    assert.deepEqual(await pending('company', co), [now + 30 * MINUTE]);
    await h.p.finish();
  });

  it('during ingest the delay runs on event time: a run returns with no re-check pending', async () => {
    const c = uid('ingest-delay-c');
    const co = uid('ingest-delay-co');
    await run(h.p, [companyCreated(co, T0 + 20 * DAY, { client_id: c }), session(c, T0 + 19 * DAY, 'Late')]);
    assert.deepEqual(await pending('company', co), []);
    assert.ok(clock.now() >= T0 + 20 * DAY + 30 * MINUTE, 'the clock moved through the delay on event time');
    assert.equal((await company(h.p, co)).first_touch.campaign, 'Late');
  });
});

describe('section 3: when serving, the delay runs on the wall clock', () => {
  let p: Pipeline;
  let app: FastifyInstance;
  const errors: string[] = [];
  before(async () => {
    p = await openPipeline(testConfig(), wallClock, { onError: (worker, error) => errors.push(`${worker}: ${String(error)}`) });
    app = createServer(p, { logLevel: 'silent' });
  });
  after(async () => { await app.close(); await p.close(); assert.deepEqual(errors, []); });

  it('a late touchpoint for a converted company is re-checked 30 minutes after it arrived, by the wall clock', async () => {
    const c = uid('wall-c');
    const co = uid('wall-co');
    const post = async (events: Record<string, unknown>[]) => {
      const res = await app.inject({ method: 'POST', url: '/v1/events', payload: { events } });
      assert.equal(res.statusCode, 200, res.body);
      await p.settle();
    };
    await post([session(c, T0 - DAY, 'Known'), companyCreated(co, T0, { client_id: c })]);
    await p.store.query('DELETE FROM bi.attribution_schedule');
    const sent = Date.now();
    await post([session(c, T0 - 2 * DAY, 'Late')]);
    const received = Date.now();
    assert.equal((await company(p, co)).first_touch.campaign, 'Late');
    const { rows } = await p.store.query<{ due_at: Date }>("SELECT due_at FROM bi.attribution_schedule WHERE entity_kind = 'company' AND entity_id = $1", [co]);
    assert.equal(rows.length, 1);
    const due = rows[0]!.due_at.getTime();
    assert.ok(due >= sent + 30 * MINUTE && due <= received + 30 * MINUTE, `due ${new Date(due).toISOString()} is 30 minutes after arrival, not after the event time`);
  });
});
