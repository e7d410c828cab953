// CONTRACT section 6, errors: a rejected event never stops the others. The collector answers {accepted, rejected:
// [{index, event_id, reason}]} with 200 / 400 / 413; `ingest` counts and explains; every reject is kept with its
// reason in bi.rejected_events.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Pipeline } from '../../src/app/pipeline.js';
import { createServer } from '../../src/hosts/http/server.js';
import { exportAll, ingest, openTestPipeline } from '../support/pipeline.js';

const T0 = Date.parse('2026-03-10T12:00:00.000Z');
const HOUR = 3_600_000;
const MiB = 1024 * 1024;

interface Harness { p: Pipeline; errors: string[] }
async function open(overrides: Parameters<typeof openTestPipeline>[0] = {}): Promise<Harness> {
  const errors: string[] = [];
  const p = await openTestPipeline(overrides, { onError: (worker, error) => errors.push(`${worker}: ${(error as Error)?.stack ?? String(error)}`) });
  return { p, errors };
}

interface RejectedRow { event_id: string | null; reason: string; raw: string; source: string }
async function rejectedRows(p: Pipeline, where = 'TRUE', params: unknown[] = []): Promise<RejectedRow[]> {
  return (await p.store.query<RejectedRow>(`SELECT event_id, reason, raw, source FROM bi.rejected_events WHERE ${where} ORDER BY id`, params)).rows;
}
async function processedCount(p: Pipeline): Promise<number> {
  return (await p.store.query<{ n: number }>('SELECT count(*)::int AS n FROM bi.processed_events')).rows[0]!.n;
}

