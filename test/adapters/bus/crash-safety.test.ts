// An event acknowledged by ingress is never lost: on a real data directory, across a clean stop and across
// `kill -9` of the process, whether it dies with work queued or in the middle of a handler's transaction.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EmbeddedBus } from '../../../src/adapters/bus/embedded-bus.js';
import { acceptEvents, type IngressSummary } from '../../../src/app/ingress.js';
import { openPipeline, openStore, type Pipeline } from '../../../src/app/pipeline.js';
import { validateEvent } from '../../../src/core/events/validate.js';
import { ManualClock } from '../../../src/ports/clock.js';
import type { Message } from '../../../src/ports/bus.js';
import { exportAll, migratedTemplate, testConfig } from '../../support/pipeline.js';

const TS = Date.UTC(2026, 0, 5, 10, 0);
const EVENTS = [
  { type: 'session', event_id: 'crash-e1', session_id: 'crash-s1', client_id: 'crash-c1', ts: TS,
    page_url: 'https://www.acme.com/?utm_source=google&utm_medium=cpc&utm_campaign=winter' },
  { type: 'company_created', event_id: 'crash-e2', company_id: 'crash-co1', client_id: 'crash-c1', ts: TS + 60_000 },
];

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** A temporary data directory holding a migrated database. */
async function migratedDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tributary-crash-'));
  dirs.push(dir);
  const store = await openStore({ dataDir: dir }, { from: await migratedTemplate() });
  await store.close();
  return dir;
}

const open = (dir: string): Promise<Pipeline> => openPipeline(testConfig({ dataDir: dir }), new ManualClock());

const accept = (p: Pipeline, events: readonly object[]): Promise<IngressSummary> =>
  acceptEvents(p.bus, events.map((e) => ({ result: validateEvent(e), raw: JSON.stringify(e) })), 'test', p.rules);

/** Restarts on `dir`, runs everything pending, and checks the accepted events were processed once. */
async function assertProcessedAfterRestart(dir: string): Promise<void> {
  const p = await open(dir);
  try {
    assert.ok(p.bus.totalDepth() > 0, 'the accepted events are still queued after the restart');
    (p.clock as ManualClock).advanceTo(TS + 60_000);
    await p.finish();

    const companies = await exportAll(p, 'companies');
    assert.deepEqual(companies.map((c) => c.company_id), ['crash-co1']);
    assert.equal(companies[0].first_touch?.touchpoint_id, 'visit:crash-e1');
    assert.equal(companies[0].first_touch?.campaign, 'winter');
    const { rows } = await p.store.query<{ n: number }>('SELECT count(*)::int AS n FROM bi.outbox');
    assert.equal(rows[0]!.n, 0);
    const dead = await p.store.query('SELECT * FROM bi.dead_letters');
    assert.deepEqual(dead.rows, []);
    // Still idempotent after the restart: the same events again are duplicates.
    const again = await accept(p, EVENTS);
    assert.deepEqual([again.accepted, again.duplicate], [0, EVENTS.length]);
  } finally {
    await p.close();
  }
}

/** Runs `code` (an ES module) in a child process, waits for it to print `ready`, then kills it with SIGKILL. */
async function runAndKill(code: string, env: Record<string, string>): Promise<string> {
  const { NODE_TEST_CONTEXT: _, ...inherited } = process.env; // the child is a plain process, not a test file
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', code], {
    env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += String(d); });
  // A child that never gets ready is killed anyway, so the test fails instead of hanging.
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (status) => { clearTimeout(guard); resolve(status); }));
  const ready = await new Promise<boolean>((resolve) => {
    child.stdout.on('data', (d) => {
      out += String(d);
      if (out.includes('ready\n')) resolve(true);
    });
    void exited.then(() => resolve(false));
  });
  assert.ok(ready, `the child process exited before it was ready:\n${out}\n${err}`);
  child.kill('SIGKILL');
  await exited;
  return out;
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
const moduleUrl = (path: string) => JSON.stringify(pathToFileURL(join(HERE, path)).href);

