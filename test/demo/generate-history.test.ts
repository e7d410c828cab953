import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_TYPES, generateHistory, generateHistorySlices, type RawEvent } from '../../src/demo/generate-history.js';
import { validateEvent } from '../../src/core/events/validate.js';

const START = Date.UTC(2026, 0, 5);
const DAY = 86_400_000;
const history = generateHistory({ seed: 11, companies: 400, start: START });
const sessions = history.events.filter((e) => e.type === 'session');

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function timeOf(event: RawEvent): number {
  return typeof event.ts === 'number' ? event.ts : Date.parse(event.ts);
}

function query(event: RawEvent): URLSearchParams {
  return new URL(String(event.page_url)).searchParams;
}

describe('generateHistory: determinism', () => {
  it('gives byte-identical output for the same options', () => {
    const a = generateHistory({ seed: 5, companies: 120, start: START, invalidFraction: 0.02 });
    const b = generateHistory({ seed: 5, companies: 120, start: START, invalidFraction: 0.02 });
    assert.equal(JSON.stringify(a), JSON.stringify(b));
  });

  it('gives a different history for a different seed', () => {
    const a = generateHistory({ seed: 5, companies: 120, start: START });
    const b = generateHistory({ seed: 6, companies: 120, start: START });
    assert.notEqual(JSON.stringify(a.events), JSON.stringify(b.events));
    assert.notDeepEqual(a.events.slice(0, 20), b.events.slice(0, 20));
  });

  it('keeps the history and its event IDs whatever the disorder asked', () => {
    const clean = generateHistory({ seed: 9, companies: 80, start: START, lateFraction: 0, duplicateFraction: 0 });
    const messy = generateHistory({
      seed: 9, companies: 80, start: START, lateFraction: 0.1, duplicateFraction: 0.05, invalidFraction: 0.05,
    });
    const byId = new Map(messy.events.map((e) => [e.event_id, JSON.stringify(e)]));
    for (const event of clean.events) assert.equal(byId.get(event.event_id), JSON.stringify(event));
  });

  it('is pure: no clock, no Math.random', () => {
    const random = Math.random;
    const now = Date.now;
    Math.random = () => { throw new Error('Math.random called'); };
    Date.now = () => { throw new Error('Date.now called'); };
    try {
      generateHistory({ seed: 1, companies: 30, start: START, invalidFraction: 0.05 });
    } finally {
      Math.random = random;
      Date.now = now;
    }
  });
});