describe('section 6: the collector', () => {
  let h: Harness;
  let app: FastifyInstance;
  before(async () => { h = await open(); app = createServer(h.p, { logLevel: 'silent' }); });
  after(async () => { await app.close(); await h.p.close(); assert.deepEqual(h.errors, [], 'no worker may fail'); });

  async function postRaw(payload: string, contentType = 'application/json') {
    const res = await app.inject({ method: 'POST', url: '/v1/events', payload, headers: { 'content-type': contentType } });
    let body: any = null;
    try { body = res.json(); } catch { /* not JSON */ }
    return { status: res.statusCode, body };
  }
  const post = (body: unknown) => postRaw(JSON.stringify(body));
  const drain = async () => { await h.p.settle(); await h.p.finish(); };

  it('a mixed batch is 200: valid events accepted and processed, each invalid one reported with index, event_id and reason', async () => {
    const batch = [
      { type: 'session', event_id: 'mix-ok-1', ts: T0 - HOUR, client_id: 'mix-c', session_id: 'mix-s', page_url: 'https://www.acme.com/?gclid=MIX' },
      { type: 'session', event_id: 'mix-bad-1', ts: T0, client_id: 'mix-c', session_id: 'mix-s2' }, // no page_url
      { type: 'company_created', event_id: 'mix-ok-2', ts: T0, company_id: 'mix-co', client_id: 'mix-c' },
      { type: 'identify', ts: T0, client_id: 'mix-c', email: 'nobody@example.com' }, // no event_id
      { type: 'identify', event_id: 'mix-bad-3', ts: T0, client_id: 'mix-c', email: 'not-an-email' },
      'just a string',
      { type: 'teleport', event_id: 'mix-bad-5', ts: T0 },
    ];
    const res = await post({ events: batch });
    assert.equal(res.status, 200);
    assert.equal(res.body.accepted, 2);
    assert.deepEqual(res.body.rejected.map((r: any) => [r.index, r.event_id]), [[1, 'mix-bad-1'], [3, null], [4, 'mix-bad-3'], [5, null], [6, 'mix-bad-5']]);
    for (const r of res.body.rejected) {
      assert.deepEqual(Object.keys(r).sort(), ['event_id', 'index', 'reason']);
      assert.equal(typeof r.reason, 'string');
      assert.ok(r.reason.length > 0);
    }
    assert.match(res.body.rejected[0].reason, /page_url/);
    assert.match(res.body.rejected[1].reason, /event_id/);
    assert.match(res.body.rejected[2].reason, /email/);
    assert.match(res.body.rejected[4].reason, /type/);

    await drain();
    const company = (await exportAll(h.p, 'companies')).find((c) => c.company_id === 'mix-co');
    assert.deepEqual(company?.first_touch?.click_id, { type: 'gclid', value: 'MIX' }, 'the valid events of the batch are processed');

    const rows = await rejectedRows(h.p, "source = 'http' AND (event_id LIKE 'mix-%' OR raw LIKE '%mix-c%' OR raw LIKE '%just a string%')");
    assert.equal(rows.length, 5, 'every rejected event is kept');
    assert.deepEqual(rows.map((r) => r.reason), res.body.rejected.map((r: any) => r.reason), 'with the reason the caller was given');
    assert.deepEqual(JSON.parse(rows[0]!.raw), batch[1], 'and what was received');
  });

  it('a single invalid event is 400 and kept in bi.rejected_events', async () => {
    const res = await post({ type: 'signup', event_id: 'single-bad', ts: T0, company_id: 'x' }); // no email
    assert.equal(res.status, 400);
    assert.equal(res.body.accepted, 0);
    assert.deepEqual(res.body.rejected.map((r: any) => [r.index, r.event_id]), [[0, 'single-bad']]);
    assert.match(res.body.rejected[0].reason, /email/);
    const rows = await rejectedRows(h.p, 'event_id = $1', ['single-bad']);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.reason, res.body.rejected[0].reason);
  });

  it('a batch where every event is invalid is 400, with every rejection listed, and nothing is processed', async () => {
    const before = await processedCount(h.p);
    const res = await post({ events: [{ type: 'session', event_id: 'allbad-1' }, { type: 'nope', event_id: 'allbad-2', ts: T0 }, 42] });
    assert.equal(res.status, 400);
    assert.equal(res.body.accepted, 0);
    assert.deepEqual(res.body.rejected.map((r: any) => [r.index, r.event_id]), [[0, 'allbad-1'], [1, 'allbad-2'], [2, null]]);
    assert.equal(await processedCount(h.p), before);
    assert.equal((await rejectedRows(h.p, "event_id LIKE 'allbad-%'")).length, 2);
  });

  it('an empty batch is 400: nothing was accepted', async () => {
    const res = await post({ events: [] });
    assert.equal(res.status, 400);
  });

  it('a body that is not JSON is 400 and nothing is accepted', async () => {
    const before = await processedCount(h.p);
    const res = await postRaw('{"type":"session","event_id":"broken"');
    assert.equal(res.status, 400);
    assert.equal(await processedCount(h.p), before);
  });

  it('a body over 1 MiB is 413 and none of its events is processed', async () => {
    const before = await processedCount(h.p);
    const events = Array.from({ length: 10 }, (_, i) => ({ type: 'hit', event_id: `big-${i}`, ts: T0, client_id: 'big-c', session_id: 'big-s', name: 'page_view', properties: { pad: 'x'.repeat(110_000) } }));
    const body = JSON.stringify({ events });
    assert.ok(body.length > MiB);
    const res = await postRaw(body);
    assert.equal(res.status, 413);
    await drain();
    assert.equal(await processedCount(h.p), before);
  });

  it('a body just under 1 MiB is accepted', async () => {
    const event = { type: 'hit', event_id: 'almost-big', ts: T0, client_id: 'big-c', session_id: 'big-s', name: 'page_view', properties: { pad: 'x'.repeat(MiB - 1000) } };
    const body = JSON.stringify(event);
    assert.ok(body.length < MiB);
    const res = await postRaw(body);
    assert.equal(res.status, 200);
    assert.equal(res.body.accepted, 1);
  });

  it('a batch of 500 events is accepted; 501 is past the limit (413) and none of them is processed', async () => {
    const hits = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ type: 'hit', event_id: `${prefix}-${i}`, ts: T0, client_id: 'lim-c', session_id: 'lim-s', name: 'page_view' }));
    const ok = await post({ events: hits(500, 'lim500') });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.accepted, 500);
    const before = await processedCount(h.p);
    const tooMany = await post({ events: hits(501, 'lim501') });
    assert.equal(tooMany.status, 413);
    assert.equal(await processedCount(h.p), before);
  });

  it('a corrected resend of a rejected event is accepted (a rejected event_id is not used up)', async () => {
    const bad = await post({ type: 'identify', event_id: 'resend-1', ts: T0, client_id: 'resend-c', email: 'broken@' });
    assert.equal(bad.status, 400);
    const good = await post({ type: 'identify', event_id: 'resend-1', ts: T0, client_id: 'resend-c', email: 'fixed@example.com' });
    assert.equal(good.status, 200);
    assert.equal(good.body.accepted, 1);
  });
});

