// `tributary demo`: a realistic synthetic history through the real pipeline, then the models side by side.
import { Readable } from 'node:stream';
import type { Config } from '../../app/config.js';
import { exportObjects } from '../../app/export.js';
import { ingestLines } from '../../app/ingest.js';
import { openPipeline } from '../../app/pipeline.js';
import type { CompanyAttribution } from '../../core/export/shapes.js';
import { generateHistory } from '../../demo/generate-history.js';
import { ManualClock, wallClock } from '../../ports/clock.js';
import { startProgress } from './progress.js';
import { runStart } from './start-command.js';
import { channelTable } from './channel-table.js';

const DAY = 86_400_000;

export async function runDemo(config: Config, opts: { companies: number; seed: number; serve?: boolean; port: number }): Promise<void> {
  // A fixed start keeps the demo's numbers the same on every machine and every run.
  const start = Date.UTC(2026, 0, 1);
  const { events, stats } = generateHistory({ seed: opts.seed, companies: opts.companies, start, days: 90 });
  console.log(`demo: ${events.length} events for ${opts.companies} companies (seed ${opts.seed}) — ${JSON.stringify(stats)}`);

  const clock = new ManualClock(start - DAY);
  const pipeline = await openPipeline(config, clock);
  const progress = startProgress('ingest', events.length, '{bar} {percentage}% | {value}/{total} events');
  const started = performance.now();
  const summary = await ingestLines(pipeline, Readable.from(events.map((e) => JSON.stringify(e) + '\n')), (p) => progress.update(p.lines));
  progress.stop();
  const seconds = (performance.now() - started) / 1000;
  console.log(`accepted ${summary.accepted}, duplicate ${summary.duplicate}, rejected ${summary.rejected} in ${seconds.toFixed(1)} s (${Math.round(summary.lines / seconds)} events/s)\n`);

  const companies: CompanyAttribution[] = [];
  for await (const c of exportObjects(pipeline.store, 'companies')) companies.push(c as CompanyAttribution);
  console.log(channelTable(companies));
  await pipeline.close();

  if (opts.serve) {
    console.log(`\nthe dashboard: http://127.0.0.1:${opts.port}/ — reports under /v1/reports/, e.g. /v1/reports/attribution?model=linear; one company: /v1/companies/${companies[0]?.company_id ?? 'co_000001'}/attribution`);
    await runStart(config, { port: opts.port, host: '127.0.0.1' }, await openPipeline(config, wallClock));
  }
}
