// `tributary models paths` and `tributary export credits` as a user runs them: a real process and data directory.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../support/cli.js';
import { pathFileModels } from '../../src/core/attribution/channel-models.js';

const jsonLines = (text: string) => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));

describe('tributary models paths FILE', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'tributary-models-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('prints every model per channel; a malformed line is reported with its number and the others still count', async () => {
    const file = join(dir, 'paths.csv');
    await writeFile(file, ['path;total_conversions;total_conversion_value;total_null', 'c1 > c2 > c3;1;10;0', 'c1;one;0;1',
      'c1;0;0;1', '', 'c2 > c3;0;0;1', 'c2;2;;0'].join('\n') + '\n');
    const r = await run(['models', 'paths', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^line 3: total_conversions must be a non-negative number, got "one"$/m);
    assert.match(r.stderr, /^line 7: total_conversion_value must be a non-negative number, got ""$/m);
    assert.match(r.stderr, /read 3 paths from 7 lines, 2 malformed lines left out/);
    const expected = pathFileModels([
      { channels: ['c1', 'c2', 'c3'], conversions: 1, value: 10, nulls: 0 }, { channels: ['c1'], conversions: 0, value: 0, nulls: 1 },
      { channels: ['c2', 'c3'], conversions: 0, value: 0, nulls: 1 }]);
    assert.deepEqual(jsonLines(r.stdout), expected);
    const markov = jsonLines(r.stdout).filter((l) => l.model === 'markov').map((l) => [l.channel, Number(l.conversions.toFixed(9)), Number(l.value.toFixed(9))]);
    assert.deepEqual(markov, [['c1', 0.2, 2], ['c2', 0.4, 4], ['c3', 0.4, 4]]);
  });

  it('reads stdin with -', async () => {
    const r = await run(['models', 'paths', '-'], 'path;total_conversions\na > b;2\n');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(jsonLines(r.stdout).find((l) => l.model === 'position_based' && l.channel === 'a'), { channel: 'a', model: 'position_based', conversions: 1, value: 0 });
  });

  it('refuses a file without the header, an unreadable file, and stored-path options beside a FILE, with exit 2', async () => {
    const noHeader = join(dir, 'no-header.csv');
    await writeFile(noHeader, 'a > b;1;0;0\n');
    const r1 = await run(['models', 'paths', noHeader]);
    assert.equal(r1.code, 2);
    assert.match(r1.stderr, /line 1: the header must name the columns path and total_conversions/);
    const r2 = await run(['models', 'paths', join(dir, 'missing.csv')]);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /cannot read .*missing\.csv/);
    const r3 = await run(['models', 'paths', noHeader, '--from', '2026-01-01']);
    assert.equal(r3.code, 2);
    assert.match(r3.stderr, /leave them out with a FILE/);
  });
});

describe('tributary models paths (stored) and export credits', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-models-'));
    const events = [
      { type: 'session', event_id: 'e1', ts: '2026-03-01T09:00:00Z', client_id: 'c1', session_id: 's1', page_url: 'https://www.acme.com/?utm_source=google&utm_medium=cpc&utm_campaign=Brand' },
      { type: 'session', event_id: 'e2', ts: '2026-03-02T09:00:00Z', client_id: 'c1', session_id: 's2', page_url: 'https://www.acme.com/?utm_source=newsletter&utm_medium=email' },
      { type: 'identify', event_id: 'e3', ts: '2026-03-02T09:05:00Z', client_id: 'c1', email: 'ana@acme.com' },
      { type: 'company_created', event_id: 'e4', ts: '2026-03-02T10:00:00Z', company_id: 'co1', email: 'ana@acme.com' },
      { type: 'session', event_id: 'e5', ts: '2026-03-03T09:00:00Z', client_id: 'c2', session_id: 's3', page_url: 'https://www.acme.com/?utm_source=bing&utm_medium=cpc' },
    ];
    const file = join(dir, 'events.jsonl');
    await writeFile(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const ingest = await run(['--data-dir', join(dir, 'data'), 'ingest', file]);
    assert.equal(ingest.code, 0, ingest.stderr);
  });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('uses the stored converting and non-converting paths, within --from/--to', async () => {
    const all = await run(['--data-dir', join(dir, 'data'), 'models', 'paths']);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stderr, /1 converting and 1 non-converting paths/);
    assert.deepEqual(jsonLines(all.stdout).filter((l) => l.model === 'linear').map((l) => [l.channel, l.conversions]), [['email', 0.5], ['paid_search', 0.5]]);
    const later = await run(['--data-dir', join(dir, 'data'), 'models', 'paths', '--entity', 'companies', '--from', '2026-03-03']);
    assert.equal(later.code, 0, later.stderr);
    assert.match(later.stderr, /0 converting and 1 non-converting paths/);
    const bad = await run(['--data-dir', join(dir, 'data'), 'models', 'paths', '--from', '2026-03-05', '--to', '2026-03-01']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--from \(2026-03-05\) must be before --to/);
  });

  it('export credits --model linear prints one line per credited touchpoint', async () => {
    const r = await run(['--data-dir', join(dir, 'data'), 'export', 'credits', '--model', 'linear']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(jsonLines(r.stdout).map((l) => [l.entity, l.id, l.touchpoint_id, l.credit]),
      [['companies', 'co1', 'visit:e1', 0.5], ['companies', 'co1', 'visit:e2', 0.5], ['contacts', 'ana@acme.com', 'visit:e1', 0.5], ['contacts', 'ana@acme.com', 'visit:e2', 0.5]]);
    const wrong = await run(['--data-dir', join(dir, 'data'), 'export', 'credits', '--model', 'lineal']);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /Allowed choices are first_touch, last_touch, first_touch_28d, linear, position_based, time_decay/);
  });
});