describe('section 6: ingest', () => {
  let h: Harness;
  before(async () => { h = await open(); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, [], 'no worker may fail'); });

  it('a mixed file: the summary counts are right, every invalid line is kept with its reason, the valid ones are processed', async () => {
    const lines = [
      JSON.stringify({ type: 'session', event_id: 'file-ok-1', ts: T0 - HOUR, client_id: 'file-c', session_id: 'file-s', page_url: 'https://www.acme.com/?utm_source=google&utm_medium=cpc&utm_campaign=File' }),
      JSON.stringify({ type: 'session', event_id: 'file-bad-1', ts: '2026-03-10 12:00', client_id: 'file-c', session_id: 'file-s2', page_url: 'https://www.acme.com/' }),
      '{"type":"identify","event_id":"file-bad-2",',
      '',
      JSON.stringify({ type: 'company_created', event_id: 'file-ok-2', ts: T0, company_id: 'file-co', client_id: 'file-c' }),
      JSON.stringify({ type: 'identify', event_id: 'file-bad-3', ts: T0, client_id: 'file-c', email: 'file@@example.com' }),
      '[1, 2, 3]',
      JSON.stringify({ type: 'session', event_id: 'file-ok-1', ts: T0 - 2 * HOUR, client_id: 'file-c', session_id: 'file-dup', page_url: 'https://www.acme.com/' }),
      JSON.stringify({ type: 'contact_created', event_id: 'file-ok-3', ts: T0, contact_id: 'file-ct', email: 'File@Example.com', client_id: 'file-c' }),
    ];
    const s = await ingest(h.p, lines.join('\n') + '\n');
    assert.equal(s.accepted, 3);
    assert.equal(s.rejected, 4);
    assert.equal(s.duplicate, 1);
    assert.deepEqual(s.reasons.map((r) => r.line), [2, 3, 6, 7], 'reasons carry their line numbers (blank lines count)');
    assert.deepEqual(s.reasons.map((r) => r.event_id), ['file-bad-1', null, 'file-bad-3', null]);
    assert.match(s.reasons[0]!.reason, /^ts\b/);
    assert.match(s.reasons[1]!.reason, /JSON/);
    assert.match(s.reasons[2]!.reason, /^email\b/);

    const rows = await rejectedRows(h.p, "source = 'ingest'");
    assert.equal(rows.length, 4);
    assert.deepEqual(rows.map((r) => r.reason), s.reasons.map((r) => r.reason));
    assert.deepEqual(rows.map((r) => r.raw), [lines[1], lines[2], lines[5], lines[6]], 'each invalid line is kept as it was read');
    assert.deepEqual(rows.map((r) => r.event_id), ['file-bad-1', null, 'file-bad-3', null]);

    const company = (await exportAll(h.p, 'companies')).find((c) => c.company_id === 'file-co');
    assert.equal(company?.first_touch?.campaign, 'File');
    const contact = (await exportAll(h.p, 'contacts')).find((c) => c.contact_id === 'file-ct');
    assert.equal(contact?.email, 'file@example.com');
    assert.equal(contact?.first_touch?.campaign, 'File');
  });

  it('malformed JSON lines are rejected with a reason that says so', async () => {
    const bad = ['{"type":', 'not json at all', "{'type':'session'}", '{"type":"hit"} trailing', '{"a":1}}', 'undefined'];
    const good = JSON.stringify({ type: 'identify', event_id: 'json-ok', ts: T0, client_id: 'json-c', email: 'json@example.com' });
    const s = await ingest(h.p, [...bad, good].join('\n') + '\n');
    assert.equal(s.accepted, 1, 'the valid line after them is still processed');
    assert.equal(s.rejected, bad.length);
    for (const r of s.reasons) assert.match(r.reason, /JSON/i, `line ${r.line}: ${r.reason}`);
    const rows = await rejectedRows(h.p, "source = 'ingest' AND reason ILIKE '%json%'");
    for (const line of bad) assert.ok(rows.some((r) => r.raw === line), `kept: ${JSON.stringify(line)}`);
    assert.ok((await exportAll(h.p, 'contacts')).some((c) => c.email === 'json@example.com'));
  });

  it('a line holding a NUL character is rejected like any malformed line and does not stop the others', async () => {
    // PostgreSQL text cannot hold U+0000: the reject must still be recorded (the raw text made storable), and the
    // valid lines around it processed.
    const before = JSON.stringify({ type: 'identify', event_id: 'nul-ok-1', ts: T0, client_id: 'nul-c', email: 'nul.before@example.com' });
    const after = JSON.stringify({ type: 'identify', event_id: 'nul-ok-2', ts: T0, client_id: 'nul-c', email: 'nul.after@example.com' });
    const nulLines = ['{"type":"session","event_id":"nul-bad-1","ts":1,"x":"a\u0000b"}', 'garbage\u0000here'];
    let s;
    try {
      s = await ingest(h.p, [before, ...nulLines, after].join('\n') + '\n');
    } catch (error) {
      assert.fail(`ingest must not fail on a NUL character: ${(error as Error).message}`);
    }
    assert.equal(s.accepted, 2);
    assert.equal(s.rejected, 2);
    const rows = await rejectedRows(h.p, "source = 'ingest' AND (raw LIKE '%nul-bad-1%' OR raw LIKE 'garbage%')");
    assert.equal(rows.length, 2, 'both rejects are kept');
    const emails = (await exportAll(h.p, 'contacts')).map((c) => c.email);
    assert.ok(emails.includes('nul.before@example.com') && emails.includes('nul.after@example.com'));
  });

  it('valid JSON that is not an event object is rejected with a reason', async () => {
    const s = await ingest(h.p, ['null', '42', '"text"', '[]', '{}', 'true'].join('\n') + '\n');
    assert.equal(s.accepted, 0);
    assert.equal(s.rejected, 6);
    for (const r of s.reasons) assert.ok(r.reason.length > 0);
  });

  it('a file where every line is invalid is read to the end and every line is reported', async () => {
    const lines = Array.from({ length: 1500 }, (_, i) => JSON.stringify({ type: 'session', event_id: `allbad-${i}`, ts: T0 }));
    const s = await ingest(h.p, lines.join('\n'));
    assert.equal(s.accepted, 0);
    assert.equal(s.rejected, 1500);
    assert.equal(s.lines, 1500);
    assert.equal((await rejectedRows(h.p, "event_id LIKE 'allbad-%'")).length, 1500);
  });

  it('blank lines and a Windows line ending are not errors', async () => {
    const line = JSON.stringify({ type: 'identify', event_id: 'crlf-1', ts: T0, client_id: 'crlf-c', email: 'crlf@example.com' });
    const s = await ingest(h.p, `\n\n${line}\r\n\n`);
    assert.equal(s.accepted, 1);
    assert.equal(s.rejected, 0);
  });
});
