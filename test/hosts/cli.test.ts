// The command line as a user runs it: a real process, a real data directory.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { BIN, run } from '../support/cli.js';
import { freePort } from '../support/production.js';

const lines = [
  { type: 'session', event_id: 'e1', ts: '2026-03-01T09:00:00Z', client_id: 'c1', session_id: 's1', page_url: 'https://www.acme.com/?utm_source=google&utm_medium=cpc&utm_campaign=Brand&gclid=abc' },
  { type: 'identify', event_id: 'e2', ts: '2026-03-01T09:05:00Z', client_id: 'c1', email: 'Ana@Acme.com' },
  { type: 'company_created', event_id: 'e3', ts: '2026-03-01T10:00:00Z', company_id: 'co1', email: 'ana@acme.com' },
].map((e) => JSON.stringify(e));

describe('tributary CLI', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'tributary-cli-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('ingests a file with a summary, persists, exports sorted JSON Lines, and recomputes to the same export', async () => {
    const file = join(dir, 'events.jsonl');
    await writeFile(file, [...lines, lines[0], '{"type":"signup"}', 'oops'].join('\n') + '\n');
    const data = join(dir, 'data');
    const ingest = await run(['--data-dir', data, 'ingest', file]);
    assert.equal(ingest.code, 0, ingest.stderr);
    assert.match(ingest.stdout, /accepted 3, duplicate 1, rejected 2/);
    assert.match(ingest.stdout, /line 5: event_id: required|line 5: .*required/);
    assert.match(ingest.stdout, /line 6: invalid JSON/);

    const exported = await run(['--data-dir', data, 'export', 'companies']);
    assert.equal(exported.code, 0, exported.stderr);
    const [company] = exported.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(company.company_id, 'co1');
    assert.deepEqual(company.first_touch.click_id, { type: 'gclid', value: 'abc' });
    assert.equal(company.first_touch.campaign, 'Brand');

    const recompute = await run(['--data-dir', data, 'recompute']);
    assert.equal(recompute.code, 0, recompute.stderr);
    assert.match(recompute.stdout, /recomputed 1 companies and 1 contacts, 0 changed/);
    assert.equal((await run(['--data-dir', data, 'export', 'companies'])).stdout, exported.stdout);
  });

  it('reads stdin with -', async () => {
    const result = await run(['--data-dir', join(dir, 'stdin'), 'ingest', '-'], lines.join('\n'));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /accepted 3, duplicate 0, rejected 0/);
  });

  it('exits non-zero with a hint when the input cannot be read', async () => {
    const result = await run(['--data-dir', join(dir, 'missing'), 'ingest', join(dir, 'no-such-file.jsonl')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot read .*no-such-file\.jsonl.*JSON Lines file, or - for stdin/);
  });

  it('rejects an unknown export kind and a bad configuration value with a message naming it', async () => {
    const kind = await run(['--data-dir', join(dir, 'x'), 'export', 'nonsense']);
    assert.notEqual(kind.code, 0);
    assert.match(kind.stderr, /nonsense/);
    const bad = await new Promise<{ code: number; stderr: string }>((resolve) => execFile(process.execPath, [BIN, 'export', 'companies'],
      { env: { ...process.env, TRIBUTARY_MAX_HOPS: 'many' } }, (e, _o, stderr) => resolve({ code: e ? (e.code as number) : 0, stderr })));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /TRIBUTARY_MAX_HOPS/);
  });

  it('says in one line, without a stack trace, that PostgreSQL cannot be reached, and exits 3', async () => {
    const port = await freePort(); // handed out and taken back: nothing listens there
    const down = await new Promise<{ code: number; stderr: string }>((resolve) => execFile(process.execPath, [BIN, 'export', 'companies'],
      { env: { ...process.env, DATABASE_URL: `postgres://tributary@127.0.0.1:${port}/tributary` } },
      (e, _o, stderr) => resolve({ code: e ? (e.code as number) : 0, stderr })));
    assert.equal(down.code, 3);
    assert.match(down.stderr, new RegExp(`^tributary: cannot connect to PostgreSQL at postgres://tributary@127\\.0\\.0\\.1:${port}/tributary: .*ECONNREFUSED.*\\. Is DATABASE_URL right and the server up\\?\\n$`));
  });
});

