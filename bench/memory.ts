// npm run bench -- --memory [--companies N]: the embedded mode over a long history. Ingests about 28 events per
// company (35,600 companies: 1,000,000 events) with `tributary ingest` and samples its resident memory, then times
// `tributary start` on the data dir it left: how long the identity graph takes to load into memory, and the memory
// it holds then.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { generateHistory } from '../src/demo/generate-history.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'tributary.js');

export async function runMemoryBench(companies: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tributary-bench-'));
  try {
    const file = join(dir, 'events.jsonl');
    const events = await writeHistory(file, companies);
    console.log(`bench --memory: ${events} events (${companies} companies)`);
    const dataDir = join(dir, 'data');

    const ingest = await sampled(['ingest', '--data-dir', dataDir, file], () => false);
    console.log(`ingest: ${(ingest.seconds).toFixed(1)} s (${Math.round(events / ingest.seconds)} events/s), peak RSS ${mb(ingest.peak)} MB`);
    console.log(`  RSS every 10% of the run: ${ingest.samples.filter((_, i, all) => i % Math.max(1, Math.floor(all.length / 10)) === 0).map(mb).join(', ')} MB`);

    const start = await sampled(['start', '--data-dir', dataDir, '--port', '0'], (out) => /Server listening at/.test(out));
    console.log(`start on that data dir: listening after ${start.seconds.toFixed(1)} s, RSS then ${mb(start.last)} MB`);
    if (start.loaded) console.log(`  ${start.loaded}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeHistory(file: string, companies: number): Promise<number> {
  const out = createWriteStream(file);
  let n = 0;
  // In slices of companies, so that the history is never all in memory at once.
  for (let from = 0; from < companies; from += 2000) {
    const { events } = generateHistory({ seed: 7 + from, companies: Math.min(2000, companies - from), start: Date.UTC(2026, 0, 1) });
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
async function sampled(args: string[], ready: (output: string) => boolean) {
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
  const timer = setInterval(() => { void rss(child.pid!).then((r) => { if (r) samples.push(r); }); }, 250);
  const ended = await result;
  clearInterval(timer);
  const last = (await rss(child.pid!)) ?? samples.at(-1) ?? 0;
  if (child.exitCode === null) { child.kill('SIGTERM'); await once(child, 'exit'); }
  else if (child.exitCode !== 0) throw new Error(`tributary ${args[0]} exited with ${child.exitCode}:\n${output}`);
  return { seconds: (ended - started) / 1000, peak: Math.max(0, ...samples), last, samples, loaded: /identity graph[^\n]*/.exec(output)?.[0] };
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
