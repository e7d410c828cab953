// `tributary/client`: batching, filling event_id and ts, retries (429 with Retry-After, 5xx, network errors),
// final answers, 413 splitting, flush and close — against a scripted collector, then against the real one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createClient, type DeliveryFailure } from '../../src/client/index.js';
import type { Pipeline } from '../../src/app/pipeline.js';
import { OPEN_COLLECTOR } from '../../src/hosts/http/collector-options.js';
import { createServer } from '../../src/hosts/http/server.js';
import { exportAll, openTestPipeline } from '../support/pipeline.js';

interface Received { headers: IncomingMessage['headers']; events: any[] }
type Script = (events: any[]) => { status: number; body?: unknown; headers?: Record<string, string> } | 'hang-up';

/** A collector that answers as the test scripts it, and records what it got. */
async function scripted(script: Script): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createHttpServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => { text += chunk; });
    request.on('end', () => {
      const events = JSON.parse(text).events;
      received.push({ headers: request.headers, events });
      const answer = script(events);
      if (answer === 'hang-up') return void request.socket.destroy();
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(JSON.stringify(answer.body ?? { accepted: events.length, duplicate: 0, rejected: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const signup = (i: number) => ({ type: 'signup' as const, company_id: `co-${i}`, email: `u${i}@acme.com` });

describe('server-side client against a scripted collector', () => {
  it('fills event_id (UUID) and ts (now, ISO) when missing, keeps them when given, sends the secret key', async () => {
    const c = await scripted(() => ({ status: 200 }));
    const client = createClient({ url: c.url, secretKey: 'sk_0123456789abcdef' });
    const before = Date.now();
    const id = client.track(signup(1));
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(client.track({ ...signup(2), event_id: 'mine', ts: 1_780_000_000_000 }), 'mine');
    client.track({ ...signup(3), ts: new Date('2026-03-01T10:00:00Z') });
    await client.close();
    const [request] = c.received;
    assert.equal(request!.headers.authorization, 'Bearer sk_0123456789abcdef');
    assert.equal(request!.headers['content-type'], 'application/json');
    const [a, b, d] = request!.events;
    assert.equal(a.event_id, id);
    assert.ok(Date.parse(a.ts) >= before && Date.parse(a.ts) <= Date.now());
    assert.deepEqual([b.event_id, b.ts], ['mine', 1_780_000_000_000]);
    assert.equal(d.ts, '2026-03-01T10:00:00.000Z');
    await c.close();
  });

  it('batches: a full batch leaves at once; the rest after flushIntervalMs; one request per batch', async () => {
    const c = await scripted(() => ({ status: 200 }));
    const client = createClient({ url: c.url, batchSize: 10, flushIntervalMs: 50 });
    for (let i = 0; i < 25; i++) client.track(signup(i));
    await client.flush();
    assert.deepEqual(c.received.map((r) => r.events.length), [10, 10, 5]);
    client.track(signup(99));
    const deadline = Date.now() + 5000;
    while (c.received.length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(c.received.length, 4, 'the interval flushed the lone event');
    await client.close();
    await c.close();
  });

  it('retries 429 (after Retry-After), 5xx and dropped connections with the same events, then delivers once', async () => {
    const answers: Array<ReturnType<Script>> = [{ status: 429, headers: { 'retry-after': '0' } }, { status: 503 }, 'hang-up', { status: 200 }];
    const c = await scripted(() => answers.shift() ?? { status: 200 });
    const failures: DeliveryFailure[] = [];
    const client = createClient({ url: c.url, retryBaseMs: 5, onError: (f) => failures.push(f) });
    client.track(signup(1));
    client.track(signup(2));
    await client.close();
    assert.equal(c.received.length, 4);
    const ids = c.received.map((r) => r.events.map((e) => e.event_id).join());
    assert.equal(new Set(ids).size, 1, 'every attempt carried the same event_ids: the collector counts a repeat once');
    assert.deepEqual(failures, []);
    await c.close();
  });

  it('gives up after maxRetries and reports each event as failed', async () => {
    const c = await scripted(() => ({ status: 500, body: { error: 'internal error' } }));
    const failures: DeliveryFailure[] = [];
    const client = createClient({ url: c.url, maxRetries: 2, retryBaseMs: 1, onError: (f) => failures.push(f) });
    const id = client.track(signup(1));
    await client.close();
    assert.equal(c.received.length, 3, 'the first attempt and 2 retries');
    assert.deepEqual(failures.map((f) => [f.kind, f.event_id]), [['failed', id]]);
    assert.match(failures[0]!.reason, /collector answered 500: internal error \(gave up after 2 retries\)/);
    await c.close();
  });

  it('4xx answers are final: a 401 fails the batch at once; per-event rejections are reported with their reason', async () => {
    const unauthorized = await scripted(() => ({ status: 401, body: { error: 'invalid secret key' } }));
    const failures: DeliveryFailure[] = [];
    let client = createClient({ url: unauthorized.url, retryBaseMs: 1, onError: (f) => failures.push(f) });
    client.track(signup(1));
    await client.close();
    assert.equal(unauthorized.received.length, 1);
    assert.match(failures[0]!.reason, /collector answered 401: invalid secret key/);
    await unauthorized.close();

    failures.length = 0;
    const picky = await scripted((events) => ({ status: 200, body: { accepted: 1, duplicate: 0, rejected: [{ index: 1, event_id: events[1].event_id, reason: 'email: not an email' }] } }));
    client = createClient({ url: picky.url, onError: (f) => failures.push(f) });
    client.track(signup(1));
    const bad = client.track({ type: 'signup', company_id: 'x', email: 'nope' });
    await client.close();
    assert.deepEqual(failures.map((f) => [f.kind, f.event_id, f.reason]), [['rejected', bad, 'email: not an email']]);
    assert.equal(failures[0]!.event.type, 'signup');
    await picky.close();
  });

  it('a 413 splits the batch until it fits', async () => {
    const c = await scripted((events) => events.length > 2 ? { status: 413, body: { error: 'too large' } } : { status: 200 });
    const failures: DeliveryFailure[] = [];
    const client = createClient({ url: c.url, onError: (f) => failures.push(f) });
    for (let i = 0; i < 5; i++) client.track(signup(i));
    await client.close();
    const delivered = c.received.filter((r) => r.events.length <= 2).flatMap((r) => r.events.map((e) => e.company_id));
    assert.deepEqual(delivered, ['co-0', 'co-1', 'co-2', 'co-3', 'co-4']);
    assert.deepEqual(failures, []);
    await c.close();
  });

  it('close() refuses new events; a full queue throws instead of losing events silently', async () => {
    const c = await scripted(() => ({ status: 200 }));
    const client = createClient({ url: c.url, maxQueue: 2, batchSize: 10 });
    client.track(signup(1));
    client.track(signup(2));
    assert.throws(() => client.track(signup(3)), /2 events are waiting/);
    await client.close();
    assert.throws(() => client.track(signup(4)), /after close/);
    await c.close();
  });
});

describe('server-side client against the real collector with secret keys', () => {
  const SECRET = 'sk_client_0123456789abcdef';
  let p: Pipeline;
  let app: FastifyInstance;
  let url: string;
  before(async () => {
    p = await openTestPipeline();
    app = createServer(p, { logLevel: 'silent', collector: { ...OPEN_COLLECTOR, writeKeys: [{ key: 'wk_site', origins: [] }], secretKeys: [SECRET], rateLimit: { perMinute: 1, burst: 1 } } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(async () => { await app.close(); await p.close(); });

  it('delivers backend events with the secret key, past the public rate limit, and they are attributed', async () => {
    const failures: DeliveryFailure[] = [];
    const client = createClient({ url, secretKey: SECRET, batchSize: 2, onError: (f) => failures.push(f) });
    client.track({ type: 'session', client_id: 'cl-1', session_id: 'ss-1', page_url: 'https://www.acme.com/?utm_source=google&utm_medium=cpc&gclid=G1', ts: '2026-03-01T09:00:00Z', ip: '203.0.113.9' });
    client.track({ type: 'identify', client_id: 'cl-1', email: 'ana@acme.com', ts: '2026-03-01T09:05:00Z' });
    client.track({ type: 'contact_created', contact_id: 'ct-1', email: 'ana@acme.com', ts: '2026-03-01T09:30:00Z' });
    client.track({ type: 'company_created', company_id: 'co-client', email: 'ana@acme.com', ts: '2026-03-01T10:00:00Z' });
    client.track({ type: 'signup', company_id: 'co-client', email: 'ana@acme.com', ts: '2026-03-01T10:01:00Z' });
    await client.close();
    assert.deepEqual(failures, []);
    await p.settle();
    const [company] = (await exportAll(p, 'companies')).filter((c) => c.company_id === 'co-client');
    assert.deepEqual(company.first_touch.click_id, { type: 'gclid', value: 'G1' });
    assert.equal(company.first_touch.channel, 'paid_search');
  });

  it('a wrong secret key is reported, not retried', async () => {
    const failures: DeliveryFailure[] = [];
    const client = createClient({ url, secretKey: 'sk_wrong_0123456789abcdef', onError: (f) => failures.push(f) });
    client.track({ type: 'signup', company_id: 'co-x', email: 'x@acme.com' });
    await client.close();
    assert.equal(failures.length, 1);
    assert.match(failures[0]!.reason, /collector answered 401: invalid secret key/);
  });
});
