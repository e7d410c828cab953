// Issue 3, acceptance: "kill -9 of a worker process in the middle of a 20,000-event stream, a RabbitMQ restart, and a
// PostgreSQL restart during the stream — after recovery every event acknowledged by the collector is processed
// exactly once in the results (export equals the embedded run), and nothing is left in the dead-letter queue but
// genuinely bad messages."
//
// Each test: a fresh database and broker prefix, two `tributary worker` processes (every worker in each, so two
// consumers per queue) and a `tributary collector`; the ~20,000 events of a synthetic history are posted in batches
// of 200, each batch retried until the collector answers 200 (only acknowledged events count); halfway through, the
// fault. Then: drained, the export equals the embedded run's export of the same events, every dead-letter queue is
// empty (the stream's invalid events are rejected at the door, never dead-lettered), and bi.processed_events holds
// each distinct valid event once. The HTTP path runs on the wall clock, so the 30-minute delayed re-checks do not
// fire within the test: the immediate attribution must already give the final answer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { generateHistory } from '../../src/demo/generate-history.js';
import {
  acquireServiceLock, count, createBackends, embeddedExport, ensureServicesRunning, exportFromStore, killChildren,
  openDatabase, pollUntil, productionSkipReason, queueCounts, restartPostgres, restartRabbit, startCollector, startWorker,
  streamOverHttp, waitUntilDrained, type Exports, type TributaryProcess,
} from '../support/production.js';

const skip = await productionSkipReason();
/** Waiting for another production test file to finish (one at a time: see acquireServiceLock), then setting up. */
const HOOK_TIMEOUT = 30 * 60_000;
const COMPANIES = 740; // ~27 events a company: about 20,000 events
const SEED = 20260302;
const START = Date.UTC(2026, 0, 1);
const SECRET = 'fault-tests-secret-key-0123456789';
const TEST_TIMEOUT = 360_000;

interface Fault {
  /** What was done, for the log line. */
  what: string;
  /** Milliseconds from the fault's start until the service (or the replacement worker) was back. */
  backAfterMs: number;
}

interface Rig { workers: TributaryProcess[]; env: Record<string, string>; killed: Set<TributaryProcess> }

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

