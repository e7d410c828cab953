// `tributary report NAME` as a user runs it: a real process and data directory, every format, and text from
// strangers made harmless for a terminal and a spreadsheet while JSON keeps it exactly.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { run } from '../support/cli.js';
import { spreadsheetSafe, terminalSafe } from '../../src/hosts/cli/report-format.js';

const FORMULA = "=HYPERLINK(\"http://evil.example\",\"x\")";
const ESCAPE = '\u001b[31mred\u202Egnp.exe';
const page = (campaign: string) => `https://www.acme.com/?utm_source=google&utm_medium=cpc&utm_campaign=${encodeURIComponent(campaign)}`;
const EVENTS = [
  { type: 'session', event_id: 'rc-s1', ts: '2026-03-01T10:00:00Z', client_id: 'rc-c1', session_id: 'rc-ss1', page_url: page(FORMULA) },
  { type: 'identify', event_id: 'rc-i1', ts: '2026-03-02T10:00:00Z', client_id: 'rc-c1', email: 'one@rc.example' },
  { type: 'company_created', event_id: 'rc-co1', ts: '2026-03-02T10:00:00Z', company_id: 'rc-co1', email: 'one@rc.example' },
  { type: 'session', event_id: 'rc-s2', ts: '2026-03-03T10:00:00Z', client_id: 'rc-c2', session_id: 'rc-ss2', page_url: page(ESCAPE) },
  { type: 'identify', event_id: 'rc-i2', ts: '2026-03-04T10:00:00Z', client_id: 'rc-c2', email: 'two@rc.example' },
  { type: 'company_created', event_id: 'rc-co2', ts: '2026-03-04T10:00:00Z', company_id: 'rc-co2', email: 'two@rc.example' },
  { type: 'ad_spend', event_id: 'rc-sp1', ts: '2026-03-05T00:00:00Z', date: '2026-03-01', source: 'google', medium: 'cpc', campaign: FORMULA, cost: 30, currency: 'USD' },
];

describe('tributary report', () => {
  let dir: string;
  let dataDir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-report-'));
    dataDir = join(dir, 'data');
    await writeFile(join(dir, 'events.jsonl'), EVENTS.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const r = await run(['--data-dir', dataDir, 'ingest', join(dir, 'events.jsonl')]);
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('json prints the report objects as JSON Lines, strangers\' text exactly as sent', async () => {
    const r = await run(['--data-dir', dataDir, 'report', 'attribution', '--by', 'campaign', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rows, [
      { key: FORMULA, conversions: 1, share: 0.5, spend: 30, cost_per_conversion: 30 },
      { key: ESCAPE, conversions: 1, share: 0.5, spend: null, cost_per_conversion: null },
    ]);
  });

  it('csv quotes a formula so a spreadsheet shows it as text', async () => {
    const r = await run(['--data-dir', dataDir, 'report', 'attribution', '--by', 'campaign', '--format', 'csv']);
    assert.equal(r.code, 0, r.stderr);
    const rows = parse(r.stdout) as string[][];
    assert.deepEqual(rows[0], ['key', 'conversions', 'share', 'spend', 'cost_per_conversion']);
    assert.deepEqual(rows[1], [`'${FORMULA}`, '1', '0.5', '30', '30']);
    assert.equal(rows[2]![0], ESCAPE);
  });

  it('table shows control characters and direction overrides as escapes, never sends them to the terminal', async () => {
    const r = await run(['--data-dir', dataDir, 'report', 'attribution', '--by', 'campaign']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(/[\u001b\u202e]/.test(r.stdout), false);
    assert.match(r.stdout, /\\u001b\[31mred\\u202egnp\.exe/);
    assert.match(r.stdout, /^key\s+conversions\s+share\s+spend\s+cost_per_conversion$/m);
    assert.match(r.stdout, /50\.0%/);
  });

  it('coverage as JSON Lines: the overall line (week null), then one per week', async () => {
    const r = await run(['--data-dir', dataDir, 'report', 'coverage', '--format', 'json']);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => [l.week, l.converted, l.attributed, l.attributed_share]), [[null, 2, 2, 1], ['2026-03-02', 2, 2, 1]]);
  });

  it('a bad value exits non-zero naming the option; --from after --to exits 2 and says why', async () => {
    const model = await run(['--data-dir', dataDir, 'report', 'attribution', '--model', 'nope']);
    assert.notEqual(model.code, 0);
    assert.match(model.stderr, /--model/);
    const range = await run(['--data-dir', dataDir, 'report', 'coverage', '--from', '2026-03-05', '--to', '2026-03-01']);
    assert.equal(range.code, 2);
    assert.match(range.stderr, /from \(2026-03-05\) must be before to \(2026-03-01\)/);
    const markov = await run(['--data-dir', dataDir, 'report', 'attribution', '--model', 'markov', '--by', 'campaign']);
    assert.equal(markov.code, 2);
    assert.match(markov.stderr, /by: markov credits channels/);
  });

  it('terminalSafe and spreadsheetSafe leave ordinary text alone', () => {
    assert.equal(terminalSafe('Brand – Été 🚀'), 'Brand – Été 🚀');
    assert.equal(spreadsheetSafe('brand-2026'), 'brand-2026');
    for (const lead of ['=', '+', '-', '@']) assert.equal(spreadsheetSafe(`${lead}1`), `'${lead}1`);
  });
});
