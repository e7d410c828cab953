// The embedded store's directory (issue 16): a second process on the same --data-dir gets one line and exit 4 while
// the first goes on undamaged; a store of an older schema is migrated; a damaged store, or a directory that is not a
// store, is reported and left byte for byte as it was.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { openPgliteStore } from '../../src/adapters/pglite/pglite-store.js';
import { loadMigrations, migrate } from '../../src/store/migrate.js';
import { run, startProcess } from '../support/cli.js';
import { toJsonLines } from '../support/pipeline.js';

const T = '2026-03-01T10:00:00Z';
const journey = (n: number) => [
  { type: 'session', event_id: `dd-s${n}`, ts: T, client_id: `dd-c${n}`, session_id: `dd-ss${n}`, page_url: 'https://www.acme.com/?utm_source=google&utm_medium=cpc' },
  { type: 'identify', event_id: `dd-i${n}`, ts: T, client_id: `dd-c${n}`, email: `ana${n}@acme.com` },
  { type: 'company_created', event_id: `dd-co${n}`, ts: '2026-03-01T11:00:00Z', company_id: `dd-co${n}`, email: `ana${n}@acme.com` },
];

/** Every file of a directory with its digest: what "left as it was" is checked against. */
async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = createHash('sha256').update(await readFile(path)).digest('hex');
  }
  return out;
}

const oneLine = (stderr: string) => stderr.trim().split('\n');

describe('the embedded data directory', () => {
  let dir: string;
  let store: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-data-dir-'));
    store = join(dir, 'store');
    await writeFile(join(dir, 'one.jsonl'), toJsonLines(journey(1)));
    const r = await run(['--data-dir', store, 'ingest', join(dir, 'one.jsonl')]);
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('a second process on it gets one line naming the holder and exit 4; the first goes on and the store is intact', async () => {
    const live = join(dir, 'live');
    await cp(store, live, { recursive: true });
    const first = await startProcess(live, {});
    try {
      for (const args of [['start', '--port', '0'], ['export', 'companies'], ['ingest', join(dir, 'one.jsonl')]]) {
        const second = await run(['--data-dir', live, ...args]);
        assert.equal(second.code, 4, `${args[0]}: ${second.stderr}`);
        assert.equal(second.stdout, '');
        assert.deepEqual(oneLine(second.stderr).length, 1, second.stderr);
        assert.match(second.stderr, /^tributary: .*live is in use by another tributary process \(pid \d+\): stop it first/);
      }
      const res = await fetch(`${first.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: journey(2) }) });
      assert.equal(res.status, 200);
    } finally {
      await first.stop();
    }
    const exported = await run(['--data-dir', live, 'export', 'companies']);
    assert.equal(exported.code, 0, exported.stderr);
    assert.deepEqual(exported.stdout.trim().split('\n').map((l) => JSON.parse(l).company_id), ['dd-co1', 'dd-co2']);
  });

  it('a lock left by a process that is gone is taken over, even when its pid now belongs to another process', async () => {
    const left = join(dir, 'left');
    await cp(store, left, { recursive: true });
    // pid 1 runs, but it is not the process that wrote this lock: it did not start at that time.
    await writeFile(join(left, 'tributary.lock'), '1 7\n');
    const r = await run(['--data-dir', left, 'export', 'companies']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /"company_id":"dd-co1"/);
  });

  it('a store written by an older schema is migrated, its data kept', async () => {
    const old = join(dir, 'old');
    const migrations = await loadMigrations();
    const older = await openPgliteStore(old);
    await migrate(older, migrations.slice(0, -2));
    await older.query("INSERT INTO bi.processed_events (event_id, type) VALUES ('dd-s3', 'session')");
    await older.close();
    await writeFile(join(dir, 'three.jsonl'), toJsonLines(journey(3)));
    const r = await run(['--data-dir', old, 'ingest', join(dir, 'three.jsonl')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /accepted 2, duplicate 1, rejected 0/, 'the event recorded under the old schema is still known');
    const reopened = await openPgliteStore(old);
    try {
      const { rows } = await reopened.query<{ version: number }>('SELECT version FROM public.tributary_migrations ORDER BY version');
      assert.deepEqual(rows.map((row) => row.version), migrations.map((m) => m.version));
    } finally {
      await reopened.close();
    }
  });

  const damage: Array<[string, (copy: string) => Promise<void>, RegExp]> = [
    ['its PG_VERSION lost', (copy) => rm(join(copy, 'PG_VERSION')), /is not an embedded Tributary store \(it holds files but no PG_VERSION\)/],
    ['its control file overwritten', (copy) => writeFile(join(copy, 'global', 'pg_control'), Buffer.alloc(8192, 0x5a)), /could not be opened \(.+\): it is damaged\. It was left as it is/],
    ['not a store at all (a home directory)', async (copy) => { await rm(copy, { recursive: true }); await mkdir(copy); await writeFile(join(copy, 'notes.txt'), 'mine'); }, /is not an embedded Tributary store/],
  ];
  for (const [name, harm, message] of damage) {
    it(`a directory with ${name} is reported in one line, exit 4, and not written to`, async () => {
      const copy = join(dir, `damaged-${name.replace(/\W+/g, '-')}`);
      await cp(store, copy, { recursive: true });
      await harm(copy);
      const before = await fingerprint(copy);
      const r = await run(['--data-dir', copy, 'ingest', join(dir, 'one.jsonl')]);
      assert.equal(r.code, 4, r.stderr);
      assert.equal(oneLine(r.stderr).length, 1, r.stderr);
      assert.match(r.stderr, message);
      assert.deepEqual(await fingerprint(copy), before);
    });
  }
});
