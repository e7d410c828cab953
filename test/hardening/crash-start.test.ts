// kill -9 of `tributary start` on the embedded store while the collector takes events (issue 16): every event that got
// a 200 is processed after a restart, at three points — with requests in flight, right after an answer (before the
// workers ran), and again during the recovery of that backlog.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateHistory } from '../../src/demo/generate-history.js';
import { startProcess, type StartedProcess } from '../support/cli.js';
import { openPipeline } from '../../src/app/pipeline.js';
import { ManualClock } from '../../src/ports/clock.js';
import { exportEverything, testConfig } from '../support/pipeline.js';

const BATCH = 25;
const { events } = generateHistory({ seed: 5, companies: 120, start: Date.UTC(2026, 0, 1) });
const batches: Array<Array<Record<string, unknown>>> = [];
for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH) as Array<Record<string, unknown>>);

/** What the collector acknowledged: the event_ids of every 200, less the events it rejected. */
const acked = new Set<string>();
let cursor = 0;

async function post(url: string, batch: Array<Record<string, unknown>>): Promise<boolean> {
  const res = await fetch(`${url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: batch }) });
  if (res.status !== 200) return false;
  const body = await res.json() as { rejected: Array<{ index: number }> };
  const rejected = new Set(body.rejected.map((r) => r.index));
  batch.forEach((e, i) => { if (!rejected.has(i)) acked.add(String(e.event_id)); });
  return true;
}

/** `senders` clients post the next batches until `stopAfter` more have been acknowledged or the process is gone. */
async function sendUntil(server: StartedProcess, senders: number, stopAfter: number): Promise<number> {
  let answered = 0;
  await Promise.all(Array.from({ length: senders }, async () => {
    while (answered < stopAfter && cursor < batches.length) {
      const batch = batches[cursor++]!;
      try {
        if (await post(server.url, batch)) answered++;
      } catch {
        return; // killed under this request: it got no answer, so nothing was promised
      }
    }
  }));
  return answered;
}

async function idle(url: string): Promise<void> {
  for (let quiet = 0; quiet < 3;) {
    const { queued } = await (await fetch(`${url}/healthz`)).json() as { queued: number };
    quiet = queued === 0 ? quiet + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('kill -9 of tributary start while the collector takes events', () => {
  let dir: string;
  after(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  it('loses no acknowledged event and stores none twice, whatever point it dies at', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-crash-start-'));
    const data = join(dir, 'data');

    // 1. Four clients in flight; the kill lands while some requests are mid-transaction.
    let server = await startProcess(data, {});
    const killing = sendUntil(server, 4, 1_000_000);
    while (acked.size < 20 * BATCH) await new Promise((resolve) => setTimeout(resolve, 5));
    await server.kill();
    await killing;
    const afterFirst = acked.size;

    // 2. Killed the moment a batch is answered: accepted and queued, no worker has run on it yet.
    server = await startProcess(data, {});
    await sendUntil(server, 1, 1);
    await server.kill();

    // 3. Killed again while the restarted process works through that backlog, with new requests arriving.
    server = await startProcess(data, {});
    await sendUntil(server, 2, 6);
    await server.kill();
    assert.ok(acked.size > afterFirst, 'every point acknowledged some events before its kill');

    server = await startProcess(data, {});
    await idle(server.url);
    await server.stop();

    const pipeline = await openPipeline(testConfig({ dataDir: data }), new ManualClock());
    try {
      await pipeline.settle();
      const { rows } = await pipeline.store.query<{ event_id: string }>('SELECT event_id FROM bi.processed_events');
      const processed = new Set(rows.map((r) => r.event_id));
      assert.deepEqual([...acked].filter((id) => !processed.has(id)), [], 'every acknowledged event is recorded');
      const exported = await exportEverything(pipeline);
      const touchpoints = exported.touchpoints.map((t) => t.touchpoint_id as string);
      assert.equal(new Set(touchpoints).size, touchpoints.length, 'no touchpoint stored twice');
      const byId = new Map(events.map((e) => [String(e.event_id), e as Record<string, unknown>]));
      const ackedOf = (type: string) => [...acked].map((id) => byId.get(id)!).filter((e) => e.type === type);
      const visits = new Set(touchpoints);
      assert.deepEqual(ackedOf('session').filter((e) => !visits.has(`visit:${e.event_id}`)).map((e) => e.event_id), [], 'every acknowledged session is a touchpoint');
      const companies = new Set(exported.companies.map((c) => c.company_id as string));
      assert.deepEqual(ackedOf('company_created').filter((e) => !companies.has(String(e.company_id))).map((e) => e.company_id), [], 'every acknowledged company is exported');
      const { rows: [queued] } = await pipeline.store.query<{ n: number }>('SELECT count(*)::int AS n FROM bi.outbox');
      assert.equal(queued!.n, 0, 'nothing is left unprocessed');
      console.log(`# crash-start: ${acked.size} acknowledged events of ${events.length}, all processed after 3 kills`);
    } finally {
      await pipeline.close();
    }
  });
});
