// Read access (CONTRACT section 10): reports, the dashboard and the attribution endpoints answer a read key (Bearer
// or the sign-in cookie), and without read keys loopback clients only; the collector, SDK, health and metrics stay
// public; the sign-in page never redirects off-site and shows what it echoes as text.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Pipeline } from '../../../src/app/pipeline.js';
import { isLoopback, safeNext } from '../../../src/hosts/http/read-access.js';
import { createServer } from '../../../src/hosts/http/server.js';
import { openTestPipeline } from '../../support/pipeline.js';

const READ_KEY = 'rk_dashboard_0123456789';
const REMOTE = '203.0.113.9';
const PRIVATE = ['/v1/reports/coverage', '/v1/reports/attribution?model=linear', '/v1/companies/co1/attribution', '/v1/contacts/k1/attribution', '/'];

describe('read access', () => {
  let p: Pipeline;
  let open: FastifyInstance;
  let keyed: FastifyInstance;
  before(async () => {
    p = await openTestPipeline();
    open = createServer(p, { logLevel: 'silent' });
    keyed = createServer(p, { logLevel: 'silent', readKeys: [READ_KEY, 'rk_second_key_abcdefgh'] });
  });
  after(async () => { await open.close(); await keyed.close(); await p.close(); });

  it('knows loopback addresses, IPv4-mapped ones included, and nothing else', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopback(a), true, a);
    for (const a of ['203.0.113.9', '::ffff:10.0.0.1', '10.0.0.1', '::', 'localhost', '']) assert.equal(isLoopback(a), false, a);
  });

  it('without read keys: loopback clients read, any other address gets 401 with what to set', async () => {
    assert.equal((await open.inject({ url: '/v1/reports/coverage' })).statusCode, 200);
    for (const url of PRIVATE) {
      const res = await open.inject({ url, remoteAddress: REMOTE });
      assert.equal(res.statusCode, 401, url);
      assert.match(res.json().error, /TRIBUTARY_READ_KEYS/);
    }
  });

  it('a forwarded address is believed only from a trusted proxy', async () => {
    const res = await open.inject({ url: '/v1/reports/coverage', remoteAddress: REMOTE, headers: { 'x-forwarded-for': '127.0.0.1' } });
    assert.equal(res.statusCode, 401);
    const behindProxy = createServer(p, { logLevel: 'silent', collector: { writeKeys: [], secretKeys: [], allowedOrigins: [], rateLimit: null, trustProxy: true, anonymiseIp: false } });
    try {
      // The loopback proxy forwards a remote client: the client's address decides, not the proxy's.
      const viaProxy = await behindProxy.inject({ url: '/v1/reports/coverage', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': REMOTE } });
      assert.equal(viaProxy.statusCode, 401);
    } finally {
      await behindProxy.close();
    }
  });

  it('the collector, SDK, health and metrics stay public', async () => {
    assert.equal((await open.inject({ url: '/healthz', remoteAddress: REMOTE })).statusCode, 200);
    assert.equal((await open.inject({ url: '/metrics', remoteAddress: REMOTE })).statusCode, 200);
    const post = await open.inject({ method: 'POST', url: '/v1/events', remoteAddress: REMOTE, payload: { type: 'identify', event_id: 'ra-1', ts: '2026-03-01T00:00:00Z', client_id: 'c', email: 'a@b.example' } });
    assert.equal(post.statusCode, 200);
  });

  it('with read keys: a Bearer read key reads from anywhere; a wrong key, a write-looking key or none is 401', async () => {
    for (const url of PRIVATE.slice(0, 2)) {
      assert.equal((await keyed.inject({ url, remoteAddress: REMOTE, headers: { authorization: `Bearer ${READ_KEY}` } })).statusCode, 200, url);
      assert.equal((await keyed.inject({ url, remoteAddress: REMOTE, headers: { authorization: `Bearer ${READ_KEY}x` } })).statusCode, 401, url);
      assert.equal((await keyed.inject({ url, remoteAddress: REMOTE })).statusCode, 401, url);
    }
    // With keys configured, loopback is no longer enough: the keys are the policy.
    const local = await keyed.inject({ url: '/v1/reports/coverage' });
    assert.equal(local.statusCode, 401);
    assert.match(local.json().error, /read key is required/);
  });

  it('a browser without a key is sent to sign in, keeping where it was going', async () => {
    const res = await keyed.inject({ url: '/?model=linear&entity=contacts', remoteAddress: REMOTE, headers: { accept: 'text/html,application/xhtml+xml' } });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/sign-in?next=${encodeURIComponent('/?model=linear&entity=contacts')}`);
  });

  it('signing in with a read key sets an HttpOnly, SameSite=Strict cookie that reads, and holds no key', async () => {
    const res = await keyed.inject({
      method: 'POST', url: '/sign-in', remoteAddress: REMOTE, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ key: READ_KEY, next: '/?model=linear' }).toString(),
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/?model=linear');
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /^tributary_read=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    assert.equal(cookie.includes(READ_KEY), false);
    const pair = cookie.split(';')[0]!;
    assert.equal((await keyed.inject({ url: '/v1/reports/coverage', remoteAddress: REMOTE, headers: { cookie: `other=1; ${pair}` } })).statusCode, 200);
    assert.equal((await keyed.inject({ url: '/v1/reports/coverage', remoteAddress: REMOTE, headers: { cookie: `${pair}x` } })).statusCode, 401);
  });

  it('a wrong key gets the form again with a 401; the page echoes next as text, and never redirects off-site', async () => {
    const hostile = '/"><script>alert(1)</script>';
    const res = await keyed.inject({
      method: 'POST', url: '/sign-in', remoteAddress: REMOTE, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ key: 'not-the-key-at-all-123', next: hostile }).toString(),
    });
    assert.equal(res.statusCode, 401);
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal(res.body.includes('<script>'), false);
    assert.match(res.body, /&#34;&#62;&#60;script&#62;/);
    assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
    for (const next of ['//evil.example/', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/ok\r\nSet-Cookie: x=1']) assert.equal(safeNext(next), '/', next);
    assert.equal(safeNext('/?from=2026-01-01'), '/?from=2026-01-01');
  });

  it('the sign-in page itself is public and loads nothing', async () => {
    const res = await keyed.inject({ url: '/sign-in?next=%2F%3Fby%3Dcampaign', remoteAddress: REMOTE });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /name="next" value="\/\?by=campaign"/);
    assert.equal(/<script|style=/.test(res.body), false);
  });
});
