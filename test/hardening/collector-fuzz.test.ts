// POST /v1/events under hostile input (issue 16), over real HTTP to createServer on a real PGlite: a corpus of known
// bad bodies and events, then generated batches mixing good and bad events. Properties: the server answers every
// request within a bound, every bad event is rejected with a reason and kept in bi.rejected_events, every good event
// of the same batch is accepted and processed, a resend stores nothing twice.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { Pipeline } from '../../src/app/pipeline.js';
import { createServer, MAX_BATCH_EVENTS, MAX_BODY_BYTES } from '../../src/hosts/http/server.js';
import { openTestPipeline } from '../support/pipeline.js';
import { badEvent, freshId, goodEvent, type Event } from './hostile-events.js';

const ANSWER_WITHIN_MS = 2_000;
const REQUEST_TIMEOUT_MS = 1_000;

let p: Pipeline;
let app: FastifyInstance;
let url: string;
const workerErrors: string[] = [];

before(async () => {
  p = await openTestPipeline({}, { onError: (worker, error) => workerErrors.push(`${worker}: ${String(error)}`) });
  app = createServer(p, { logLevel: 'silent', requestTimeoutMs: REQUEST_TIMEOUT_MS });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app?.close();
  await p?.close();
});

async function post(body: string | Uint8Array, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const started = performance.now();
  const res = await fetch(`${url}/v1/events`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  const text = await res.text();
  const ms = performance.now() - started;
  assert.ok(ms < ANSWER_WITHIN_MS, `answered in ${ms.toFixed(0)} ms`);
  return { status: res.status, body: JSON.parse(text) as { error?: string; accepted: number; duplicate: number; rejected: Array<{ index: number; event_id: string | null; reason: string }> } };
}

const count = async (sql: string, params: unknown[] = []) => (await p.store.query<{ n: number }>(sql, params)).rows[0]!.n;
const good = (): Event => ({ type: 'identify', event_id: freshId('corpus'), ts: '2026-03-01T10:00:00Z', client_id: freshId('c'), email: 'ana@acme.com' });

describe('collector: known-bad bodies get a clear error and change nothing', () => {
  const deepBody = '['.repeat(200_000) + ']'.repeat(200_000);
  const cases: Array<[string, string | Uint8Array, Record<string, string>, number, RegExp]> = [
    ['truncated JSON', '{"events":[{"type":"session"', { 'content-type': 'application/json' }, 400, /^body is not valid JSON/],
    ['trailing garbage', '{"events":[]} x', { 'content-type': 'text/plain' }, 400, /^body is not valid JSON/],
    ['an empty body', '', { 'content-type': 'application/json' }, 400, /./],
    ['an empty batch', '{"events":[]}', { 'content-type': 'application/json' }, 400, /^events: the batch is empty/],
    ['invalid UTF-8', Buffer.concat([Buffer.from('{"type":"identify","event_id":"u8","client_id":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('","email":"a@b.co","ts":0}')]), { 'content-type': 'application/json' }, 400, /not valid UTF-8/],
    ['200,000 levels of nesting', deepBody, { 'content-type': 'application/json' }, 400, /./],
    ['a gzip body', gzipSync(JSON.stringify({ events: [good()] })), { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 415, /content-encoding "gzip" is not accepted/],
    ['a form body', 'type=session', { 'content-type': 'application/x-www-form-urlencoded' }, 415, /content-type "application\/x-www-form-urlencoded" is not accepted/],
    ['XML', '<events/>', { 'content-type': 'application/xml' }, 415, /is not accepted: send application\/json or text\/plain/],
    ['over 1 MiB', JSON.stringify({ events: [{ ...good(), pad: 'x'.repeat(MAX_BODY_BYTES) }] }), { 'content-type': 'application/json' }, 413, /request body over/],
    ['over 500 events', JSON.stringify({ events: Array.from({ length: MAX_BATCH_EVENTS + 1 }, good) }), { 'content-type': 'application/json' }, 413, /at most 500 events/],
  ];
  for (const [name, body, headers, status, error] of cases) {
    it(`${name}: ${status}`, async () => {
      const before = await count('SELECT count(*)::int AS n FROM bi.processed_events');
      const res = await post(body, headers);
      assert.equal(res.status, status);
      assert.match(res.body.error ?? JSON.stringify(res.body.rejected), error);
      assert.equal(await count('SELECT count(*)::int AS n FROM bi.processed_events'), before, 'nothing accepted');
    });
  }
});

describe('collector: a chunked body without a length', () => {
  it('is cut at 1 MiB like any other (413), without reading the rest', async () => {
    // 256 MiB if it were all read. Far more than the sockets' buffers can take in (tens of MiB at most): a server
    // that stops reading at 1 MiB stops the client long before the end, however slowly it gets round to it.
    const pieces = 4096;
    const piece = new TextEncoder().encode(`{"pad":"${'x'.repeat(64 * 1024)}",`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < pieces) controller.enqueue(piece); else controller.close();
      },
    });
    const res = await fetch(`${url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    assert.equal(res.status, 413);
    assert.ok(sent < pieces, `read all ${pieces} pieces of 64 KiB, when it should have stopped after 1 MiB`);
  });
});

describe('collector: known-bad events beside a good one', () => {
  // Deep values are written as text: JSON.stringify itself overflows the stack on them (as the collector once did).
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const hostile: Array<[string, unknown, RegExp]> = [
    ['10,000 levels of nesting as the event', { raw: deep(10_000) }, /^event: must be a JSON object/],
    ['10,000 levels of nesting in properties', { raw: `{"type":"hit","event_id":"${freshId('deep')}","ts":"2026-03-01T10:00:00Z","client_id":"c","session_id":"s","name":"n","properties":{"a":${deep(10_000)}}}` }, /^properties\.a(\[0\])+: is nested more than 32 levels deep/],
    ['a 900 KB string', { ...good(), client_id: 'x'.repeat(900_000) }, /^client_id: must be at most 256 characters/],
    ['a huge number as the time', { ...good(), ts: 1e308 }, /^ts: 1e\+308 is outside the accepted range/],
    ['a lone surrogate in a UTM value', { type: 'mobile_event', event_id: freshId('sur'), ts: '2026-03-01T10:00:00Z', device_id: 'd', name: 'open', campaign: { source: 'a\ud800b' } }, /^campaign\.source: must be valid Unicode text/],
    ['NUL in an identifier', { ...good(), client_id: 'a\u0000b' }, /^client_id: must not contain a NUL character/],
    ['NUL in a property key', { type: 'hit', event_id: freshId('nulkey'), ts: '2026-03-01T10:00:00Z', client_id: 'c', session_id: 's', name: 'n', properties: { 'k\u0000': 1 } }, /^properties\["k\\u0000"\]: key must not contain a NUL/],
    ['a type named __proto__', { ...good(), type: '__proto__' }, /^type: unknown event type "__proto__"/],
    ['an email that is an object', { ...good(), email: { toString: 'a@b.co' } }, /^email: must be a string/],
  ];
  for (const [name, event, reason] of hostile) {
    it(`${name}: rejected with a reason and kept; the good event is processed`, async () => {
      const ok = good();
      const rejectedBefore = await count('SELECT count(*)::int AS n FROM bi.rejected_events');
      const text = typeof event === 'object' && event !== null && 'raw' in event ? String(event.raw) : JSON.stringify(event);
      const res = await post(`{"events":[${JSON.stringify(ok)},${text}]}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.accepted, 1);
      assert.deepEqual(res.body.rejected.map((r) => r.index), [1]);
      assert.match(res.body.rejected[0]!.reason, reason);
      assert.equal(await count('SELECT count(*)::int AS n FROM bi.rejected_events'), rejectedBefore + 1);
      assert.equal(await count('SELECT count(*)::int AS n FROM bi.processed_events WHERE event_id = $1', [ok.event_id]), 1);
    });
  }

  it('__proto__ and constructor keys are data, in application/json as in text/plain: no batch refused, no prototype touched', async () => {
    const raw = (id: string) => `{"type":"hit","event_id":"${id}","ts":"2026-03-01T10:00:00Z","client_id":"c","session_id":"s","name":"n","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"properties":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}}`;
    for (const type of ['application/json', 'text/plain']) {
      const ids = [freshId('proto'), freshId('proto')];
      const res = await post(`{"__proto__":{"polluted":1},"events":[${raw(ids[0]!)},${raw(ids[1]!)}]}`, { 'content-type': type });
      assert.deepEqual([res.status, res.body.accepted], [200, 2], type);
    }
    await p.settle();
    assert.equal(({} as { polluted?: number }).polluted, undefined);
    assert.deepEqual(workerErrors, []);
  });
});

describe('collector: slow-loris bodies', () => {
  it('a body dribbled a byte at a time is cut off after the request timeout while other requests are served', async () => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => { answer += chunk; });
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(performance.now())));
    const opened = performance.now();
    socket.write('POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"events":[');
    const drip = setInterval(() => { if (!socket.destroyed) socket.write(' '); }, 100);
    try {
      const meanwhile = await post(JSON.stringify(good()));
      assert.equal(meanwhile.status, 200);
      const at = await closed;
      assert.ok(at - opened < REQUEST_TIMEOUT_MS + 2_500, `connection closed after ${(at - opened).toFixed(0)} ms`);
      assert.match(answer, /^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
  });
});

