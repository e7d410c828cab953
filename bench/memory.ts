// npm run bench -- --memory [--companies N]: the embedded mode over a long history. First `tributary start` on a
// store seeded with 100,000 companies and 1,000,000 touchpoints (bench/seed-store.ts, the size `--recompute` uses):
// how long the identity graph takes to load into memory, and the memory the process holds then. Then `tributary
// ingest` of about 28 events per company (35,600 companies: 1,000,000 events), sampling its resident memory, and the
// same start on the data dir it leaves.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { generateHistorySlices } from '../src/demo/generate-history.js';
import { loadConfig } from '../src/app/config.js';
import { openPipeline } from '../src/app/pipeline.js';
import { ManualClock } from '../src/ports/clock.js';
import { seedStore } from './seed-store.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'tributary.js');

export async function runMemoryBench(companies: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tributary-bench-'));
  try {
    const seeded = join(dir, 'seeded');
    console.log('bench --memory: seeding a store with 100,000 companies and 1,000,000 touchpoints');
    const pipeline = await openPipeline(loadConfig({}, { dataDir: seeded, logLevel: 'warn', geo: { enabled: false } }), new ManualClock());
    await seedStore(pipeline.store, { companies: 100_000, perCompany: 8, visitors: 100_000, perVisitor: 2 });
    await pipeline.close();
    await reportStart(seeded, 'the seeded store');

    const file = join(dir, 'events.jsonl');
    const events = await writeHistory(file, companies);
    console.log(`ingesting ${events} events (${companies} companies); RSS every 30 s:`);
    const dataDir = join(dir, 'data');
    const ingest = await sampled(['ingest', '--data-dir', dataDir, file], () => false,
      (seconds, bytes) => console.log(`  ${Math.round(seconds)} s: ${mb(bytes)} MB`));
    console.log(`ingest: ${ingest.seconds.toFixed(1)} s (${Math.round(events / ingest.seconds)} events/s), peak RSS ${mb(ingest.peak)} MB`);
    await reportStart(dataDir, 'the ingested data dir');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function reportStart(dataDir: string, what: string): Promise<void> {
  const start = await sampled(['start', '--data-dir', dataDir, '--port', '0'], (out) => /Server listening at/.test(out));
  console.log(`start on ${what}: listening after ${start.seconds.toFixed(1)} s, RSS then ${mb(start.last)} MB`);
  if (start.loaded) console.log(`  ${start.loaded}`);
}

async function writeHistory(file: string, companies: number): Promise<number> {
  const out = createWriteStream(file);
  let n = 0;
  for (const { events } of generateHistorySlices({ seed: 7, companies, start: Date.UTC(2026, 0, 1) }, 2000)) {
    for (const e of events) {
      if (!out.write(`${JSON.stringify(e)}\n`)) await once(out, 'drain');
      n++;
    }
  }
  out.end();
  await once(out, 'finish');
  return n;
}

/**
 * Runs `tributary ARGS` and samples its RSS every 250 ms until it exits, or until `ready` says its output shows it is
 * up (then it is stopped).
 */
async function sampled(args: string[], ready: (output: string) => boolean, every30s?: (seconds: number, rss: number) => void) {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info' } });
  let output = '';
  const samples: number[] = [];
  let done = false;
  const result = new Promise<number>((resolve) => {
    const check = (chunk: Buffer) => {
      output += chunk.toString();
      if (!done && ready(output)) { done = true; resolve(performance.now()); }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.on('exit', () => { if (!done) { done = true; resolve(performance.now()); } });
  });
  const timer = setInterval(() => {
    void rss(child.pid!).then((r) => {
      if (!r) return;
      samples.push(r);
      if (samples.length % 120 === 0) every30s?.((performance.now() - started) / 1000, r);
    });
  }, 250);
  const ended = await result;
  clearInterval(timer);
  const last = (await rss(child.pid!)) ?? samples.at(-1) ?? 0;
  if (child.exitCode === null) { child.kill('SIGTERM'); await once(child, 'exit'); }
  else if (child.exitCode !== 0) throw new Error(`tributary ${args[0]} exited with ${child.exitCode}:\n${output}`);
  return { seconds: (ended - started) / 1000, peak: samples.reduce((a, b) => Math.max(a, b), 0), last, samples, loaded: /identity graph[^\n]*/.exec(output)?.[0] };
}

async function rss(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024;
  } catch {
    return null;
  }
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
