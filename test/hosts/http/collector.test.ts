// POST /v1/events on the open internet (issue 4, item 2), through createServer and the test pipeline: write keys,
// secret keys, CORS, body limit, rate limit, text/plain bodies, the request's address and user agent, anonymisation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Pipeline } from '../../../src/app/pipeline.js';
import { OPEN_COLLECTOR, type CollectorOptions } from '../../../src/hosts/http/collector-options.js';
import { createServer } from '../../../src/hosts/http/server.js';
import { openTestPipeline } from '../../support/pipeline.js';

const SECRET = 'sk_test_0123456789abcdef';
const ACME = 'https://www.acme.com';
const T0 = Date.parse('2026-03-10T12:00:00.000Z');
let n = 0;
const session = (o: object = {}) => ({ type: 'session', event_id: `col-s-${++n}`, ts: T0, client_id: `col-c-${n}`, session_id: `col-ss-${n}`, page_url: 'https://www.acme.com/', ...o });

interface Server { app: FastifyInstance; p: Pipeline; errors: string[] }
async function serve(collector: Partial<CollectorOptions>, anonymiseIp = false): Promise<Server> {
  const errors: string[] = [];
  const p = await openTestPipeline({ anonymiseIp }, { onError: (w, e) => errors.push(`${w}: ${String(e)}`) });
  return { app: createServer(p, { logLevel: 'silent', collector: { ...OPEN_COLLECTOR, ...collector } }), p, errors };
}
async function close(s: Server | undefined) {
  if (!s) return;
  await s.app.close();
  await s.p.close();
  assert.deepEqual(s.errors, [], 'no worker may fail');
}
async function send(s: Server, o: { body?: unknown; raw?: string; query?: string; headers?: Record<string, string>; remoteAddress?: string }) {
  const res = await s.app.inject({
    method: 'POST', url: `/v1/events${o.query ?? ''}`, remoteAddress: o.remoteAddress ?? '127.0.0.1',
    payload: o.raw ?? JSON.stringify(o.body ?? { events: [session()] }),
    headers: { 'content-type': 'application/json', ...o.headers },
  });
  return { status: res.statusCode, headers: res.headers, body: res.json() as any };
}
async function visitOf(s: Server, clientId: string) {
  await s.p.settle();
  return (await s.p.store.query<{ ip: string | null; browser: string | null }>('SELECT ip, browser FROM bi.visits WHERE client_id = $1', [clientId])).rows[0];
}