describe('collector: generated batches of good and bad events', () => {
  it('accepts exactly the good events, rejects and keeps exactly the bad ones, and stores nothing twice', async () => {
    let cases = 0;
    let goodSent = 0;
    let badSent = 0;
    const sessions: string[] = [];
    const companies = new Set<string>();
    const rejectedBefore = await count('SELECT count(*)::int AS n FROM bi.rejected_events');
    const processedBefore = await count('SELECT count(*)::int AS n FROM bi.processed_events');
    await fc.assert(fc.asyncProperty(
      fc.array(goodEvent, { maxLength: 8 }), fc.array(badEvent, { maxLength: 6 }), fc.constantFrom('application/json', 'text/plain;charset=UTF-8'),
      fc.infiniteStream(fc.boolean()),
      async (goods, bads, type, coin) => {
        cases++;
        const items = [...goods.map((e) => ({ e, bad: false })), ...bads.map((e) => ({ e, bad: true }))];
        items.sort(() => (coin.next().value ? 1 : -1));
        const body = JSON.stringify({ events: items.map((i) => i.e) });
        const first = await post(body, { 'content-type': type });
        const badIndexes = items.flatMap((i, n) => (i.bad ? [n] : []));
        assert.equal(first.status, goods.length > 0 ? 200 : 400);
        assert.equal(first.body.accepted, goods.length, JSON.stringify(first.body.rejected));
        assert.deepEqual(first.body.rejected.map((r) => r.index), badIndexes);
        for (const r of first.body.rejected) assert.match(r.reason, /^[^:]+: \S/);
        const again = await post(body, { 'content-type': type });
        assert.deepEqual([again.body.accepted, again.body.duplicate], [0, goods.length], 'a resend is all duplicates');
        goodSent += goods.length;
        for (const e of goods) if (e.type === 'session') sessions.push(String(e.event_id));
        for (const e of goods) if (e.type === 'company_created') companies.add(String(e.company_id).trim());
        badSent += bads.length;
      }), { numRuns: 150, seed: 1616 });
    await p.settle();
    console.log(`# collector fuzz: ${cases} generated batches, ${goodSent} good and ${badSent} bad events, each sent twice`);
    assert.equal(await count('SELECT count(*)::int AS n FROM bi.processed_events') - processedBefore, goodSent);
    assert.equal(await count('SELECT count(*)::int AS n FROM bi.rejected_events') - rejectedBefore, 2 * badSent);
    assert.deepEqual(workerErrors, [], 'every accepted event is processed without a worker error');
    const visits = await p.store.query<{ n: number }>("SELECT count(*)::int AS n FROM bi.interaction_touchpoints WHERE touchpoint_id = ANY($1)", [sessions.map((id) => `visit:${id}`)]);
    assert.equal(visits.rows[0]!.n, sessions.length, 'every good session became its touchpoint, odd text and all');
    const converted = await p.store.query<{ n: number }>('SELECT count(*)::int AS n FROM bi.company_profile_attribution WHERE company_id = ANY($1)', [[...companies]]);
    assert.equal(converted.rows[0]!.n, companies.size, 'every good company was attributed');
    const health = await fetch(`${url}/healthz`);
    assert.equal(health.status, 200);
  });
});
