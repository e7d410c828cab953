// kill -9 of `tributary ingest` mid-file on the embedded store (issue 16): whatever point it dies at, what it had
// accepted is kept, and ingesting the whole file again gives the export of a run never interrupted.
// The file goes in through stdin (`ingest -`), a piece at a time, so that each kill lands at a known point and not at
// a guess of the clock: ingest reads no further line while it commits a chunk (5,000 lines), so once lines well past a
// chunk's end have left the pipe, that chunk was committed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { openPipeline } from '../../src/app/pipeline.js';
import { generateHistory } from '../../src/demo/generate-history.js';
import { ManualClock } from '../../src/ports/clock.js';
import { run } from '../support/cli.js';
import { exportEverything, testConfig } from '../support/pipeline.js';

const CHUNK = 5_000;
/** Lines that pipes, stream buffers and readline's queue can hold without ingest having read them (~1,800 here). */
const SLACK = 3_000;

async function exportOf(dataDir: string) {
  const pipeline = await openPipeline(testConfig({ dataDir }), new ManualClock());
  try {
    return await exportEverything(pipeline);
  } finally {
    await pipeline.close();
  }
}

const write = (stdin: Writable, text: string) => new Promise<void>((resolve) => stdin.write(text, () => resolve()));

describe('kill -9 of tributary ingest mid-file', () => {
  let dir: string;
  let file: string;
  let lines: string[];
  let reference: Awaited<ReturnType<typeof exportOf>>;
  let valid: number;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-crash-ingest-'));
    file = join(dir, 'history.jsonl');
    // ~11,000 lines: three chunks, so kills land before the first commit, between commits, and in the last one.
    const { events } = generateHistory({ seed: 9, companies: 400, start: Date.UTC(2026, 0, 1) });
    lines = events.map((e) => `${JSON.stringify(e)}\n`);
    await writeFile(file, lines.join(''));
    const r = await run(['--data-dir', join(dir, 'reference'), 'ingest', file]);
    assert.equal(r.code, 0, r.stderr);
    const [, accepted, duplicate] = /accepted (\d+), duplicate (\d+)/.exec(r.stdout)!.map(Number);
    valid = accepted! + duplicate!;
    reference = await exportOf(join(dir, 'reference'));
  });
  after(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  const points: Array<[string, number, boolean]> = [
    ['before its first commit', 2_000, false],
    ['after its first chunk was committed, in the middle of the second', CHUNK + SLACK, false],
    ['after reading the whole file, while committing and attributing the last chunk', Number.POSITIVE_INFINITY, true],
  ];
  for (const [name, upTo, whole] of points) {
    it(`killed ${name}: what it committed is kept, and a full re-ingest exports as if never killed`, async () => {
      assert.ok(lines.length > 2 * CHUNK + 100, 'the file spans three chunks');
      const data = join(dir, `killed-${upTo}`);
      const feed = async (stdin: Writable) => {
        await write(stdin, lines.slice(0, upTo).join(''));
        if (whole) await new Promise<void>((resolve) => stdin.end(resolve));
      };
      const killed = await run(['--data-dir', data, 'ingest', '-'], feed, { killAfterInput: true });
      assert.ok(killed.killed, `ingest was still running: ${killed.stdout}`);
      const again = await run(['--data-dir', data, 'ingest', file]);
      assert.equal(again.code, 0, again.stderr);
      const [, accepted, duplicate] = /accepted (\d+), duplicate (\d+)/.exec(again.stdout)!.map(Number);
      assert.equal(accepted! + duplicate!, valid, 'every valid line is counted once over the two runs');
      const firstChunk = new Set(lines.slice(0, CHUNK).map((l) => (JSON.parse(l) as { event_id: string }).event_id)).size;
      if (upTo > CHUNK + SLACK - 1) assert.ok(duplicate! >= firstChunk, `the ${firstChunk} events of the committed chunk are kept (${duplicate} found again)`);
      console.log(`# crash-ingest ${name}: the re-ingest found ${duplicate} events already accepted and accepted ${accepted}`);
      assert.deepEqual(await exportOf(data), reference);
    });
  }
});
