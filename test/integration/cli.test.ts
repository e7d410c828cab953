// CONTRACT sections 1, 5 and 6 through the real command line: `tributary ingest FILE|-` (summary, reasons, exit
// status), `tributary export companies|contacts|touchpoints` (JSON Lines sorted by id, the same objects as in
// process), `tributary recompute`, and `tributary start` refusing events without a write key when keys are set.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, startProcess, type StartedProcess } from '../support/cli.js';
import { exportEverything, ingest, openTestPipeline } from '../support/pipeline.js';

const T0 = Date.parse('2026-03-10T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Result { code: number | null; stdout: string; stderr: string }
function tributary(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', TRIBUTARY_GEOIP: 'off', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
const jsonLines = (text: string) => text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
const codeUnitSorted = (ids: string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

const EVENTS = [
  { type: 'session', event_id: 'cli-s1', ts: T0 - 3 * DAY, client_id: 'cli-c1', session_id: 'cli-ss1', page_url: 'https://www.acme.com/?utm_source=google&utm_medium=cpc&utm_campaign=brand&gclid=abc' },
  { type: 'session', event_id: 'cli-s2', ts: new Date(T0 - DAY).toISOString(), client_id: 'cli-c2', session_id: 'cli-ss2', page_url: 'https://www.acme.com/', referrer: 'https://www.bing.com/' },
  { type: 'identify', event_id: 'cli-i1', ts: T0 - 2 * HOUR, client_id: 'cli-c1', email: 'cli.one@example.com' },
  { type: 'identify', event_id: 'cli-i2', ts: T0 - HOUR, client_id: 'cli-c2', email: 'cli.one@example.com' },
  { type: 'contact_created', event_id: 'cli-ct1', ts: T0 - HOUR, contact_id: 'cli-contact', email: 'cli.one@example.com' },
  { type: 'company_created', event_id: 'cli-co2', ts: T0, company_id: 'cli-co-b', referred_by: 'cli-co-a' },
  { type: 'company_created', event_id: 'cli-co1', ts: T0, company_id: 'cli-co-a', email: 'cli.one@example.com' },
  { type: 'mobile_signup', event_id: 'cli-ms1', ts: T0 - HOUR, device_id: 'cli-d1', email: 'cli.two@example.com', campaign: { source: 'facebook', medium: 'cpc' } },
];
const BAD_LINES = ['{"type":"session","event_id":"cli-bad-1"}', 'this is not json'];
const FILE_TEXT = [JSON.stringify(EVENTS[0]), BAD_LINES[0], ...EVENTS.slice(1, 5).map((e) => JSON.stringify(e)), '', BAD_LINES[1], ...EVENTS.slice(5).map((e) => JSON.stringify(e))].join('\n') + '\n';

describe('the tributary command line', () => {
  let dir: string;
  let expected: Record<string, any[]>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-cli-'));
    await writeFile(join(dir, 'events.jsonl'), FILE_TEXT);
    // The same input through the in-process harness, for comparison.
    const p = await openTestPipeline();
    try {
      await ingest(p, FILE_TEXT);
      expected = await exportEverything(p);
    } finally {
      await p.close();
    }
  });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('ingest FILE prints "accepted N ... rejected M" and each reason, and exits 0 despite rejected lines', async () => {
    const r = await tributary(['--data-dir', join(dir, 'data'), 'ingest', join(dir, 'events.jsonl')]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout + r.stderr;
    assert.match(out, /accepted 8\b/);
    assert.match(out, /rejected 2\b/);
    assert.match(out, /line 2\b.*\bts\b/, 'the first reason is shown, with its line');
    assert.match(out, /line 8\b.*JSON/, 'the second reason is shown, with its line');
  });

  it('export companies prints JSON Lines sorted by id, the same objects as the in-process export', async () => {
    const r = await tributary(['--data-dir', join(dir, 'data'), 'export', 'companies']);
    assert.equal(r.code, 0, r.stderr);
    const companies = jsonLines(r.stdout);
    assert.deepEqual(companies.map((c) => c.company_id), ['cli-co-a', 'cli-co-b']);
    assert.deepEqual(companies, expected.companies);
    assert.equal(companies[0].first_touch.click_id.value, 'abc');
    assert.equal(companies[0].last_touch.source, 'bing');
    assert.deepEqual(companies[1].original_source, companies[0].first_touch);
    assert.equal(companies[1].first_touch, null);
  });

  it('export contacts and export touchpoints print JSON Lines sorted by id', async () => {
    const contacts = await tributary(['--data-dir', join(dir, 'data'), 'export', 'contacts']);
    assert.equal(contacts.code, 0, contacts.stderr);
    const c = jsonLines(contacts.stdout);
    assert.deepEqual(c, expected.contacts);
    assert.deepEqual(c.map((x) => x.contact_id), codeUnitSorted(c.map((x) => x.contact_id)));
    assert.ok(c.some((x) => x.contact_id === 'cli-contact' && x.email === 'cli.one@example.com'));
    const touchpoints = await tributary(['--data-dir', join(dir, 'data'), 'export', 'touchpoints']);
    assert.equal(touchpoints.code, 0, touchpoints.stderr);
    const t = jsonLines(touchpoints.stdout);
    assert.equal(t.length, 3);
    assert.deepEqual(t, expected.touchpoints);
    assert.deepEqual(t.map((x) => x.touchpoint_id), codeUnitSorted(t.map((x) => x.touchpoint_id)));
  });

  it('recompute leaves the exports unchanged', async () => {
    const r = await tributary(['--data-dir', join(dir, 'data'), 'recompute']);
    assert.equal(r.code, 0, r.stderr);
    const after = await tributary(['--data-dir', join(dir, 'data'), 'export', 'companies']);
    assert.deepEqual(jsonLines(after.stdout), expected.companies);
  });

  it('ingest - reads stdin; the same file again is all duplicates', async () => {
    const r = await tributary(['--data-dir', join(dir, 'data'), 'ingest', '-'], { input: FILE_TEXT });
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout + r.stderr;
    assert.match(out, /accepted 0\b/);
    assert.match(out, /duplicate 8\b/);
    assert.match(out, /rejected 2\b/);
  });

  it('ingest of a file that cannot be read exits non-zero and says why', async () => {
    const r = await tributary(['--data-dir', join(dir, 'data'), 'ingest', join(dir, 'no-such-file.jsonl')]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /no-such-file\.jsonl/);
  });
});

describe('tributary start with write keys configured', () => {
  let dir: string;
  let started: StartedProcess;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-start-'));
    started = await startProcess(join(dir, 'data'), { TRIBUTARY_WRITE_KEYS: 'wk_test_secret' });
  });
  after(async () => {
    await started?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('POST /v1/events without a write key is 401 and accepts nothing', async () => {
    const event = { type: 'identify', event_id: 'nokey-1', ts: T0, client_id: 'nokey-c', email: 'nokey@example.com' };
    const res = await fetch(`${started.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    assert.equal(res.status, 401);
    const again = await fetch(`${started.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: [event] }) });
    assert.equal(again.status, 401);
  });
});
