// npm run bench -- --production: events/s from the HTTP collector to the attribution rows on PostgreSQL + RabbitMQ
// with two worker processes (`--workers N` for more or fewer, `--layout` for how the workers are spread over them),
// and p99 latency from an acknowledged company_created to its attribution row at half that rate — beside the bare
// COPY rate of the same events into the same PostgreSQL and the bare amqplib publish (windowed confirms) / consume
// rate, all measured in the same run. A smaller history goes through the pipeline first, unmeasured (warm-up).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { pipeline as streamPipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import amqp from 'amqplib';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadConfig } from '../src/app/config.js';
import { openPipeline, openStore } from '../src/app/pipeline.js';
import { generateHistory } from '../src/demo/generate-history.js';
import { createServer, MAX_BATCH_EVENTS } from '../src/hosts/http/server.js';
import { wallClock } from '../src/ports/clock.js';
import { startCpuMeter } from './cpu-usage.js';

const PG_ADMIN = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const AMQP_URL = process.env.BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const BIN = fileURLToPath(new URL('../bin/tributary.js', import.meta.url));

/**
 * How the workers are spread over the processes. `by-queue`: each worker is hosted by one process (dealt in turn),
 * so each queue has one consumer until there are more processes than workers. `replicated`: every process hosts
 * every worker, so every queue has one consumer per process.
 */
export const LAYOUTS = ['by-queue', 'replicated'] as const;
export type Layout = (typeof LAYOUTS)[number];

