// `tributary ingest`: JSON Lines through the whole pipeline on event time. Events are accepted in chunks; after each
// chunk the pipeline clock moves to the latest event time seen and everything due is processed, and at the end every
// pending delayed re-attribution runs, so the command returns with all work done.
import type { Readable } from 'node:stream';
import { parseEventLine } from '../core/events/validate.js';
import { ManualClock } from '../ports/clock.js';
import { readLines } from './json-lines.js';
import { acceptEvents, type Rejection, type Submitted } from './ingress.js';
import type { Pipeline } from './pipeline.js';

export interface IngestProgress { lines: number; accepted: number; duplicate: number; rejected: number }
export interface IngestSummary extends IngestProgress {
  reasons: Array<Rejection & { line: number }>;
  /** Destination deliveries still waiting for a retry when ingest gave up waiting. */
  deliveries_pending: boolean;
}

const CHUNK = 5000;

export async function ingestLines(pipeline: Pipeline, input: Readable, onProgress: (p: IngestProgress) => void = () => {}): Promise<IngestSummary> {
  const clock = pipeline.clock;
  const summary: IngestSummary = { lines: 0, accepted: 0, duplicate: 0, rejected: 0, reasons: [], deliveries_pending: false };
  let chunk: Submitted[] = [];
  let lineNumbers: number[] = [];

  const flush = async () => {
    if (chunk.length === 0) return;
    // The chunk may be handled as it is accepted (one unit of work on the embedded bus): the pipeline clock moves to
    // its latest event first, as it does before the chunk's work is settled.
    if (clock instanceof ManualClock) for (const { result } of chunk) if (result.ok) clock.advanceTo(result.event.ts);
    const result = await acceptEvents(pipeline.bus, chunk, 'ingest', pipeline.rules, { handleNow: true });
    summary.accepted += result.accepted;
    summary.duplicate += result.duplicate;
    summary.rejected += result.rejected.length;
    for (const r of result.rejected) summary.reasons.push({ ...r, line: lineNumbers[r.index]! });
    chunk = [];
    lineNumbers = [];
    await pipeline.settle();
    onProgress(summary);
  };

  for await (const { text: line, utf8 } of readLines(input)) {
    summary.lines++;
    // Blank lines separate nothing in JSON Lines; skipping them is kinder than rejecting them.
    if (line.trim() === '') continue;
    chunk.push({ result: utf8 ? parseEventLine(line) : { ok: false, reason: 'invalid UTF-8: the line is not valid UTF-8 text', event_id: null }, raw: line });
    lineNumbers.push(summary.lines);
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
  summary.deliveries_pending = (await pipeline.finish()).deliveries_pending;
  onProgress(summary);
  return summary;
}
