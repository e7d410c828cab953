// `tributary ingest` under hostile JSON Lines (issue 16), through ingestLines on a real PGlite: generated files mixing
// good events, bad events and lines that are not JSON at all. Properties: every bad line is rejected with its line
// number and a reason and kept in bi.rejected_events, every good line is accepted and processed, a second ingest of
// the same file stores nothing twice.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { ingestLines } from '../../src/app/ingest.js';
import type { Pipeline } from '../../src/app/pipeline.js';
import { ingest, openTestPipeline } from '../support/pipeline.js';
import { badEvent, goodEvent } from './hostile-events.js';

/** Lines no JSON parser takes, or takes as something that is not an event. */
const garbageLine = fc.constantFrom(
  '{"type":"session"', 'not json', '\uFEFF\uFEFF{}', '{"a":1}{"b":2}', '[' .repeat(10_000) + ']'.repeat(10_000),
  '{"type":"identify","event_id":"raw-nul","client_id":"c\u0000","email":"a@b.co","ts":0}', 'NaN', '{"__proto__":', '"\\ud800"', '1e999',
);

let p: Pipeline;
const errors: string[] = [];
before(async () => { p = await openTestPipeline({}, { onError: (worker, error) => errors.push(`${worker}: ${String(error)}`) }); });
after(async () => { await p?.close(); });

const count = async (table: string) => (await p.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

describe('ingest: generated files of good, bad and broken lines', () => {
  it('accepts exactly the good lines, rejects exactly the others with their line numbers, and stores nothing twice', async () => {
    let cases = 0;
    let goodLines = 0;
    let badLines = 0;
    const rejectedBefore = await count('bi.rejected_events');
    await fc.assert(fc.asyncProperty(
      fc.array(fc.oneof(
        goodEvent.map((e) => ({ line: JSON.stringify(e), good: true })),
        badEvent.map((e) => ({ line: JSON.stringify(e) ?? 'undefined', good: false })),
        garbageLine.map((line) => ({ line, good: false })),
      ), { minLength: 1, maxLength: 15 }),
      fc.constantFrom('\n', '\r\n'),
      async (lines, eol) => {
        cases++;
        const text = lines.map((l) => l.line).join(eol) + eol;
        const summary = await ingest(p, text);
        const bad = lines.flatMap((l, i) => (l.good ? [] : [i + 1]));
        assert.equal(summary.accepted, lines.length - bad.length, JSON.stringify(summary.reasons));
        assert.deepEqual(summary.reasons.map((r) => r.line), bad);
        for (const r of summary.reasons) assert.match(r.reason, /^[^:]+: \S/);
        const again = await ingest(p, text);
        assert.deepEqual([again.accepted, again.duplicate, again.rejected], [0, lines.length - bad.length, bad.length]);
        goodLines += lines.length - bad.length;
        badLines += bad.length;
      }), { numRuns: 100, seed: 1617 });
    console.log(`# ingest fuzz: ${cases} generated files, ${goodLines} good and ${badLines} bad lines, each ingested twice`);
    assert.equal(await count('bi.rejected_events') - rejectedBefore, 2 * badLines);
    assert.deepEqual(errors, [], 'every accepted event is processed without a worker error');
  });
});

describe('ingest: bytes that are not UTF-8', () => {
  it('a line with invalid UTF-8 is rejected with that reason and kept; 4-byte characters split across reads are intact', async () => {
    const utm = 'Spring \u{1F600} \u202Esale';
    const good = (id: string) => Buffer.from(`${JSON.stringify({ type: 'mobile_event', event_id: id, ts: '2026-03-01T10:00:00Z', device_id: 'd-utf8', name: 'open', campaign: { source: 'google', campaign: utm } })}\r\n`);
    const bad = Buffer.concat([Buffer.from('{"type":"identify","event_id":"bad-utf8","ts":"2026-03-01T10:00:00Z","client_id":"c","email":"a\xff'.replace('\xff', ''), 'utf8'), Buffer.from([0xff, 0xfe]), Buffer.from('@b.co"}\n')]);
    const bytes = Buffer.concat([good('utf8-1'), bad, good('utf8-2')]);
    // One byte per read: every multi-byte character is cut between two reads.
    const summary = await ingestLines(p, Readable.from([...bytes].map((b) => Buffer.from([b]))));
    assert.deepEqual([summary.accepted, summary.rejected], [2, 1]);
    assert.deepEqual(summary.reasons.map((r) => [r.line, r.reason]), [[2, 'invalid UTF-8: the line is not valid UTF-8 text']]);
    const { rows } = await p.store.query<{ campaign: string }>("SELECT campaign FROM bi.interaction_touchpoints WHERE device_id = 'd-utf8'");
    assert.deepEqual(rows.map((r) => r.campaign), [utm, utm]);
    const kept = await p.store.query<{ reason: string }>("SELECT reason FROM bi.rejected_events WHERE raw LIKE '%bad-utf8%'");
    assert.equal(kept.rows.length, 1);
  });
});