describe('generateHistory: content', () => {
  it('has every event type of CONTRACT section 1, in the counts the stats give', () => {
    const counted: Record<string, number> = {};
    const seen = new Set<string>();
    for (const e of history.events) {
      if (seen.has(e.event_id)) continue; // a duplicate
      seen.add(e.event_id);
      counted[e.type] = (counted[e.type] ?? 0) + 1;
    }
    for (const type of EVENT_TYPES) {
      assert.ok((counted[type] ?? 0) > 0, `no ${type} event`);
      assert.equal(history.stats.byType[type], counted[type], type);
    }
    assert.deepEqual(Object.keys(counted).sort(), [...EVENT_TYPES].sort());
  });

  it('has every channel family: paid search, paid social, email, search, social, referral, direct', () => {
    const has = (predicate: (e: RawEvent) => boolean): number => sessions.filter(predicate).length;
    const param = (name: string) => (e: RawEvent): boolean => query(e).has(name);
    for (const id of ['gclid', 'gbraid', 'wbraid', 'fbclid', 'msclkid', 'li_fat_id', 'ttclid']) {
      assert.ok(has(param(id)) > 0, `no ${id}`);
    }
    for (const source of ['google', 'cpc-google-brand', 'facebook', 'cpc-facebook', 'bing', 'cpc-bing-brand', 'linkedin',
      'cpc-linkedin', 'newsletter', 'partnerstack']) {
      assert.ok(has((e) => query(e).get('utm_source') === source) > 0, `no utm_source=${source}`);
    }
    for (const medium of ['cpc', 'paid_social', 'email', 'affiliate', 'display']) {
      assert.ok(has((e) => query(e).get('utm_medium') === medium) > 0, `no utm_medium=${medium}`);
    }
    for (const referrer of ['https://www.google.com/', 'https://www.bing.com/', 'https://duckduckgo.com/', 'https://t.co/',
      'https://www.linkedin.com/feed/', 'https://www.g2.com/products/tributary/reviews']) {
      assert.ok(has((e) => e.referrer === referrer) > 0, `no referrer ${referrer}`);
    }
    assert.ok(has((e) => String(e.referrer ?? '').startsWith('https://www.example-saas.com/')) > 0, 'no internal referrer');
    const direct = has((e) => e.referrer === undefined && !String(e.page_url).includes('?'));
    assert.ok(direct > sessions.length * 0.15, `direct visits: ${direct} of ${sessions.length}`);
    // Organic search and paid search are big channels, social and email present but smaller.
    const organicSearch = has((e) => /google|bing|duckduckgo|yahoo|ecosia/.test(String(e.referrer)) && !String(e.page_url).includes('?'));
    const paidSearch = has((e) => ['gclid', 'gbraid', 'wbraid', 'msclkid'].some((id) => query(e).has(id)));
    assert.ok(organicSearch > sessions.length * 0.08, `organic search ${organicSearch}`);
    assert.ok(paidSearch > sessions.length * 0.05, `paid search ${paidSearch}`);
  });

  it('sends Meta cookies on Meta journeys only when ads consent allows', () => {
    const withCookies = sessions.filter((e) => e.cookies !== undefined);
    assert.ok(withCookies.length > 0);
    for (const e of withCookies) {
      assert.notEqual((e.consent as { ads: boolean } | undefined)?.ads, false);
      const cookies = e.cookies as { _fbp?: string; _fbc?: string };
      if (cookies._fbp !== undefined) assert.match(cookies._fbp, /^fb\.1\.\d+\.\d{10}$/);
      if (cookies._fbc !== undefined) assert.match(cookies._fbc, /^fb\.1\.\d+\.IwAR[\w-]+$/);
    }
    const fbc = withCookies.filter((e) => query(e).has('fbclid') && (e.cookies as { _fbc?: string })._fbc !== undefined);
    for (const e of fbc) assert.ok((e.cookies as { _fbc: string })._fbc.endsWith(query(e).get('fbclid')!));
    assert.ok(fbc.length > 0);
  });

  it('has browsers, phones, tablets and a few crawlers', () => {
    const agents = sessions.map((e) => String(e.user_agent));
    assert.ok(agents.some((ua) => ua.includes('Windows NT')));
    assert.ok(agents.some((ua) => ua.includes('iPhone')));
    assert.ok(agents.some((ua) => ua.includes('Android') && ua.includes('Mobile')));
    assert.ok(agents.some((ua) => ua.includes('iPad')));
    const bots = agents.filter((ua) => /bot/i.test(ua)).length;
    assert.ok(bots > 0 && bots < agents.length * 0.05, `bots: ${bots}`);
    assert.ok(sessions.every((e) => typeof e.ip === 'string' && /^\d+\.\d+\.\d+\.\d+$/.test(e.ip)));
  });

  it('gives unique event IDs, ev_<seed>_<n>, repeated only by duplicates', () => {
    const counts = new Map<string, number>();
    for (const e of history.events) {
      assert.match(e.event_id, /^ev_11_\d+$/);
      counts.set(e.event_id, (counts.get(e.event_id) ?? 0) + 1);
    }
    const repeated = [...counts.values()].filter((n) => n > 1);
    assert.ok(repeated.every((n) => n === 2));
    assert.equal(repeated.length, history.stats.duplicates);
    assert.equal(history.events.length, history.stats.events);
  });

  it('gives each company_created a unique company_id co_NNNNNN, one per company', () => {
    const created = history.events.filter((e) => e.type === 'company_created');
    const ids = new Set(created.map((e) => e.company_id));
    assert.equal(ids.size, 400);
    for (const id of ids) assert.match(String(id), /^co_\d{6}$/);
    const domains = new Set(created.map((e) => e.domain));
    assert.equal(domains.size, 400, 'domains are unique too');
  });

  it('points referred_by at a company created before', () => {
    const created = new Map<string, number>();
    for (const e of history.events) if (e.type === 'company_created') created.set(String(e.company_id), timeOf(e));
    const referred = history.events.filter((e) => e.type === 'company_created' && e.referred_by !== undefined);
    const seen = new Set(referred.map((e) => e.company_id));
    assert.equal(seen.size, history.stats.referredCompanies);
    assert.ok(seen.size >= 400 * 0.04 && seen.size <= 400 * 0.11, `referred: ${seen.size}`);
    for (const e of referred) {
      const referrer = created.get(String(e.referred_by));
      assert.ok(referrer !== undefined, `${String(e.referred_by)} does not exist`);
      assert.ok(referrer < timeOf(e), `${String(e.company_id)} referred by a later company`);
    }
  });

  it('writes ts as ISO-8601 UTC strings, sometimes epoch milliseconds, within the history', () => {
    let iso = 0;
    let millis = 0;
    const end = START + 90 * DAY;
    for (const e of history.events) {
      if (typeof e.ts === 'string') {
        assert.match(e.ts, ISO_UTC);
        iso++;
      } else {
        assert.ok(Number.isSafeInteger(e.ts), String(e.ts));
        millis++;
      }
      const t = timeOf(e);
      assert.ok(t >= START && t < end + 2 * DAY, new Date(t).toISOString());
    }
    assert.ok(millis > 0 && millis < iso / 5, `iso ${iso}, ms ${millis}`);
    const conversions = history.events.filter((e) => e.type === 'company_created').map(timeOf);
    assert.ok(conversions.every((t) => t >= START && t <= end));
  });

  it('makes every event valid per CONTRACT section 1 when no invalid events are asked', () => {
    for (const e of history.events) {
      const result = validateEvent(e);
      assert.ok(result.ok, `${JSON.stringify(e)}: ${result.ok ? '' : result.reason}`);
    }
  });

  it('keeps each journey in order: a session before its page views, a signup after its company', () => {
    const sessionStart = new Map<string, number>();
    for (const e of sessions) sessionStart.set(String(e.session_id), timeOf(e));
    for (const e of history.events) {
      if (e.type !== 'hit' && !(e.type === 'form_submission' && e.session_id !== undefined)) continue;
      const started = sessionStart.get(String(e.session_id));
      assert.ok(started !== undefined && started <= timeOf(e), `${e.event_id} before its session`);
    }
    const created = new Map<string, number>();
    for (const e of history.events) if (e.type === 'company_created') created.set(String(e.company_id), timeOf(e));
    for (const e of history.events) {
      if (e.type === 'signup') assert.ok(created.get(String(e.company_id))! <= timeOf(e), e.event_id);
    }
  });

  it('is JSON: serialising and parsing gives the same events', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(history.events)), history.events);
  });

  it('reports people, visitors, crawlers and conversion routes', () => {
    const { stats } = history;
    assert.equal(stats.companies, 400);
    assert.equal(Object.values(stats.routes).reduce((a, b) => a + b, 0), 400);
    for (const route of ['web', 'sales', 'mobile', 'offline'] as const) assert.ok(stats.routes[route] > 0, route);
    assert.ok(stats.people >= 400 && stats.people <= 1200, `people ${stats.people}`);
    assert.ok(stats.anonymousVisitors > 0 && stats.bots > 0);
  });
});

