// npm run bench: events/s from the HTTP collector to the attribution rows on the embedded store, beside the bare
// batched insert rate of the same events into the same kind of store, measured in the same run.
// Usage: npm run bench [-- --companies N] [-- --production [--workers N] [--layout by-queue|replicated]]
//        npm run bench -- --recompute [--companies N] [--store embedded|postgres]   (bench/recompute.ts)
//        npm run bench -- --reports [--companies N] [--store embedded|postgres]     (bench/reports.ts)
//        npm run bench -- --soak MINUTES [--rate EVENTS_PER_S]                        (bench/soak.ts)
//        npm run bench -- --memory [--companies N]                                    (bench/memory.ts)
// (PostgreSQL + RabbitMQ: see bench/production.ts)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/app/config.js';
import { openPipeline, openStore } from '../src/app/pipeline.js';
import { generateHistory } from '../src/demo/generate-history.js';
import { createServer, MAX_BATCH_EVENTS } from '../src/hosts/http/server.js';
import { wallClock } from '../src/ports/clock.js';
import { recordStatements, replayStatements, rowCounts } from './statement-replay.js';

// --reports takes its own options: bench/reports.ts reads them.
if (process.argv.includes('--reports')) {
  try {
    await (await import('./reports.js')).runReportsBenchCli(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    process.exit(2);
  }
  process.exit();
}
const { values } = parseArgs({ options: { companies: { type: 'string', default: '1500' }, concurrency: { type: 'string', default: '4' }, production: { type: 'boolean', default: false },
  workers: { type: 'string', default: '2' }, layout: { type: 'string', default: 'by-queue' }, recompute: { type: 'boolean', default: false },
  store: { type: 'string', default: 'embedded' }, memory: { type: 'boolean', default: false }, soak: { type: 'string' }, rate: { type: 'string', default: '1000' } } });
if (values.soak !== undefined) {
  const minutes = Number(values.soak);
  const rate = Number(values.rate);
  if (!(minutes > 0) || !(rate > 0)) { console.error('bench: --soak takes the minutes to run (and --rate, events/s), both positive numbers'); process.exit(2); }
  await (await import('./soak.js')).runSoak(minutes, rate);
  process.exit();
}
if (values.memory) {
  await (await import('./memory.js')).runMemoryBench(Number(process.argv.includes('--companies') ? values.companies : 35_600));
  process.exit();
}
if (values.recompute) {
  if (values.store !== 'embedded' && values.store !== 'postgres') { console.error(`bench: --store is embedded or postgres (got ${values.store})`); process.exit(2); }
  const { runRecomputeBench } = await import('./recompute.js');
  await runRecomputeBench(Number(process.argv.includes('--companies') ? values.companies : 100_000), values.store);
  process.exit();
}
const companies = Number(values.companies);
const concurrency = Number(values.concurrency);
if (values.production) {
  const production = await import('./production.js');
  try {
    await production.runProductionBench(companies, concurrency, Number(values.workers), values.layout as import('./production.js').Layout);
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`); // a bad option: the run itself reports its own failures
    process.exit(2);
  }
  process.exit(); // with the exit code the run set (1 when it failed)
}
const { events } = generateHistory({ seed: 7, companies, start: Date.UTC(2026, 0, 1) });
const bodies: string[] = [];
for (let i = 0; i < events.length; i += MAX_BATCH_EVENTS) bodies.push(JSON.stringify({ events: events.slice(i, i + MAX_BATCH_EVENTS) }));
console.log(`bench: ${events.length} events (${companies} companies), ${bodies.length} requests of up to ${MAX_BATCH_EVENTS}, ${concurrency} in flight`);

const dirs: string[] = [];
const tempDir = async () => { const d = await mkdtemp(join(tmpdir(), 'tributary-bench-')); dirs.push(d); return d; };

try {
  // The bare insert runs before and after the pipeline, and the ratio is to their mean: this machine's speed drifts
  // within a run, and one measurement on either side of it was often a third off the other.
  const before = await bareInsertRate(await tempDir());
  const endToEnd = await endToEndRate(await tempDir());
  const storeAlone = await storeAloneRate(await tempDir(), endToEnd);
  const after = await bareInsertRate(await tempDir());
  const baseline = (before + after) / 2;
  const figures = {
    events: events.length,
    events_per_s: Math.round(endToEnd.eventsPerS),
    baseline_rows_per_s: Math.round(baseline),
    baseline_before_after: [Math.round(before), Math.round(after)],
    ratio: Number((endToEnd.eventsPerS / baseline).toFixed(3)),
    collector_accept_per_s: Math.round(endToEnd.acceptPerS),
    company_rows: endToEnd.counts.company_profile_attribution,
    store_alone_events_per_s: Math.round(storeAlone),
    store_alone_ratio: Number((storeAlone / baseline).toFixed(3)),
  };
  console.log(`\nend to end (collector -> attribution rows): ${figures.events_per_s} events/s`);
  // On the embedded bus a request is answered once its events are handled: the two rates are then the same.
  console.log(`collector alone (every request answered): ${figures.collector_accept_per_s} events/s`);
  console.log(`baseline (bare batched insert of the same events, same store): ${figures.baseline_rows_per_s} rows/s (mean of ${figures.baseline_before_after.join(' before and ')} after)`);
  console.log(`ratio end to end / baseline: ${figures.ratio}`);
  console.log(`the store alone (the run's statements replayed, no JavaScript of the pipeline): ${figures.store_alone_events_per_s} events/s, ratio ${figures.store_alone_ratio}`);
  console.log(JSON.stringify(figures));
} finally {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
}

async function bareInsertRate(dir: string): Promise<number> {
  const store = await openStore({ dataDir: dir, databaseUrl: null, pgPoolSize: 1 });
  await store.exec('CREATE TABLE bench_events (event_id text PRIMARY KEY, type text NOT NULL, payload jsonb NOT NULL)');
  const started = performance.now();
  for (let i = 0; i < events.length; i += 1000) {
    const chunk = events.slice(i, i + 1000) as Array<{ event_id: string; type: string }>;
    await store.query(
      'INSERT INTO bench_events SELECT i, t, p::jsonb FROM unnest($1::text[], $2::text[], $3::text[]) AS u(i, t, p) ON CONFLICT DO NOTHING',
      [chunk.map((e) => e.event_id), chunk.map((e) => e.type), chunk.map((e) => JSON.stringify(e))]);
  }
  const rate = events.length / ((performance.now() - started) / 1000);
  await store.close();
  return rate;
}

async function endToEndRate(dir: string) {
  const config = loadConfig({}, { dataDir: dir, logLevel: 'warn' });
  const pipeline = await openPipeline(config, wallClock);
  const recording = recordStatements(pipeline.store);
  const app = createServer(pipeline, { logLevel: 'warn' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/v1/events`;

  const started = performance.now();
  let next = 0;
  const send = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (res.status !== 200) throw new Error(`collector answered ${res.status}: ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, send));
  const accepted = performance.now();
  while (pipeline.bus.totalDepth() > 0) await pipeline.settle();
  const drained = performance.now();
  const counts = await rowCounts(pipeline.store);
  await app.close();
  await pipeline.close();
  return {
    eventsPerS: events.length / ((drained - started) / 1000),
    acceptPerS: events.length / ((accepted - started) / 1000),
    recording,
    counts,
  };
}

/**
 * The events/s of the end-to-end run's statements replayed into an empty store: the ceiling that the rows the
 * pipeline writes put on it here. A replay that did not write the same rows is an error, not a figure.
 */
async function storeAloneRate(dir: string, run: Awaited<ReturnType<typeof endToEndRate>>): Promise<number> {
  const store = await openStore({ dataDir: dir, databaseUrl: null, pgPoolSize: 1 });
  const seconds = await replayStatements(run.recording, store);
  const counts = await rowCounts(store);
  await store.close();
  const differ = Object.keys({ ...counts, ...run.counts }).filter((table) => counts[table] !== run.counts[table]);
  if (differ.length > 0) throw new Error(`the replay wrote other rows than the run in ${differ.map((t) => `${t} (${counts[t]} against ${run.counts[t]})`).join(', ')}`);
  return events.length / seconds;
}