describe('collector: the open default', () => {
  let s: Server;
  before(async () => { s = await serve({}); });
  after(() => close(s));

  it('accepts events with any key or none, from any origin, echoing that origin', async () => {
    for (const query of ['', '?write_key=anything']) assert.equal((await send(s, { query })).status, 200);
    const res = await send(s, { headers: { origin: 'https://whoever.example' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], 'https://whoever.example');
    assert.match(String(res.headers.vary), /origin/i);
  });

  it('reads a text/plain body as JSON (what the SDK and sendBeacon send); a bad one is 400 with the reason', async () => {
    const ok = await send(s, { raw: JSON.stringify({ events: [session()] }), headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    assert.deepEqual([ok.status, ok.body.accepted], [200, 1]);
    const bad = await send(s, { raw: '{"events":[', headers: { 'content-type': 'text/plain' } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /^body is not valid JSON: /);
  });

  it('adds the client\'s address and User-Agent to a session that lacks them', async () => {
    const event = session();
    await send(s, { body: event, remoteAddress: '203.0.113.77', headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36' } });
    assert.deepEqual(await visitOf(s, event.client_id), { ip: '203.0.113.77', browser: 'Chrome' });
  });

  it('ignores X-Forwarded-For unless told to trust a proxy', async () => {
    const event = session();
    await send(s, { body: event, remoteAddress: '203.0.113.10', headers: { 'x-forwarded-for': '198.51.100.99' } });
    assert.equal((await visitOf(s, event.client_id))?.ip, '203.0.113.10');
  });
});

describe('collector: keys, origins and limits configured', () => {
  let s: Server;
  before(async () => {
    s = await serve({
      writeKeys: [{ key: 'wk_acme', origins: [ACME] }, { key: 'wk_other', origins: [] }],
      secretKeys: [SECRET],
      allowedOrigins: ['https://partner.example'],
      // One token per 10 s: no refill can happen between the requests of a test, however slow the machine.
      rateLimit: { perMinute: 6, burst: 3 },
      trustProxy: ['127.0.0.1'],
    }, true);
  });
  after(() => close(s));

  it('a missing or unknown write key is 401 with a clear error body (CORS headers included, so the page can read it)', async () => {
    const missing = await send(s, { headers: { origin: ACME } });
    assert.equal(missing.status, 401);
    assert.match(missing.body.error, /missing write key/);
    const unknown = await send(s, { query: '?write_key=wk_typo', headers: { origin: ACME } });
    assert.equal(unknown.status, 401);
    assert.deepEqual(Object.keys(unknown.body), ['error']);
    assert.match(unknown.body.error, /unknown write key "wk_typo"/);
    assert.equal(unknown.headers['access-control-allow-origin'], ACME);
  });

  it('a write key in the X-Write-Key header works as well as in the query string', async () => {
    assert.equal((await send(s, { headers: { 'x-write-key': 'wk_other', 'x-forwarded-for': '198.51.100.2' } })).status, 200);
  });

  it('an origin outside the configured sites is 403, with no Access-Control-Allow-Origin; a key used from another site too', async () => {
    const foreign = await send(s, { query: '?write_key=wk_acme', headers: { origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers['access-control-allow-origin'], undefined);
    const borrowed = await send(s, { query: '?write_key=wk_acme', headers: { origin: 'https://partner.example', 'x-forwarded-for': '198.51.100.3' } });
    assert.equal(borrowed.status, 403);
    assert.match(borrowed.body.error, /not valid on origin/);
  });

  it('preflight: 204 with the allowed methods and headers for a configured origin, 403 for another', async () => {
    const ok = await s.app.inject({ method: 'OPTIONS', url: '/v1/events', headers: { origin: ACME, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    assert.equal(ok.statusCode, 204);
    assert.equal(ok.headers['access-control-allow-origin'], ACME);
    assert.equal(ok.headers['access-control-allow-methods'], 'POST');
    assert.match(String(ok.headers['access-control-allow-headers']), /content-type/);
    const refused = await s.app.inject({ method: 'OPTIONS', url: '/v1/events', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.headers['access-control-allow-origin'], undefined);
  });

  it('a body over 1 MiB is 413 with a clear error, readable by the site', async () => {
    const res = await send(s, { query: '?write_key=wk_acme', raw: JSON.stringify({ events: [session({ pad: 'x'.repeat(1024 * 1024) })] }), headers: { origin: ACME, 'x-forwarded-for': '198.51.100.4' } });
    assert.equal(res.status, 413);
    assert.match(res.body.error, /request body over 1048576 bytes/);
    assert.equal(res.headers['access-control-allow-origin'], ACME);
  });

  it('a flood from one address with one key is 429 with Retry-After; other addresses and other keys are not affected', async () => {
    const flood = (headers: Record<string, string>, query = '?write_key=wk_acme') => send(s, { query, headers: { origin: ACME, 'x-forwarded-for': '192.0.2.50', ...headers } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await flood({})).status);
    assert.deepEqual(statuses, [200, 200, 200, 429, 429, 429]);
    const limited = await flood({});
    assert.ok(Number(limited.headers['retry-after']) >= 1 && Number(limited.headers['retry-after']) <= 10);
    assert.match(limited.body.error, /too many requests/);
    assert.equal(limited.headers['access-control-allow-origin'], ACME, 'readable: the SDK retries later');
    assert.equal((await flood({ 'x-forwarded-for': '192.0.2.51' })).status, 200, 'another address, same key');
    assert.equal((await send(s, { query: '?write_key=wk_other', headers: { 'x-forwarded-for': '192.0.2.50' } })).status, 200, 'same address, another site');
    assert.equal((await flood({ authorization: `Bearer ${SECRET}` })).status, 200, 'a backend with its secret key is not limited');
  });

  it('a wrong secret key is 401 even with a valid write key', async () => {
    const res = await send(s, { query: '?write_key=wk_acme', headers: { authorization: 'Bearer sk_test_wrong_wrong_wrong', 'x-forwarded-for': '198.51.100.5' } });
    assert.equal(res.status, 401);
    assert.match(res.body.error, /invalid secret key/);
  });

  it('conversions need the secret key: refused one by one from a write key (and kept with the reason), accepted with it', async () => {
    const company = { type: 'company_created', event_id: `col-co-${++n}`, ts: T0, company_id: 'col-co', email: 'a@acme.com' };
    const viaWriteKey = await send(s, { query: '?write_key=wk_other', body: { events: [company, session()] }, headers: { 'x-forwarded-for': '198.51.100.6' } });
    assert.equal(viaWriteKey.status, 200);
    assert.equal(viaWriteKey.body.accepted, 1);
    assert.deepEqual(viaWriteKey.body.rejected.map((r: any) => [r.index, r.event_id]), [[0, company.event_id]]);
    assert.match(viaWriteKey.body.rejected[0].reason, /server-side event: send it with a secret key/);
    const { rows } = await s.p.store.query<{ reason: string }>('SELECT reason FROM bi.rejected_events WHERE event_id = $1', [company.event_id]);
    assert.equal(rows.length, 1);
    const viaSecret = await send(s, { body: company, headers: { authorization: `Bearer ${SECRET}` } });
    assert.deepEqual([viaSecret.status, viaSecret.body.accepted], [200, 1]);
  });

  it('IP anonymisation holds end to end: the stored visit has the last octet 0, from the socket or a trusted proxy', async () => {
    const direct = session();
    await send(s, { query: '?write_key=wk_other', body: direct, remoteAddress: '203.0.113.77', headers: { 'user-agent': 'Mozilla/5.0 Firefox/126.0' } });
    assert.equal((await visitOf(s, direct.client_id))?.ip, '203.0.113.0');
    const proxied = session();
    await send(s, { query: '?write_key=wk_other', body: proxied, headers: { 'x-forwarded-for': '198.51.100.77' } });
    assert.equal((await visitOf(s, proxied.client_id))?.ip, '198.51.100.0');
    const sent = session({ ip: '192.0.2.77' });
    await send(s, { body: sent, headers: { authorization: `Bearer ${SECRET}` } });
    assert.equal((await visitOf(s, sent.client_id))?.ip, '192.0.2.0');
  });

  it('refusals are counted by reason at /metrics', async () => {
    const text = (await s.app.inject({ method: 'GET', url: '/metrics' })).body;
    for (const reason of ['missing_write_key', 'unknown_write_key', 'origin', 'too_large', 'rate_limited', 'bad_secret_key']) {
      assert.match(text, new RegExp(`tributary_collector_refusals_total\\{reason="${reason}"\\} [1-9]`), reason);
    }
  });
});