export async function runProductionBench(companies: number, concurrency: number, workerProcesses = 2, layout: Layout = 'by-queue'): Promise<void> {
  if (!Number.isInteger(workerProcesses) || workerProcesses < 1) throw new Error(`--workers takes a whole number of processes, at least 1 (got ${workerProcesses})`);
  if (!LAYOUTS.includes(layout)) throw new Error(`--layout is one of ${LAYOUTS.join(', ')} (got ${layout})`);
  const { events } = generateHistory({ seed: 7, companies, start: Date.UTC(2026, 0, 1) });
  console.log(`bench --production: ${events.length} events (${companies} companies), ${workerProcesses} worker process(es) (${layout}), ${concurrency} requests in flight`);
  const stamp = `${process.pid}_${Date.now()}`;
  const dbName = `tributary_bench_${stamp}`;
  const prefix = `bench_${stamp}`;
  const dbUrl = withDb(dbName);
  await admin((c) => c.query(`CREATE DATABASE ${dbName}`));
  const workers: ChildProcess[] = [];
  try {
    const copyRate = await bareCopyRate(dbUrl, events);
    const amqpRate = await bareAmqpRate(events.map((e) => JSON.stringify(e)));

    const env = { ...process.env, DATABASE_URL: dbUrl, BROKER_URL: AMQP_URL, BROKER_PREFIX: prefix, TRIBUTARY_GEOIP: 'on' };
    const config = loadConfig(env as Record<string, string>, { logLevel: 'warn' });
    await (await openStore(config)).close(); // migrate once, before the processes race for it
    const collector = await openPipeline(config, wallClock, { host: [] });
    const names = collector.workers.map((w) => w.name);
    for (let i = 0; i < workerProcesses; i++) {
      workers.push(spawn(process.execPath, [BIN, 'worker', ...hostedBy(layout, names, i, workerProcesses)], { env, stdio: ['ignore', 'ignore', 'inherit'] }));
    }
    const app = createServer(collector, { logLevel: 'warn' } as Parameters<typeof createServer>[1]);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/v1/events`;
    const db = new pg.Pool({ connectionString: dbUrl, max: 2 });
    db.on('error', () => {});

    // Steady state, as a long-running deployment sees it: a first, smaller history through the whole pipeline, not
    // measured, pays the processes' one-time costs (loading and compiling the code, connections, prepared statements).
    const warmUp = freshHistory(9, Math.max(200, Math.round(companies / 5)), Date.UTC(2025, 6, 1), 'w_');
    await post(url, warmUp, concurrency);
    await drained(collector.bus, db);
    console.log(`warm-up: ${warmUp.length} other events through the pipeline first, not measured`);

    // Throughput: everything as fast as the collector takes it, until the last attribution row is written.
    const meter = startCpuMeter({
      workers: { pids: workers.map((w) => w.pid!) }, postgresql: { command: 'postgres' }, rabbitmq: { command: 'beam.smp' },
      'collector + load generator': { pids: [process.pid] },
    });
    const started = performance.now();
    await post(url, events, concurrency);
    const acceptedAt = performance.now();
    await drained(collector.bus, db);
    const throughput = events.length / ((performance.now() - started) / 1000);
    const cpu = meter?.stop() ?? null;
    const acceptRate = events.length / ((acceptedAt - started) / 1000);

    // Latency at half that rate: fresh companies, each created after its history, timed from the collector's
    // answer to the row.
    const fresh = freshHistory(8, Math.max(200, Math.round(companies / 4)), Date.UTC(2026, 6, 1), 'l_');
    const latencies = await pacedLatency(url, db, fresh, throughput / 2);
    await drained(collector.bus, db);
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;

    await app.close();
    await collector.close();
    await db.end();
    // What one event costs the machine, per component (null where /proc cannot be read).
    const cpuPerThousand = cpu === null ? null
      : Object.fromEntries(Object.entries(cpu).map(([k, seconds]) => [k, Number(((seconds / events.length) * 1000).toFixed(3))]));
    const figures = {
      events: events.length, worker_processes: workerProcesses, layout, events_per_s: Math.round(throughput), collector_accept_per_s: Math.round(acceptRate),
      baseline_copy_rows_per_s: Math.round(copyRate), ratio_to_copy: Number((throughput / copyRate).toFixed(3)),
      baseline_amqp_msgs_per_s: Math.round(amqpRate), latency_load_events_per_s: Math.round(throughput / 2),
      latency_samples: latencies.length, p50_ms: Math.round(pct(0.5)), p99_ms: Math.round(pct(0.99)),
      ...(cpuPerThousand && { cpu_s_per_1000_events: cpuPerThousand }),
    };
    console.log(`\nend to end (collector -> attribution rows, ${workerProcesses} worker process(es), ${layout}): ${figures.events_per_s} events/s`);
    console.log(`collector alone (accepted: deduplicated, published, committed): ${figures.collector_accept_per_s} events/s`);
    console.log(`baseline: bare COPY of the same events into the same PostgreSQL: ${figures.baseline_copy_rows_per_s} rows/s (ratio ${figures.ratio_to_copy})`);
    console.log(`baseline: bare amqplib publish (windowed confirms) + consume of the same events: ${figures.baseline_amqp_msgs_per_s} msgs/s`);
    console.log(`latency company_created -> attribution row at ${figures.latency_load_events_per_s} events/s: p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms (${figures.latency_samples} companies)`);
    if (cpuPerThousand === null) console.log('CPU split: not measured (needs Linux /proc)');
    else {
      const total = Object.values(cpuPerThousand).reduce((sum, s) => sum + s, 0);
      const cores = availableParallelism();
      console.log(`CPU seconds per 1,000 events, processes on this machine: ${Object.entries(cpuPerThousand).map(([k, s]) => `${k} ${s.toFixed(3)}`).join(', ')}`
        + ` (total ${total.toFixed(3)}: at this cost ${cores} cores sustain at most ${Math.round((cores * 1000) / total)} events/s)`);
    }
    console.log(JSON.stringify(figures));
  } catch (error) {
    console.error('bench --production failed:', error);
    process.exitCode = 1;
  } finally {
    for (const w of workers) { w.kill('SIGTERM'); await once(w, 'exit').catch(() => {}); }
    await cleanupBroker(prefix);
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  }
}

/** The worker names process `i` of `n` runs (none: all of them). */
function hostedBy(layout: Layout, names: readonly string[], i: number, n: number): string[] {
  if (layout === 'replicated') return [];
  if (n > names.length) return [names[i % names.length]!];
  return names.filter((_, k) => k % n === i);
}

/** Another history, its event and company ids prefixed: new companies and events to the pipeline. */
function freshHistory(seed: number, companies: number, start: number, prefix: string): Array<Record<string, unknown>> {
  const { events } = generateHistory({ seed, companies, start });
  return (events as unknown as Array<Record<string, unknown>>).map((e) => ({ ...e, event_id: `${prefix}${String(e.event_id)}`,
    ...(typeof e.company_id === 'string' ? { company_id: `${prefix}${e.company_id}` } : {}) }));
}

async function post(url: string, events: object[], concurrency: number): Promise<void> {
  const bodies: string[] = [];
  for (let i = 0; i < events.length; i += MAX_BATCH_EVENTS) bodies.push(JSON.stringify({ events: events.slice(i, i + MAX_BATCH_EVENTS) }));
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[next++]! });
      if (res.status !== 200) throw new Error(`collector answered ${res.status}: ${await res.text()}`);
    }
  }));
}

/** Idle: outbox and queues empty, and the workers' consumed-message count no longer moving. */
async function drained(bus: { runUntilIdle(): Promise<void> }, db: pg.Pool): Promise<void> {
  let last = -1;
  for (;;) {
    await bus.runUntilIdle();
    const n = Number((await db.query('SELECT count(*) AS n FROM bi.consumed_messages')).rows[0].n);
    if (n === last) return;
    last = n;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function pacedLatency(url: string, db: pg.Pool, events: Array<Record<string, unknown>>, rate: number): Promise<number[]> {
  const batch = 50;
  const interval = (batch / rate) * 1000;
  const waiting = new Map<string, number>();
  const latencies: number[] = [];
  let sending = true;
  const watcher = (async () => {
    while (sending || waiting.size > 0) {
      if (waiting.size > 0) {
        const { rows } = await db.query('SELECT company_id FROM bi.company_profile_attribution WHERE company_id = ANY($1)', [[...waiting.keys()]]);
        const now = performance.now();
        for (const r of rows) { latencies.push(now - waiting.get(r.company_id)!); waiting.delete(r.company_id); }
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += batch) {
    const chunk = events.slice(i, i + batch);
    const due = t0 + (i / batch) * interval;
    if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: chunk }) });
    const acknowledged = performance.now();
    if (res.status !== 200) throw new Error(`collector answered ${res.status}`);
    for (const e of chunk) if (e.type === 'company_created') waiting.set(e.company_id as string, acknowledged);
  }
  sending = false;
  await watcher;
  return latencies;
}

async function bareCopyRate(dbUrl: string, events: object[]): Promise<number> {
  const client = new pg.Client({ connectionString: dbUrl });
  client.on('error', () => {});
  await client.connect();
  // Bare: no index, no conflict handling (the stream holds duplicates on purpose) — the ceiling of writing these rows.
  await client.query('CREATE TABLE bench_events (event_id text NOT NULL, type text NOT NULL, payload jsonb NOT NULL)');
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  const lines = events.map((e) => { const x = e as { event_id: string; type: string }; return `${esc(x.event_id)}\t${esc(x.type)}\t${esc(JSON.stringify(e))}\n`; });
  const started = performance.now();
  await streamPipeline(Readable.from(lines), client.query(copyFrom('COPY bench_events FROM STDIN')));
  const rate = events.length / ((performance.now() - started) / 1000);
  await client.query('DROP TABLE bench_events');
  await client.end();
  return rate;
  // (errors propagate to the caller, which drops the whole database)
}

async function bareAmqpRate(payloads: string[]): Promise<number> {
  const conn = await amqp.connect(AMQP_URL);
  const pub = await conn.createConfirmChannel();
  const sub = await conn.createChannel();
  const q = (await sub.assertQueue('', { exclusive: true, durable: false })).queue;
  await sub.prefetch(1000);
  let received = 0;
  const done = new Promise<void>((resolve) => {
    void sub.consume(q, (m) => { if (!m) return; sub.ack(m); if (++received === payloads.length) resolve(); });
  });
  const started = performance.now();
  for (let i = 0; i < payloads.length; i += 1000) {
    for (const p of payloads.slice(i, i + 1000)) pub.sendToQueue(q, Buffer.from(p), { persistent: true, messageId: String(i) });
    await pub.waitForConfirms();
  }
  await done;
  const rate = payloads.length / ((performance.now() - started) / 1000);
  await conn.close();
  return rate;
}

async function cleanupBroker(prefix: string): Promise<void> {
  const conn = await amqp.connect(AMQP_URL);
  const ch = await conn.createChannel();
  ch.on('error', () => {});
  const { createPipelineWorkers } = await import('../src/workers/registry.js');
  const { deadQueueName, queueName, retryQueueName } = await import('../src/adapters/rabbitmq/topology.js');
  const names = createPipelineWorkers({} as never).map((w) => w.queue);
  for (const q of names) for (const n of [queueName(prefix, q), deadQueueName(prefix, q), ...[1, 2, 3, 4].map((a) => retryQueueName(prefix, q, a))]) await ch.deleteQueue(n).catch(() => {});
  await ch.deleteExchange(prefix).catch(() => {});
  await conn.close().catch(() => {});
}

function withDb(name: string): string { const u = new URL(PG_ADMIN); u.pathname = `/${name}`; return u.toString(); }
async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN });
  await c.connect();
  try { return await work(c); } finally { await c.end(); }
}