describe('generateHistory: volume and options', () => {
  it('gives 30-60k events for 2,000 companies, in well under a second', () => {
    const started = performance.now();
    const big = generateHistory({ seed: 2026, companies: 2000, start: START });
    const elapsed = performance.now() - started;
    assert.ok(big.events.length >= 30_000 && big.events.length <= 60_000, `${big.events.length} events`);
    assert.ok(elapsed < 3000, `${elapsed.toFixed(0)} ms`); // ~0.3 s here; loose for a loaded CI machine
  });

  it('handles zero companies and short histories', () => {
    assert.deepEqual(generateHistory({ seed: 1, companies: 0, start: START }).events, []);
    for (const days of [1, 3]) {
      const short = generateHistory({ seed: days, companies: 60, start: START, days });
      // Distinct ids: the history sends about 1% of its events twice, by design.
      assert.equal(new Set(short.events.filter((e) => e.type === 'company_created').map((e) => e.event_id)).size, 60);
      for (const e of short.events) {
        assert.ok(validateEvent(e).ok);
        assert.ok(timeOf(e) >= START && timeOf(e) < START + (days + 1) * DAY, `${days} days: ${String(e.ts)}`);
      }
    }
  });

  it('rejects options that make no sense', () => {
    assert.throws(() => generateHistory({ seed: 1, companies: -1, start: START }), RangeError);
    assert.throws(() => generateHistory({ seed: 1, companies: 1.5, start: START }), RangeError);
    assert.throws(() => generateHistory({ seed: 1, companies: 1, start: Number.NaN }), RangeError);
    assert.throws(() => generateHistory({ seed: 1, companies: 1, start: START, days: 0.5 }), RangeError);
    assert.throws(() => generateHistory({ seed: 1, companies: 1, start: START, lateFraction: 2 }), RangeError);
    assert.throws(() => generateHistory({ seed: 1, companies: 1, start: START, duplicateFraction: -0.1 }), RangeError);
    assert.throws(() => generateHistory({ seed: 1, companies: 1, start: START, invalidFraction: Number.NaN }), RangeError);
  });
});

describe('generateHistorySlices', () => {
  const slices = [...generateHistorySlices({ seed: 3, companies: 250, start: START }, 100)];
  const ids = (events: readonly RawEvent[], field: string) =>
    new Set(events.flatMap((e) => (typeof e[field] === 'string' ? [e[field] as string] : [])));

  it('cuts the companies into slices, the first one the history of its own seed and size', () => {
    assert.deepEqual(slices.map((s) => s.stats.companies), [100, 100, 50]);
    assert.equal(JSON.stringify(slices[0]), JSON.stringify(generateHistory({ seed: 3, companies: 100, start: START })));
  });

  it('gives no two slices the same company, contact or email, so a long history is not one history repeated', () => {
    for (const field of ['company_id', 'contact_id', 'email', 'event_id']) {
      const perSlice = slices.map((s) => ids(s.events, field));
      const all = new Set(perSlice.flatMap((set) => [...set]));
      assert.ok(perSlice[1]!.size > 0, field);
      assert.equal(all.size, perSlice.reduce((n, set) => n + set.size, 0), `a ${field} shared between slices`);
    }
    assert.ok(ids(slices[2]!.events, 'company_id').has('co_000250'));
  });
});
