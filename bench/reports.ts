// npm run bench -- --reports [--companies N] [--store embedded|postgres]: how long each dashboard panel waits for
// its /v1/reports/* answer (issue 13: under 300 ms a panel on the demo data scaled 10x). The demo history
// (src/demo/generate-history.ts, 20,000 companies by default: ten times `npm start`'s 2,000) goes through the real
// pipeline as `tributary demo` sends it, then a real HTTP server answers the requests the dashboard makes for a few
// views, each timed several times after one unmeasured run: median and max per request.
import { parseArgs } from 'node:util';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig } from '../src/app/config.js';
import { ingestLines } from '../src/app/ingest.js';
import { openPipeline, type Pipeline } from '../src/app/pipeline.js';
import { REPORT_NAMES } from '../src/app/reports/params.js';
import { generateHistory } from '../src/demo/generate-history.js';
import { PATHS_SHOWN } from '../src/hosts/http/dashboard/browser/panels/paths.js';
import { DEFAULT_VIEW, reportSearch, type View } from '../src/hosts/http/dashboard/browser/view.js';
import { createServer } from '../src/hosts/http/server.js';
import { ManualClock } from '../src/ports/clock.js';
import { createScratchDatabase } from './scratch-database.js';

const BUDGET_MS = 300;
const RUNS = 7;
const START = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

/** The dashboard as opened, then as a marketer narrows it: per-touchpoint credit by campaign, a data-driven model, a month of contacts. */
const VIEWS: Array<{ name: string; view: View }> = [
  { name: 'default', view: DEFAULT_VIEW },
  { name: 'linear by campaign', view: { ...DEFAULT_VIEW, model: 'linear', by: 'campaign' } },
  { name: 'markov', view: { ...DEFAULT_VIEW, model: 'markov' } },
  { name: 'contacts, time decay, one month', view: { ...DEFAULT_VIEW, entity: 'contacts', model: 'time_decay', from: '2026-02-01', to: '2026-03-01' } },
];

/** `--reports [--companies N] [--store embedded|postgres]`, as bench/end-to-end.ts hands them on. */
export async function runReportsBenchCli(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { reports: { type: 'boolean' }, companies: { type: 'string', default: '20000' }, store: { type: 'string', default: 'embedded' } } });
  const companies = Number(values.companies);
  if (!Number.isInteger(companies) || companies < 1) throw new Error(`--companies is a whole number of companies (got ${values.companies})`);
  if (values.store !== 'embedded' && values.store !== 'postgres') throw new Error(`--store is embedded or postgres (got ${values.store})`);
  await runReportsBench(companies, values.store);
}

interface Timing { view: string; url: string; median_ms: number; max_ms: number; rows: number }

export async function runReportsBench(companies: number, store: 'embedded' | 'postgres'): Promise<void> {
  const { events } = generateHistory({ seed: 7, companies, start: START, days: 90 });
  console.log(`bench --reports (${store}): the demo history of ${companies} companies, ${events.length} events`);
  const dir = await mkdtemp(join(tmpdir(), 'tributary-bench-'));
  const database = store === 'postgres' ? await createScratchDatabase() : null;
  try {
    const config = loadConfig({}, { dataDir: join(dir, 'data'), logLevel: 'warn', geo: { enabled: false }, ...(database && { databaseUrl: database.url }) });
    const pipeline = await openPipeline(config, new ManualClock(START - DAY));
    try {
      const t = performance.now();
      const summary = await ingestLines(pipeline, Readable.from(events.map((e) => `${JSON.stringify(e)}\n`)));
      console.log(`ingested in ${((performance.now() - t) / 1000).toFixed(1)} s: accepted ${summary.accepted}, duplicate ${summary.duplicate}, rejected ${summary.rejected}`);
      await timePanels(pipeline, store, companies, events.length);
    } finally {
      await pipeline.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await database?.drop();
  }
}

/** Only once ingest is done: a server drives the pipeline on its own timer, which must not run beside ingest's draining. */
async function timePanels(pipeline: Pipeline, store: string, companies: number, events: number): Promise<void> {
  const app = createServer(pipeline, { logLevel: 'warn' });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const timings: Timing[] = [];
    const seen = new Set<string>();
    for (const { name, view } of VIEWS) {
      for (const report of REPORT_NAMES) {
        const url = `/v1/reports/${report}${reportSearch(report, view, PATHS_SHOWN)}`;
        if (seen.has(url)) continue; // the quality report ignores entity and model: timed once per range
        seen.add(url);
        timings.push(await time(base, name, url));
        const last = timings[timings.length - 1]!;
        console.log(`${last.median_ms.toFixed(0).padStart(6)} ms median ${last.max_ms.toFixed(0).padStart(6)} ms max  ${last.max_ms > BUDGET_MS ? 'OVER' : 'ok  '}  ${name}: ${url} (${last.rows} rows)`);
      }
    }
    const slowest = timings.reduce((a, b) => (b.max_ms > a.max_ms ? b : a));
    console.log(`\nslowest panel: ${slowest.url} (${slowest.view}) ${slowest.max_ms.toFixed(0)} ms max; ${timings.filter((x) => x.max_ms > BUDGET_MS).length} of ${timings.length} requests over ${BUDGET_MS} ms`);
    console.log(JSON.stringify({ store, companies, events, budget_ms: BUDGET_MS, runs: RUNS, timings }));
  } finally {
    await app.close();
  }
}

async function time(base: string, view: string, url: string): Promise<Timing> {
  let rows = 0;
  const took: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const started = performance.now();
    const response = await fetch(`${base}${url}`);
    const body = await response.json() as { rows?: unknown[]; weeks?: unknown[]; days?: unknown[]; error?: string };
    const ms = performance.now() - started;
    if (!response.ok) throw new Error(`${url}: ${response.status} ${body.error ?? ''}`);
    rows = (body.rows ?? body.weeks ?? body.days ?? []).length;
    if (run > 0) took.push(ms); // the first run warms the caches a reader's second look would find warm too
  }
  took.sort((a, b) => a - b);
  return { view, url, median_ms: round(took[Math.floor(took.length / 2)]!), max_ms: round(took[took.length - 1]!), rows };
}

const round = (ms: number) => Math.round(ms * 10) / 10;
