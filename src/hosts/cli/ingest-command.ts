import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Config } from '../../app/config.js';
import { ingestLines, type IngestSummary } from '../../app/ingest.js';
import { openPipeline } from '../../app/pipeline.js';
import { ManualClock } from '../../ports/clock.js';
import { startProgress } from './progress.js';

const REASONS_SHOWN = 50;

/** Returns the exit code: non-zero only when the input cannot be read (CONTRACT section 6). */
export async function runIngest(config: Config, file: string, options: { hostWorkers?: boolean } = {}): Promise<number> {
  let input: Readable;
  let size = 0;
  if (file === '-') {
    input = process.stdin;
  } else {
    try {
      size = (await stat(file)).size;
    } catch (error) {
      console.error(`tributary ingest: cannot read ${file}: ${(error as Error).message}. Pass a JSON Lines file, or - for stdin.`);
      return 1;
    }
    input = createReadStream(file);
  }
  if (options.hostWorkers === false && !config.broker) {
    console.error('tributary ingest: --no-workers needs BROKER_URL (RabbitMQ): on the embedded bus the workers run inside ingest.');
    return 2;
  }
  const pipeline = await openPipeline(config, new ManualClock(), options.hostWorkers === false ? { host: [] } : {});
  const progress = size > 0
    ? startProgress('ingest', size, '{bar} {percentage}% | accepted {accepted} duplicate {duplicate} rejected {rejected}', { accepted: 0, duplicate: 0, rejected: 0 })
    : null;
  const started = performance.now();
  try {
    const summary = await ingestLines(pipeline, input, (p) => {
      progress?.update((input as { bytesRead?: number }).bytesRead ?? 0, { accepted: p.accepted, duplicate: p.duplicate, rejected: p.rejected });
    });
    progress?.update(size);
    progress?.stop();
    printSummary(summary, performance.now() - started);
    return 0;
  } catch (error) {
    progress?.stop();
    if ((error as NodeJS.ErrnoException).code !== undefined && (error as NodeJS.ErrnoException).syscall === 'read') {
      console.error(`tributary ingest: cannot read ${file}: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  } finally {
    await pipeline.close();
  }
}

function printSummary(s: IngestSummary, ms: number): void {
  console.log(`accepted ${s.accepted}, duplicate ${s.duplicate}, rejected ${s.rejected} (${s.lines} lines in ${(ms / 1000).toFixed(1)} s)`);
  for (const r of s.reasons.slice(0, REASONS_SHOWN)) {
    console.log(`  line ${r.line}${r.event_id ? ` (event_id ${r.event_id})` : ''}: ${r.reason}`);
  }
  if (s.deliveries_pending) {
    console.log('  some destination deliveries are still waiting for a retry: `tributary conversions status` shows them, and `tributary start` sends them');
  }
  if (s.reasons.length > REASONS_SHOWN) {
    console.log(`  ... and ${s.reasons.length - REASONS_SHOWN} more; every rejected event is kept with its reason in bi.rejected_events`);
  }
}
