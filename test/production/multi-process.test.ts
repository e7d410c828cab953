// Issue 3, acceptance: "Two worker processes per queue on one stream give the same export as the embedded run on the
// same events." Real processes on real PostgreSQL and RabbitMQ: two `tributary worker` processes (each hosting every
// worker, so every queue has two consumers), `tributary ingest FILE --no-workers` publishing the stream and returning
// when it is drained, and `tributary export` reading the result, compared line by line with the embedded run.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateHistory } from '../../src/demo/generate-history.js';
import {
  acquireServiceLock, createBackends, embeddedExport, exportWithCli, killChildren, productionSkipReason, queueCounts,
  runTributary, startWorker, type Backends, type Exports, type TributaryProcess,
} from '../support/production.js';
import { toJsonLines } from '../support/pipeline.js';

const skip = await productionSkipReason();
/** Waiting for another production test file to finish (one at a time: see acquireServiceLock), then setting up. */
const HOOK_TIMEOUT = 30 * 60_000;
const COMPANIES = 300;
const SEED = 20260301;
const START = Date.UTC(2026, 0, 1);

describe('production: several worker processes', { skip }, () => {
  let dir: string;
  let file: string;
  let distinctValid: number;
  let expected: Exports;
  let release: (() => Promise<void>) | null = null;

  before(async () => {
    release = await acquireServiceLock();
    const { events, stats } = generateHistory({ seed: SEED, companies: COMPANIES, start: START, invalidFraction: 0.01 });
    distinctValid = Object.values(stats.byType).reduce((a, b) => a + b, 0);
    dir = await mkdtemp(join(tmpdir(), 'tributary-multi-'));
    file = join(dir, 'events.jsonl');
    await writeFile(file, toJsonLines(events));
    expected = await embeddedExport(events);
  }, { timeout: HOOK_TIMEOUT });

  after(async () => {
    await killChildren();
    if (dir) await rm(dir, { recursive: true, force: true });
    await release?.();
  });

  it('two worker processes per queue on one stream give the same export as the embedded run', { timeout: 300_000 }, async () => {
    const backends: Backends = await createBackends('multi');
    const workers: TributaryProcess[] = [];
    try {
      const started = performance.now();
      workers.push(await startWorker('worker 1', backends.env), await startWorker('worker 2', backends.env));

      const ingest = await runTributary(['ingest', file, '--no-workers'], backends.env, 240_000);
      assert.equal(ingest.code, 0, `tributary ingest --no-workers failed:\n${ingest.stderr}\n${ingest.stdout}`);
      const summary = /accepted (\d+), duplicate (\d+), rejected (\d+)/.exec(ingest.stdout);
      assert.ok(summary, `no summary in the output of ingest:\n${ingest.stdout}`);
      assert.equal(Number(summary[1]), distinctValid, 'every distinct valid event accepted');
      const ingested = performance.now();

      // `ingest` returns when the stream is drained: the export right after it is the final one.
      const actual = await exportWithCli(backends.env);
      for (const kind of ['companies', 'contacts', 'touchpoints'] as const) {
        assert.equal(actual[kind].length, expected[kind].length, `${kind}: as many lines as the embedded run`);
        for (let i = 0; i < expected[kind].length; i++) assert.deepEqual(actual[kind][i], expected[kind][i], `${kind}, line ${i + 1}`);
      }
      assert.ok(expected.companies.length >= COMPANIES * 0.9, 'the history converts most of its companies');

      const dead = await queueCounts(backends, 'dead');
      assert.deepEqual(Object.entries(dead).filter(([, n]) => n > 0), [], 'nothing dead-lettered');
      for (const w of workers) assert.ok(w.running, `${w.label} still running:\n${w.tail()}`);

      // Graceful shutdown: SIGTERM finishes the batches in flight and exits 0, promptly.
      const stops = await Promise.all(workers.map((w) => w.terminate(15_000)));
      stops.forEach((s, i) => {
        assert.equal(s.killed, false, `worker ${i + 1} did not exit within 15 s of SIGTERM`);
        assert.deepEqual([s.code, s.signal], [0, null], `worker ${i + 1} exit status:\n${workers[i]!.tail()}`);
        assert.ok(s.ms < 10_000, `worker ${i + 1} took ${Math.round(s.ms)} ms to stop`);
      });
      console.log(`multi-process: ${distinctValid} events for ${COMPANIES} companies; ingest --no-workers with 2 worker processes `
        + `${((ingested - started) / 1000).toFixed(1)} s; workers stopped in ${stops.map((s) => Math.round(s.ms)).join(' and ')} ms`);
    } finally {
      await Promise.all(workers.map((w) => w.terminate(5_000)));
      await backends.drop();
    }
  });
});
