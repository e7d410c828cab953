// npm run bench -- --recompute [--companies N] [--store embedded|postgres]: `tributary recompute` of every model over
// a seeded store (bench/seed-store.ts; 100,000 companies and 1,000,000 touchpoints by default), cold (nothing stored
// yet: every result written) and warm (everything already right: nothing written), with memory; then
// `models paths` over the stored paths and over a 10,000-row path file. The baseline in the same run: a bare scan of
// the touchpoints the recompute reads.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/app/config.js';
import { pathFileModels, storedPathModels } from '../src/app/models-paths.js';
import { openPipeline } from '../src/app/pipeline.js';
import { recompute } from '../src/app/recompute.js';
import { ManualClock } from '../src/ports/clock.js';
import { createScratchDatabase } from './scratch-database.js';
import { seedStore } from './seed-store.js';

export async function runRecomputeBench(companies: number, store: 'embedded' | 'postgres'): Promise<void> {
  const size = { companies, perCompany: 8, visitors: companies, perVisitor: 2 };
  const touchpoints = companies * size.perCompany + size.visitors * size.perVisitor;
  console.log(`bench --recompute (${store}): ${companies} companies, ${companies} contacts, ${touchpoints} touchpoints`);
  const dir = await mkdtemp(join(tmpdir(), 'tributary-bench-'));
  const database = store === 'postgres' ? await createScratchDatabase() : null;
  try {
    const config = loadConfig({}, { dataDir: join(dir, 'data'), logLevel: 'warn', geo: { enabled: false }, ...(database && { databaseUrl: database.url }) });
    const pipeline = await openPipeline(config, new ManualClock());
    try {
      let t = performance.now();
      await seedStore(pipeline.store, size);
      console.log(`seeded in ${seconds(t)} s`);

      t = performance.now();
      const { rows } = await pipeline.store.query('SELECT touchpoint_id, occurred_at, client_id, channel, source, medium, campaign FROM bi.interaction_touchpoints');
      console.log(`baseline: the ${rows.length} touchpoints read into the process by one SELECT: ${seconds(t)} s`);

      for (const run of ['cold', 'warm'] as const) {
        const rss = startPeak();
        t = performance.now();
        // Where the time goes: each phase's end, from the progress the command line shows.
        const phases: string[] = [];
        let phase = '', phaseStart = t;
        const reads: string[] = [];
        const readStart = t;
        const summary = await recompute(pipeline.bus, pipeline.attribution, (p) => {
          if (p.phase === 'read' && p.done > 0) reads.push(seconds(readStart));
          if (p.phase !== phase) { if (phase) phases.push(`${phase} ${seconds(phaseStart)} s`); phase = p.phase; phaseStart = performance.now(); }
        });
        phases.push(`${phase} ${seconds(phaseStart)} s`);
        await pipeline.settle();
        const took = seconds(t);
        console.log(`recompute ${run}: ${took} s (${summary.companies} companies, ${summary.contacts} contacts, ${summary.written} rewritten, ${summary.changed} changed), peak RSS ${rss.stop()} MiB, heap ${mib(process.memoryUsage().heapUsed)} MiB`);
        console.log(`  ${phases.join(', ')} (reads done at ${reads.join(', ')} s)`);
      }
      const credits = await pipeline.store.query<{ n: number }>('SELECT count(*)::int AS n FROM bi.attribution_credits');
      console.log(`credit lines: ${credits.rows[0]!.n}`);

      const rss = startPeak();
      t = performance.now();
      const stored = await storedPathModels(pipeline.store, 'companies', { from: null, to: null });
      console.log(`models paths (stored, companies): ${seconds(t)} s, ${stored.converting} converting and ${stored.nonConverting} non-converting paths, peak RSS ${rss.stop()} MiB`);
    } finally {
      await pipeline.close();
    }

    const file = join(dir, 'paths.csv');
    await writeFile(file, pathFile(10_000));
    const t = performance.now();
    const read = await pathFileModels(createReadStream(file), () => {});
    console.log(`models paths FILE (10,000 rows, ${new Set(read.rows.map((r) => r.channel)).size} channels): ${seconds(t)} s`);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await database?.drop();
  }
}

/** 10,000 distinct paths over 40 channels, 1 to 12 touchpoints long, as ChannelAttribution writes them. */
function pathFile(rows: number): string {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const lines = ['path;total_conversions;total_conversion_value;total_null'];
  for (let i = 0; i < rows; i++) {
    const length = 1 + Math.floor(next() * 12);
    const path = Array.from({ length }, () => `channel_${Math.floor(next() * 40)}`).join(' > ');
    const conversions = Math.floor(next() * 5);
    lines.push(`${path};${conversions};${(conversions * next() * 200).toFixed(2)};${Math.floor(next() * 50)}`);
  }
  return lines.join('\n') + '\n';
}

const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

/** The peak resident set size while a phase runs, sampled every 100 ms. */
function startPeak(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 100);
  return { stop: () => { clearInterval(timer); return mib(Math.max(peak, process.memoryUsage().rss)); } };
}
