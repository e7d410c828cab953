// npm run bench -- --soak MINUTES [--rate EVENTS_PER_S]: steady load through the collector of a real `tributary start`
// process on the embedded store, for as long as asked. Each minute prints the server's RSS and heap and its event-loop
// lag (p99, from its own /metrics: the server measures itself, the load generator is another process), the p50/p99
// latency of the requests sent in that minute, how much the workers have left queued, and the machine's load average
// (other work on the machine shows in the latencies). The last line is one JSON object, with whether RSS stayed flat
// after the first minute (warm-up: caches, JIT, PGlite's buffers fill).
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateHistory } from '../src/demo/generate-history.js';
import { startProcess } from '../test/support/cli.js';

const BATCH = 50;
/** RSS may trend up this much over the run after warm-up and still count as flat. */
const FLAT_TOLERANCE = 0.1;

interface Minute { minute: number; events: number; failed: number; p50_ms: number; p99_ms: number; rss_mb: number; heap_mb: number; loop_lag_p99_ms: number; queued: number; load: number }

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! : 0);

/** The same history again and again, each round with its own ids, so every round is new people and companies. */
function bodies(): (round: number) => string[] {
  const { events } = generateHistory({ seed: 11, companies: 400, start: Date.UTC(2026, 0, 1) });
  const texts: string[] = [];
  for (let i = 0; i < events.length; i += BATCH) texts.push(JSON.stringify({ events: events.slice(i, i + BATCH) }));
  const ids = /"(event_id|client_id|session_id|company_id|contact_id|device_id|call_id|referred_by)":"/g;
  return (round) => texts.map((t) => t.replace(ids, `"$1":"r${round}-`).replace(/@/g, `.r${round}@`));
}

async function serverFigures(url: string) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const metric = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([\\d.e+-]+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  const { queued } = await (await fetch(`${url}/healthz`)).json() as { queued: number };
  return {
    rss_mb: Math.round(metric('process_resident_memory_bytes') / 2 ** 20),
    heap_mb: Math.round(metric('nodejs_heap_size_used_bytes') / 2 ** 20),
    loop_lag_p99_ms: Number((metric('nodejs_eventloop_lag_p99_seconds') * 1000).toFixed(1)),
    queued,
  };
}

export async function runSoak(minutes: number, rate: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tributary-soak-'));
  // One sender from one address: the per-address rate limit would answer most of a steady load with 429.
  const server = await startProcess(join(dir, 'data'), { TRIBUTARY_RATE_LIMIT_PER_MINUTE: '0' });
  const roundBodies = bodies();
  const requestsPerS = rate / BATCH;
  console.log(`soak: ${minutes} min at ${rate} events/s (${requestsPerS} requests/s of ${BATCH}) into ${server.url}, tributary start on PGlite`);
  const rows: Minute[] = [];
  try {
    await serverFigures(server.url); // starts the server's lag window at the start of the run
    let round = 0;
    let queue: string[] = [];
    const started = performance.now();
    for (let minute = 1; minute <= minutes; minute++) {
      const latencies: number[] = [];
      let events = 0;
      let failed = 0;
      const inFlight = new Set<Promise<void>>();
      const minuteEnd = started + minute * 60_000;
      // Open loop: requests leave on schedule whether or not earlier ones were answered, as real traffic does.
      for (let next = performance.now(); next < minuteEnd; next += 1000 / requestsPerS) {
        const wait = next - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (queue.length === 0) queue = roundBodies(++round);
        const body = queue.shift()!;
        const sent = performance.now();
        const request = fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
          .then(async (res) => {
            const answer = await res.json() as { accepted?: number; duplicate?: number };
            if (res.status !== 200) failed++;
            events += (answer.accepted ?? 0) + (answer.duplicate ?? 0);
            latencies.push(performance.now() - sent);
          }, () => { failed++; })
          .finally(() => inFlight.delete(request));
        inFlight.add(request);
      }
      await Promise.all(inFlight);
      latencies.sort((a, b) => a - b);
      const row: Minute = { minute, events, failed, p50_ms: Math.round(percentile(latencies, 0.5)), p99_ms: Math.round(percentile(latencies, 0.99)), ...await serverFigures(server.url), load: Number(loadavg()[0]!.toFixed(1)) };
      rows.push(row);
      console.log(`minute ${row.minute}: ${row.events} events (${row.failed} failed requests), latency p50 ${row.p50_ms} ms p99 ${row.p99_ms} ms, RSS ${row.rss_mb} MB, heap ${row.heap_mb} MB, event-loop lag p99 ${row.loop_lag_p99_ms} ms, queued ${row.queued}, machine load ${row.load}`);
    }
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
  // Flat means no trend, not no wandering: GC and PGlite's buffers move RSS by tens of MB both ways. The least-squares
  // slope over the minutes after warm-up, carried over the run, must stay within the tolerance of the mean.
  const settled = rows.slice(1).map((r) => r.rss_mb);
  const mean = settled.reduce((a, b) => a + b, 0) / Math.max(1, settled.length);
  const mid = (settled.length - 1) / 2;
  const slope = settled.length > 1
    ? settled.reduce((sum, y, x) => sum + (x - mid) * (y - mean), 0) / settled.reduce((sum, _y, x) => sum + (x - mid) ** 2, 0) : 0;
  const growth = settled.length > 1 ? (slope * (settled.length - 1)) / mean : 0;
  const flat = settled.length > 1 && growth <= FLAT_TOLERANCE;
  console.log(`\nRSS after warm-up: ${settled.join(', ')} MB (${Math.min(...settled)}-${Math.max(...settled)}); trend ${slope.toFixed(1)} MB/min, ${(growth * 100).toFixed(1)}% over minutes 2-${minutes}: ${flat ? 'flat' : 'GROWING'} (tolerance ${FLAT_TOLERANCE * 100}%)`);
  console.log(JSON.stringify({ minutes, rate, per_minute: rows, rss_trend_mb_per_min: Number(slope.toFixed(2)), rss_growth: Number(growth.toFixed(3)), rss_flat: flat }));
}