describe('production: faults in the middle of a 20,000-event stream', { skip }, () => {
  let events: unknown[];
  let distinctValid: number;
  let expected: Exports;
  let release: (() => Promise<void>) | null = null;

  before(async () => {
    release = await acquireServiceLock();
    const history = generateHistory({ seed: SEED, companies: COMPANIES, start: START, invalidFraction: 0.01 });
    events = history.events;
    distinctValid = Object.values(history.stats.byType).reduce((a, b) => a + b, 0);
    assert.ok(events.length >= 20_000, `a stream of at least 20,000 events (got ${events.length})`);
    expected = await embeddedExport(events);
  }, { timeout: HOOK_TIMEOUT });

  after(async () => {
    await killChildren();
    await ensureServicesRunning();
    await release?.();
  });

  async function streamThrough(tag: string, inject: (rig: Rig) => Promise<Fault>): Promise<void> {
    const backends = await createBackends(tag);
    const env = { ...backends.env, TRIBUTARY_SECRET_KEYS: SECRET };
    const rig: Rig = { workers: [], env, killed: new Set() };
    let collector: TributaryProcess | null = null;
    const injection: { fault: Promise<Fault | { error: unknown }> | null } = { fault: null };
    const store = await openDatabase(backends.databaseUrl);
    try {
      rig.workers.push(await startWorker('worker 1', env), await startWorker('worker 2', env));
      const started = await startCollector('collector', env);
      collector = started.process;

      // A process that dies on its own (not the one killed on purpose) fails the test at once, with its output.
      const died = () => {
        const dead = [collector!, ...rig.workers].filter((p) => !p.running && !rig.killed.has(p));
        return dead.length === 0 ? null : dead.map((p) => `${p.label} exited (${JSON.stringify(p.exit)}):\n${p.tail()}`).join('\n');
      };
      const t0 = performance.now();
      let faultAt = 0;
      let faultBatch = '';
      const stream = await streamOverHttp(started.url, events, {
        secretKey: SECRET,
        timeoutMs: 240_000,
        abort: died,
        onAcknowledged: (batch, batches) => {
          if (injection.fault === null && batch >= Math.ceil(batches / 2)) {
            faultAt = performance.now() - t0;
            faultBatch = `${batch}/${batches}`;
            injection.fault = inject(rig).catch((error: unknown) => ({ error }));
          }
        },
      });
      const streamed = performance.now() - t0;
      assert.ok(injection.fault !== null, 'the fault was injected');
      const injected = await injection.fault;
      if ('error' in injected) throw injected.error;

      await waitUntilDrained(backends, store, 180_000, 3, died);
      const drained = performance.now() - t0;
      // Messages held unacknowledged by a worker are invisible to the queue counts: poll the result until it is
      // the expected one (or the deadline passes), rather than sleeping a fixed time.
      const settled = await pollUntil(() => exportFromStore(store), (v) => isDeepStrictEqual(v, expected), 60_000, 1000);
      const equalAt = performance.now() - t0;

      const actual = settled.value;
      for (const kind of ['companies', 'contacts', 'touchpoints'] as const) {
        assert.equal(actual[kind].length, expected[kind].length, `${kind}: as many lines as the embedded run`);
        for (let i = 0; i < expected[kind].length; i++) assert.deepEqual(actual[kind][i], expected[kind][i], `${kind}, line ${i + 1}`);
      }
      const dead = await queueCounts(backends, 'dead');
      assert.deepEqual(Object.entries(dead).filter(([, n]) => n > 0), [], 'nothing in the dead-letter queues');
      assert.equal(await count(store, 'bi.processed_events'), distinctValid, 'bi.processed_events: each distinct valid event once');
      assert.equal(await count(store, 'bi.relay_outbox'), 0, 'the outbox is empty');
      for (const p of [collector, ...rig.workers.filter((w) => !rig.killed.has(w))]) {
        assert.ok(p.running, `${p.label} survived the fault:\n${p.tail()}`);
      }

      console.log(`${tag}: ${events.length} events (${distinctValid} distinct valid) in ${stream.batches} batches; `
        + `${injected.what} at ${seconds(faultAt)} (batch ${faultBatch}), back after ${seconds(injected.backAfterMs)}; `
        + `stream acknowledged at ${seconds(streamed)} (${stream.failures} failed requests retried); drained at ${seconds(drained)}; `
        + `export equal at ${seconds(equalAt)}: recovery (fault to final export) ${seconds(equalAt - faultAt)}`);
    } finally {
      if (injection.fault) await injection.fault;
      await ensureServicesRunning();
      await Promise.all([collector, ...rig.workers].map((p) => p?.terminate(10_000)));
      await store.close().catch(() => {});
      await backends.drop();
    }
  }

  it('kill -9 of a worker process, then a replacement: the export equals the embedded run', { timeout: TEST_TIMEOUT }, async () => {
    await streamThrough('kill9', async (rig) => {
      const started = performance.now();
      const victim = rig.workers[0]!;
      rig.killed.add(victim);
      victim.signal('SIGKILL');
      const exit = await victim.exited;
      assert.equal(exit.signal, 'SIGKILL');
      rig.workers.push(await startWorker('worker 3 (replacement)', rig.env));
      return { what: `kill -9 of worker 1 (pid ${victim.pid}) and a replacement`, backAfterMs: performance.now() - started };
    });
  });

  it('a RabbitMQ restart: the export equals the embedded run', { timeout: TEST_TIMEOUT }, async () => {
    await streamThrough('rabbit', async () => {
      const started = performance.now();
      await restartRabbit();
      return { what: 'RabbitMQ restart (stop_app, start_app)', backAfterMs: performance.now() - started };
    });
  });

  it('a PostgreSQL restart: the export equals the embedded run', { timeout: TEST_TIMEOUT }, async () => {
    await streamThrough('postgres', async () => {
      const started = performance.now();
      await restartPostgres();
      return { what: 'PostgreSQL restart', backAfterMs: performance.now() - started };
    });
  });
});
