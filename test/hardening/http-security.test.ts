// Security review of the HTTP surface of `tributary start` (issue 16; docs/decisions.md, "Hostile input and hard
// crashes"): the headers every answer carries, CORS, secret keys compared without leaking through errors or
// timing-dependent paths, limits on every route, and a log that never holds an email or a key.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Pipeline } from '../../src/app/pipeline.js';
import { OPEN_COLLECTOR } from '../../src/hosts/http/collector-options.js';
import { createServer } from '../../src/hosts/http/server.js';
import { API_CONTENT_SECURITY_POLICY } from '../../src/hosts/http/security-headers.js';
import { startProcess } from '../support/cli.js';
import { openTestPipeline } from '../support/pipeline.js';

const SECRET = 'sk_review_0123456789abcdef';
const ORIGIN = 'https://www.acme.com';
const T = '2026-03-01T10:00:00Z';

let p: Pipeline;
let app: FastifyInstance;
let url: string;
before(async () => {
  p = await openTestPipeline();
  app = createServer(p, { logLevel: 'silent', collector: { ...OPEN_COLLECTOR, secretKeys: [SECRET], allowedOrigins: [ORIGIN] } });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app?.close();
  await p?.close();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('HTTP surface: headers on every answer', () => {
  it('nosniff, no framing, no referrer on every API answer, errors included; no caching of what GET answers; /sdk.js keeps its own caching', async () => {
    const longId = `co-${'é'.repeat(250)}`;
    const answers = {
      'event accepted': await post({ type: 'company_created', event_id: 'hdr-1', ts: T, company_id: longId, email: 'ana@acme.com' }, { authorization: `Bearer ${SECRET}` }),
      'event rejected': await post({ type: 'nope' }),
      'bad secret key': await post({}, { authorization: 'Bearer wrong' }),
      'foreign origin': await post({}, { origin: 'https://evil.example' }),
      'unknown route': await fetch(`${url}/v2/whatever`),
      healthz: await fetch(`${url}/healthz`),
      metrics: await fetch(`${url}/metrics`),
      'unknown company': await fetch(`${url}/v1/companies/unknown/attribution`),
    };
    for (const [name, res] of Object.entries(answers)) {
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', name);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', name);
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer', name);
      assert.equal(res.headers.get('cache-control'), name.startsWith('event') || name.endsWith('key') || name.endsWith('origin') ? null : 'no-store', name);
      assert.equal(res.headers.get('content-security-policy'), API_CONTENT_SECURITY_POLICY, name);
      assert.equal(res.headers.get('x-powered-by'), null, name);
      assert.equal(res.headers.get('server'), null, name);
    }
    const sdk = await fetch(`${url}/sdk.js`);
    if (sdk.status === 200) assert.match(String(sdk.headers.get('cache-control')), /max-age=3600/);
  });

  it('an id of 256 characters (the longest an event may carry) can be looked up, percent-encoded in the path', async () => {
    const longId = `co-${'\u{1F600}'.repeat(126)}`; // 3 + 252 UTF-16 units, 507 bytes, 1,515 characters encoded
    assert.equal((await post({ type: 'company_created', event_id: 'long-1', ts: T, company_id: longId, email: 'bo@acme.com' }, { authorization: `Bearer ${SECRET}` })).status, 200);
    await p.settle();
    const res = await fetch(`${url}/v1/companies/${encodeURIComponent(longId)}/attribution`);
    assert.equal(res.status, 200);
    assert.equal((await res.json() as { company_id: string }).company_id, longId);
  });
});

describe('HTTP surface: CORS and keys', () => {
  it('Access-Control-Allow-Origin echoes an allowed origin only, never *, never with credentials', async () => {
    const allowed = await post({ type: 'identify', event_id: 'cors-1', ts: T, client_id: 'c', email: 'cy@acme.com' }, { origin: ORIGIN });
    assert.equal(allowed.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(allowed.headers.get('access-control-allow-credentials'), null);
    const foreign = await post({ type: 'identify', event_id: 'cors-2', ts: T, client_id: 'c', email: 'cy@acme.com' }, { origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    const preflight = await fetch(`${url}/v1/events`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    assert.equal(preflight.status, 403);
    for (const path of ['/healthz', '/metrics', '/v1/companies/x/attribution']) {
      assert.equal((await fetch(`${url}${path}`, { headers: { origin: ORIGIN } })).headers.get('access-control-allow-origin'), null, `${path} is not readable cross-origin`);
    }
  });

  it('secret keys of any length, empty, or with the right prefix are refused alike (401), never an error', async () => {
    const wrong = ['', 'x', SECRET.slice(0, -1), `${SECRET}x`, SECRET.toUpperCase(), 'k'.repeat(8_000), `${SECRET} ${SECRET}`];
    for (const key of wrong) {
      const res = await post({ type: 'identify', event_id: 'key-1', ts: T, client_id: 'c', email: 'dee@acme.com' }, { authorization: `Bearer ${key}` });
      assert.equal(res.status, 401, JSON.stringify(key.slice(0, 40)));
      assert.doesNotMatch(await res.text(), new RegExp(SECRET), 'the answer never names a configured key');
    }
  });
});

describe('HTTP surface: limits on every route', () => {
  it('a URL or headers past 16 KiB are refused with 431 before any route runs; the server goes on serving', async () => {
    for (const path of ['/v1/events', '/healthz', '/metrics', `/v1/companies/x/attribution?include=${'c'.repeat(20_000)}`]) {
      const huge = await fetch(`${url}${path}`, { headers: { 'x-pad': 'p'.repeat(20_000) } });
      assert.equal(huge.status, 431, path);
    }
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
  });

  it('large batches past the intake budget get 503 with Retry-After before their body is read; the budget comes back when they end, dropped ones included', async () => {
    const small = createServer(p, { logLevel: 'silent', intakeBudget: { maxBytes: 3 * 900_000, maxRequests: 256 } });
    const smallUrl = await small.listen({ port: 0, host: '127.0.0.1' });
    let n = 0;
    const batch = () => JSON.stringify({ events: Array.from({ length: 400 }, () => ({ type: 'hit', event_id: `flood-${++n}`, ts: T, client_id: `fc-${n}`, session_id: 's', name: 'page_view', properties: { pad: 'x'.repeat(2_000) } })) }); // ~850 KB
    const send = (body: string) => fetch(`${smallUrl}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    // Three slow senders of 900 KB batches hold the whole budget while their bodies trickle in.
    const { connect } = await import('node:net');
    const holdBudget = (count: number) => Promise.all(Array.from({ length: count }, async () => {
      const socket = connect(Number(new URL(smallUrl).port), '127.0.0.1');
      await new Promise<void>((resolve) => socket.write('POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 900000\r\n\r\n{"events":[', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 100));
      return socket;
    }));
    let slow = await holdBudget(3);
    try {
      const started = performance.now();
      const refused = await send(batch());
      assert.equal(refused.status, 503);
      assert.ok(performance.now() - started < 500, 'refused at once');
      assert.equal(refused.headers.get('retry-after'), '1');
      assert.match((await refused.json() as { error: string }).error, /^the collector is busy with 3 requests; retry after 1 s/);
      // Dropped, they give their share back: with two new slow senders, one more batch fits only if all three did.
      for (const socket of slow) socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 100));
      slow = await holdBudget(2);
      assert.equal((await send(batch())).status, 200);
      assert.equal((await send(batch())).status, 200, 'an answered request gives its share back too');
    } finally {
      for (const socket of slow) socket.destroy();
      await small.close();
    }
  });

  it('an id past the longest an event may carry is a 414, not a lookup', async () => {
    const res = await fetch(`${url}/v1/contacts/${'z'.repeat(5_000)}/attribution`);
    assert.equal(res.status, 414);
  });
});

describe('HTTP surface: the log of tributary start', () => {
  let dir: string;
  after(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  it('holds no email and no key, whatever was sent and refused', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-log-review-'));
    const server = await startProcess(join(dir, 'data'), { TRIBUTARY_SECRET_KEYS: SECRET, TRIBUTARY_WRITE_KEYS: `wk_review_site:${ORIGIN}` });
    const email = 'private.person@acme-secret.example';
    const send = (body: string, headers: Record<string, string>, query = '') =>
      fetch(`${server.url}/v1/events${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    try {
      const event = (id: string, o: object = {}) => JSON.stringify({ type: 'identify', event_id: id, ts: T, client_id: 'c1', email, ...o });
      assert.equal((await send(event('log-1'), {}, '?write_key=wk_review_site')).status, 200);
      await send(event('log-2'), { authorization: `Bearer ${SECRET}x` });
      await send(event('log-3'), {}, '?write_key=wk_unknown_key_value');
      await send(event('log-4', { email: `${email}@@` }), { 'x-write-key': 'wk_review_site' });
      await send(`{"broken": "${email}`, { 'x-write-key': 'wk_review_site' });
      await send(JSON.stringify({ type: 'company_created', event_id: 'log-5', ts: T, company_id: 'co', email }), { authorization: `Bearer ${SECRET}` });
      await fetch(`${server.url}/v1/contacts/${encodeURIComponent(email)}/attribution`);
      await fetch(`${server.url}/v1/companies/co/attribution`);
    } finally {
      await server.stop();
    }
    const log = server.output();
    for (const secret of [email, 'acme-secret', SECRET, 'wk_review_site', 'wk_unknown_key_value']) {
      assert.ok(!log.includes(secret), `the log holds ${secret}:\n${log}`);
    }
  });
});
