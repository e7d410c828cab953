import type { Config } from '../../app/config.js';
import { openPipeline } from '../../app/pipeline.js';
import { recompute } from '../../app/recompute.js';
import { ManualClock } from '../../ports/clock.js';
import { startProgress, type Progress } from './progress.js';

export async function runRecompute(config: Config): Promise<void> {
  const pipeline = await openPipeline(config, new ManualClock());
  const started = performance.now();
  let progress: Progress | null = null;
  let phase = '';
  try {
    const summary = await recompute(pipeline.bus, pipeline.attribution, (p) => {
      if (p.phase !== phase) { progress?.stop(); progress = startProgress(`recompute ${p.phase}`, p.total); phase = p.phase; }
      progress!.update(p.done);
    });
    (progress as Progress | null)?.stop();
    // Announcements of changed results are delivered to their consumers before the command returns.
    await pipeline.settle();
    console.log(`recomputed ${summary.companies} companies and ${summary.contacts} contacts, ${summary.changed} changed, ${summary.written} rewritten (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } finally {
    await pipeline.close();
  }
}
