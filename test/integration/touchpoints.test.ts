// CONTRACT section 2, "what a touchpoint is": a session is one visit and one touchpoint at its ts; a form, a call and
// a mobile signup/event are touchpoints only when they carry a page_url or a campaign; nothing else is.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pipeline } from '../../src/app/pipeline.js';
import { exportAll, ingest, openTestPipeline } from '../support/pipeline.js';

const T0 = Date.parse('2026-03-10T12:00:00.000Z');
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface Harness { p: Pipeline; errors: string[] }
async function open(overrides: Parameters<typeof openTestPipeline>[0] = {}): Promise<Harness> {
  const errors: string[] = [];
  const p = await openTestPipeline(overrides, { onError: (worker, error) => errors.push(`${worker}: ${(error as Error)?.stack ?? String(error)}`) });
  return { p, errors };
}

const TOUCHPOINT_KEYS = ['touchpoint_id', 'occurred_at', 'origin', 'client_id', 'device_id', 'email', 'session_id', 'channel',
  'source', 'medium', 'campaign', 'term', 'content', 'click_id', 'referrer_domain', 'landing_url'].sort();

describe('section 2: which events become touchpoints', () => {
  let h: Harness;
  let seq = 0;
  before(async () => { h = await open(); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, [], 'no worker may fail'); });

  /** Ingests `events` (must all be accepted) and returns the touchpoints that appeared because of them. */
  async function newTouchpoints(events: Record<string, unknown>[]): Promise<any[]> {
    const before = new Set((await exportAll(h.p, 'touchpoints')).map((t) => t.touchpoint_id));
    const s = await ingest(h.p, events);
    assert.equal(s.rejected, 0, JSON.stringify(s.reasons));
    assert.equal(s.accepted, events.length);
    return (await exportAll(h.p, 'touchpoints')).filter((t) => !before.has(t.touchpoint_id));
  }
  const id = (what: string) => `${what}-${++seq}`;

  it('a session becomes exactly one visit in bi.visits and one touchpoint, at the session ts', async () => {
    const clientId = id('sess-client');
    const sessionId = id('sess');
    const ts = T0 - 5 * HOUR + 123;
    const pageUrl = 'https://www.acme.com/landing?utm_source=google&utm_medium=cpc&utm_campaign=Spring';
    const tps = await newTouchpoints([{ type: 'session', event_id: id('e'), ts, client_id: clientId, session_id: sessionId, page_url: pageUrl }]);
    assert.equal(tps.length, 1);
    const [tp] = tps;
    assert.deepEqual(Object.keys(tp).sort(), TOUCHPOINT_KEYS);
    assert.equal(tp.origin, 'visit');
    assert.equal(tp.occurred_at, iso(ts));
    assert.equal(tp.client_id, clientId);
    assert.equal(tp.session_id, sessionId);
    assert.equal(tp.device_id, null);
    assert.equal(tp.email, null);
    assert.equal(tp.landing_url, pageUrl);
    const { rows } = await h.p.store.query<{ session_id: string; client_id: string; occurred_at: Date; page_url: string }>(
      'SELECT session_id, client_id, occurred_at, page_url FROM bi.visits WHERE client_id = $1', [clientId]);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.session_id, sessionId);
    assert.equal(rows[0]!.occurred_at.toISOString(), iso(ts));
    assert.equal(rows[0]!.page_url, pageUrl);
  });

  it('two sessions of one browser are two visits and two touchpoints, even with the same session_id', async () => {
    const clientId = id('two-client');
    const sessionId = id('two-sess');
    const tps = await newTouchpoints([
      { type: 'session', event_id: id('e'), ts: T0 - 2 * HOUR, client_id: clientId, session_id: sessionId, page_url: 'https://www.acme.com/' },
      { type: 'session', event_id: id('e'), ts: T0 - HOUR, client_id: clientId, session_id: sessionId, page_url: 'https://www.acme.com/?utm_source=bing&utm_medium=cpc' },
    ]);
    assert.equal(tps.length, 2);
    assert.equal(new Set(tps.map((t) => t.touchpoint_id)).size, 2);
    const { rows } = await h.p.store.query('SELECT 1 FROM bi.visits WHERE client_id = $1', [clientId]);
    assert.equal(rows.length, 2);
  });

  it('every session is one visit and one touchpoint, whatever its user_agent says', async () => {
    // CONTRACT 2 has no exception for bots. These user agents are what tests, SDK runs in headless Chromium and
    // plain HTTP clients send; each one must still give its touchpoint.
    const agents = ['Mozilla/5.0', 'test-agent',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36'];
    const clients = agents.map(() => id('ua-c'));
    const tps = await newTouchpoints(agents.map((user_agent, i) => ({ type: 'session', event_id: id('e'), ts: T0, client_id: clients[i],
      session_id: id('ua-s'), page_url: 'https://www.acme.com/?utm_source=google&utm_medium=cpc', user_agent })));
    const { rows } = await h.p.store.query<{ client_id: string }>('SELECT client_id FROM bi.visits WHERE client_id = ANY($1::text[])', [clients]);
    assert.equal(rows.length, agents.length, 'one visit per session');
    assert.deepEqual(tps.map((t) => t.client_id).sort(), [...clients].sort(), 'one touchpoint per session');
  });

  it('a direct session (no campaign data, no referrer) is still a touchpoint', async () => {
    const tps = await newTouchpoints([{ type: 'session', event_id: id('e'), ts: T0, client_id: id('direct-c'), session_id: id('s'), page_url: 'https://www.acme.com/' }]);
    assert.equal(tps.length, 1);
    assert.equal(tps[0].channel, 'direct');
  });

  it('a form_submission with a page_url becomes a touchpoint (origin form, its email, client and session)', async () => {
    const clientId = id('form-c');
    const ts = T0 - 3 * HOUR;
    const tps = await newTouchpoints([{ type: 'form_submission', event_id: id('e'), ts, email: 'Form.Page@Example.com', form_id: 'demo', site: 'marketing',
      client_id: clientId, session_id: 'form-session', page_url: 'https://www.acme.com/demo?utm_source=newsletter&utm_medium=email&utm_campaign=March' }]);
    assert.equal(tps.length, 1);
    assert.equal(tps[0].origin, 'form');
    assert.equal(tps[0].occurred_at, iso(ts));
    assert.equal(tps[0].email, 'form.page@example.com');
    assert.equal(tps[0].client_id, clientId);
    assert.equal(tps[0].session_id, 'form-session');
    assert.equal(tps[0].channel, 'email');
    assert.equal(tps[0].campaign, 'March');
  });

  it('an app form_submission with a page_url is a touchpoint too', async () => {
    const tps = await newTouchpoints([{ type: 'form_submission', event_id: id('e'), ts: T0, email: 'app.form@example.com', form_id: 'signup', site: 'app', page_url: 'https://app.acme.com/signup' }]);
    assert.equal(tps.length, 1);
    assert.equal(tps[0].origin, 'form');
  });

  it('a form_submission without a page_url is no touchpoint', async () => {
    const tps = await newTouchpoints([
      { type: 'form_submission', event_id: id('e'), ts: T0, email: 'form.nopage@example.com', form_id: 'demo', site: 'marketing', client_id: id('c') },
      { type: 'form_submission', event_id: id('e'), ts: T0, email: 'form.nopage2@example.com', form_id: 'demo', site: 'app', page_url: '  ' },
    ]);
    assert.deepEqual(tps, []);
  });

  it('a call with a campaign becomes a touchpoint (origin call)', async () => {
    const ts = T0 - HOUR;
    const tps = await newTouchpoints([{ type: 'call', event_id: id('e'), ts, call_id: id('call'), email: 'caller@example.com', client_id: id('call-c'),
      campaign: { source: 'google', medium: 'cpc', campaign: 'Calls', gclid: 'CALL-GCLID' }, duration_s: 42 }]);
    assert.equal(tps.length, 1);
    assert.equal(tps[0].origin, 'call');
    assert.equal(tps[0].occurred_at, iso(ts));
    assert.equal(tps[0].email, 'caller@example.com');
    assert.equal(tps[0].campaign, 'Calls');
    assert.deepEqual(tps[0].click_id, { type: 'gclid', value: 'CALL-GCLID' });
  });

  it('a call with only a page_url becomes a touchpoint', async () => {
    const tps = await newTouchpoints([{ type: 'call', event_id: id('e'), ts: T0, call_id: id('call'), page_url: 'https://www.acme.com/contact?utm_source=bing&utm_medium=cpc' }]);
    assert.equal(tps.length, 1);
    assert.equal(tps[0].origin, 'call');
    assert.equal(tps[0].landing_url, 'https://www.acme.com/contact?utm_source=bing&utm_medium=cpc');
    assert.equal(tps[0].source, 'bing');
  });

  it('a call with neither campaign nor page_url is no touchpoint', async () => {
    const tps = await newTouchpoints([
      { type: 'call', event_id: id('e'), ts: T0, call_id: id('call'), email: 'nocampaign@example.com', client_id: id('c'), duration_s: 10 },
      { type: 'call', event_id: id('e'), ts: T0, call_id: id('call'), campaign: {} },
    ]);
    assert.deepEqual(tps, []);
  });

  it('a mobile_signup with a campaign becomes a touchpoint (origin mobile, device and email)', async () => {
    const deviceId = id('device');
    const ts = T0 - 2 * HOUR;
    const tps = await newTouchpoints([{ type: 'mobile_signup', event_id: id('e'), ts, device_id: deviceId, email: 'mobile.signup@example.com',
      company_id: id('mco'), campaign: { source: 'facebook', medium: 'cpc', campaign: 'Install' } }]);
    assert.equal(tps.length, 1);
    assert.equal(tps[0].origin, 'mobile');
    assert.equal(tps[0].occurred_at, iso(ts));
    assert.equal(tps[0].device_id, deviceId);
    assert.equal(tps[0].email, 'mobile.signup@example.com');
    assert.equal(tps[0].client_id, null);
    assert.equal(tps[0].landing_url, null);
    assert.equal(tps[0].channel, 'paid_social');
  });

  it('a mobile_event with a campaign becomes a touchpoint (origin mobile)', async () => {
    const deviceId = id('device');
    const tps = await newTouchpoints([{ type: 'mobile_event', event_id: id('e'), ts: T0, device_id: deviceId, name: 'app_open', campaign: { source: 'google', medium: 'cpc', gbraid: 'GB-1' } }]);
    assert.equal(tps.length, 1);
    assert.equal(tps[0].origin, 'mobile');
    assert.equal(tps[0].device_id, deviceId);
    assert.equal(tps[0].email, null);
    assert.deepEqual(tps[0].click_id, { type: 'gbraid', value: 'GB-1' });
  });

  it('mobile_signup and mobile_event without a campaign are no touchpoints', async () => {
    const tps = await newTouchpoints([
      { type: 'mobile_signup', event_id: id('e'), ts: T0, device_id: id('device'), email: 'mobile.nocampaign@example.com' },
      { type: 'mobile_event', event_id: id('e'), ts: T0, device_id: id('device'), name: 'app_open', email: 'mobile.nocampaign@example.com' },
      { type: 'mobile_event', event_id: id('e'), ts: T0, device_id: id('device'), name: 'purchase', campaign: null },
    ]);
    assert.deepEqual(tps, []);
  });

  it('hit, identify, contact_created, company_created and signup are never touchpoints', async () => {
    const c = id('other-c');
    const tps = await newTouchpoints([
      { type: 'hit', event_id: id('e'), ts: T0, client_id: c, session_id: 'x', name: 'page_view', page_url: 'https://www.acme.com/?utm_source=google&utm_medium=cpc&gclid=HIT' },
      { type: 'identify', event_id: id('e'), ts: T0, client_id: c, email: 'other@example.com' },
      { type: 'contact_created', event_id: id('e'), ts: T0, contact_id: id('ct'), email: 'other@example.com', client_id: c },
      { type: 'company_created', event_id: id('e'), ts: T0, company_id: id('co'), email: 'other@example.com', client_id: c, domain: 'other.com' },
      { type: 'signup', event_id: id('e'), ts: T0, company_id: id('co'), email: 'other@example.com', client_id: c },
    ]);
    assert.deepEqual(tps, []);
  });
});