describe('crash safety on a data directory', () => {
  it('processes, after a restart, events that were accepted but not yet processed', async () => {
    const dir = await migratedDataDir();
    const p = await open(dir);
    const summary = await accept(p, EVENTS);
    assert.equal(summary.accepted, 2);
    assert.ok(p.bus.totalDepth() > 0);
    await p.close(); // stops without draining

    await assertProcessedAfterRestart(dir);
  });

  it('processes, after kill -9, events that were accepted but not yet processed', async () => {
    const dir = await migratedDataDir();
    const out = await runAndKill(`
      const { openPipeline } = await import(${moduleUrl('../../../src/app/pipeline.ts')});
      const { acceptEvents } = await import(${moduleUrl('../../../src/app/ingress.ts')});
      const { validateEvent } = await import(${moduleUrl('../../../src/core/events/validate.ts')});
      const { ManualClock } = await import(${moduleUrl('../../../src/ports/clock.ts')});
      const { testConfig } = await import(${moduleUrl('../../support/pipeline.ts')});
      const events = JSON.parse(process.env.EVENTS);
      const p = await openPipeline(testConfig({ dataDir: process.env.DATA_DIR }), new ManualClock());
      const summary = await acceptEvents(p.bus, events.map((e) => ({ result: validateEvent(e), raw: JSON.stringify(e) })), 'test', p.rules);
      process.stdout.write(JSON.stringify(summary) + '\\nready\\n');
      setInterval(() => {}, 1000); // acknowledged, then killed before any worker ran
    `, { DATA_DIR: dir, EVENTS: JSON.stringify(EVENTS) });
    assert.match(out, /"accepted":2/);

    await assertProcessedAfterRestart(dir);
  });

  it('redelivers, after kill -9 in the middle of a handler, the message whose transaction never committed', async () => {
    const dir = await migratedDataDir();
    const setup = await openStore({ dataDir: dir });
    await setup.exec('CREATE TABLE t (id text PRIMARY KEY)');
    await setup.close();

    await runAndKill(`
      const { openStore } = await import(${moduleUrl('../../../src/app/pipeline.ts')});
      const { EmbeddedBus } = await import(${moduleUrl('../../../src/adapters/bus/embedded-bus.ts')});
      const { ManualClock } = await import(${moduleUrl('../../../src/ports/clock.ts')});
      const store = await openStore({ dataDir: process.env.DATA_DIR });
      const bus = new EmbeddedBus(store, new ManualClock(0));
      bus.register({
        name: 'Hanging', queue: 'q', bindings: ['#'],
        async handle(batch, ctx) {
          for (const m of batch) await ctx.tx.query('INSERT INTO t (id) VALUES ($1)', [m.message_id]);
          ctx.publish({ topic: 'downstream', payload: {}, message_id: 'from-the-handler' });
          process.stdout.write('ready\\n');
          await new Promise(() => {}); // killed here, inside the transaction
        },
      });
      await bus.transaction(async (_tx, publish) => {
        publish({ topic: 'work', payload: { n: 1 }, message_id: 'm1' });
        publish({ topic: 'work', payload: { n: 2 }, message_id: 'm2' });
      });
      await bus.runUntilIdle();
    `, { DATA_DIR: dir });

    const store = await openStore({ dataDir: dir });
    try {
      assert.deepEqual((await store.query('SELECT id FROM t')).rows, [], 'the handler\'s writes rolled back');
      const bus = new EmbeddedBus(store, new ManualClock(0));
      const received: Message[] = [];
      bus.register({
        name: 'Recovered', queue: 'q', bindings: ['#'],
        async handle(batch, ctx) {
          received.push(...batch);
          for (const m of batch) await ctx.tx.query('INSERT INTO t (id) VALUES ($1)', [m.message_id]);
        },
      });
      assert.equal(await bus.recover(), 2, 'only the two published messages: the handler\'s publish never committed');
      await bus.runUntilIdle();
      assert.deepEqual(received.map((m) => [m.message_id, m.payload]), [['m1', { n: 1 }], ['m2', { n: 2 }]]);
      assert.deepEqual((await store.query('SELECT id FROM t ORDER BY id')).rows, [{ id: 'm1' }, { id: 'm2' }]);
      assert.deepEqual((await store.query('SELECT * FROM bi.outbox')).rows, []);
    } finally {
      await store.close();
    }
  });
});
