// One chunk (at most one batch) of due records of one object type, taken through the steps of a sync:
// read the current state → drop what HubSpot already has → (dry run: record and stop) → make sure the properties
// exist → find each record's HubSpot id → one batch update. Every row of the chunk ends settled, scheduled for a
// retry, or untouched because the rate-limit gate closed (then it is still due, and the next round takes it).
import type { Sql } from '../../ports/sql.js';
import { errorReason, rejectedIds, type HubspotClient } from './client.js';
import { valuesHash } from './properties.js';
import type { RecordState, SyncTarget } from './records.js';
import type { SchemaKeeper, Send } from './schema.js';
import { settle, type DueRow, type Outcome, type Settlement } from './sync-store.js';

export interface ChunkContext {
  store: Sql;
  client: HubspotClient;
  schema: SchemaKeeper;
  send: Send;
  dryRun: boolean;
  /** Schedules a retry of these rows (or gives up on those past the attempt limit); returns how many it gave up on. */
  retry(objectType: SyncTarget['objectType'], rows: readonly DueRow[], reason: string, cause: RetryCause): Promise<number>;
}

/** What a retryable answer said: its status (null: no answer) and the wait HubSpot's headers asked for. */
export interface RetryCause { status: number | null; waitMs: number | null }

export interface ChunkResult { sent: number; failed: number; paused: boolean }

interface Item { row: DueRow; state: RecordState; hash: string }

const NOUN = { companies: 'company', contacts: 'contact' } as const;

export async function syncChunk(ctx: ChunkContext, target: SyncTarget, rows: readonly DueRow[]): Promise<ChunkResult> {
  const type = target.objectType;
  const settlements: Settlement[] = [];
  let sent = 0;
  let failed = 0;
  const done = (row: DueRow, outcome: Outcome) => {
    settlements.push({ row, outcome });
    if (outcome.status === 'failed') failed++;
  };
  const finish = async (paused: boolean): Promise<ChunkResult> => {
    await settle(ctx.store, type, settlements);
    return { sent, failed, paused };
  };
  const retry = async (rowsToRetry: readonly DueRow[], reason: string, cause: RetryCause) => {
    failed += await ctx.retry(type, rowsToRetry, reason, cause);
  };

  // 1. The state stored now, whatever the update that asked for this sync said.
  const states = await target.load(ctx.store, rows.map((r) => r.entity_id));
  const changed: Item[] = [];
  for (const row of rows) {
    const state = states.get(row.entity_id);
    if (state === undefined) { done(row, { status: 'skipped', reason: 'no attribution stored for this record' }); continue; }
    const hash = valuesHash(state.values);
    // HubSpot already holds exactly these values (a replay, or a change that moves no property): nothing to send.
    if (hash === row.synced_hash) { done(row, { status: 'synced', hash, hubspot_id: state.hubspot_id, payload: null }); continue; }
    changed.push({ row, state, hash });
  }
  if (changed.length === 0) return finish(false);

  // 2. Dry run: what would be sent, with no call at all (not even a search).
  if (ctx.dryRun) {
    for (const c of changed) {
      done(c.row, { status: 'dry_run', payload: { id: c.state.hubspot_id, search: 'unavailable' in c.state.lookup ? null : c.state.lookup, properties: c.state.values } });
    }
    return finish(false);
  }

  // 3. The properties must exist before anything is written to them.
  const schema = await ctx.schema.ensure(type, ctx.send);
  switch (schema.kind) {
    case 'ready': break;
    case 'paused': return finish(true);
    case 'retry': await retry(changed.map((c) => c.row), schema.reason, schema.cause); return finish(false);
    case 'failed': for (const c of changed) done(c.row, { status: 'failed', reason: schema.reason }); return finish(false);
    default: { const never: never = schema; throw new Error(`unexpected ${JSON.stringify(never)}`); }
  }

  // 4. The HubSpot id: stored, or searched for and stored.
  const ready = new Map<string, Item>();
  for (const c of changed) {
    if (c.state.hubspot_id === null) {
      const lookup = c.state.lookup;
      if ('unavailable' in lookup) { done(c.row, { status: 'skipped', reason: lookup.unavailable }); continue; }
      const answer = await ctx.send(() => ctx.client.findOne(type, lookup.propertyName, lookup.value));
      if (answer === null) return finish(true);
      const o = answer.outcome;
      if (!o.ok) {
        if (o.retryable) await retry([c.row], `searching HubSpot: ${errorReason(o)}`, { status: o.status, waitMs: answer.waitMs });
        else done(c.row, { status: 'failed', reason: `searching HubSpot: ${errorReason(o)}` });
        continue;
      }
      if (answer.id === null) {
        done(c.row, { status: 'skipped', reason: `not found in HubSpot: no ${NOUN[type]} with ${lookup.propertyName} ${lookup.value}` });
        continue;
      }
      await target.storeHubspotId(ctx.store, c.row.entity_id, answer.id);
      c.state.hubspot_id = answer.id;
    }
    const prior = ready.get(c.state.hubspot_id);
    // HubSpot rejects a batch naming one record twice; two of ours on one HubSpot record is a data problem to show.
    if (prior) { done(c.row, { status: 'skipped', reason: `HubSpot ${NOUN[type]} ${c.state.hubspot_id} is already synced from ${prior.row.entity_id}` }); continue; }
    ready.set(c.state.hubspot_id, c);
  }

  // 5. One batch update; a batch HubSpot refuses because of one record is split until that record is found.
  const write = async (items: readonly Item[]): Promise<boolean> => {
    if (items.length === 0) return false;
    const inputs = items.map((i) => ({ id: i.state.hubspot_id!, properties: i.state.values }));
    const answer = await ctx.send(() => ctx.client.batchUpdate(type, inputs));
    if (answer === null) return true;
    const o = answer.outcome;
    if (o.ok) {
      // 200, or 207 when HubSpot wrote some records and refused others (e.g. one deleted in the meantime).
      const rejected = rejectedIds(o.body);
      for (const [n, i] of items.entries()) {
        const id = inputs[n]!.id;
        const reason = rejected.get(id);
        if (reason === undefined) {
          done(i.row, { status: 'synced', hash: i.hash, hubspot_id: id, payload: inputs[n] });
          sent++;
          continue;
        }
        // A stored id HubSpot no longer knows (merged, deleted): search again, and write in full, on the next sync.
        const gone = reason.startsWith('OBJECT_NOT_FOUND');
        if (gone) await target.storeHubspotId(ctx.store, i.row.entity_id, null);
        done(i.row, { status: 'failed', reason: `HubSpot refused ${NOUN[type]} ${id}: ${reason}`, hubspot_id: id, gone });
      }
      return false;
    }
    const reason = errorReason(o);
    if (o.retryable) { await retry(items.map((i) => i.row), reason, { status: o.status, waitMs: answer.waitMs }); return false; }
    if (JSON.stringify(o.body ?? '').includes('PROPERTY_DOESNT_EXIST')) {
      // Someone deleted our properties in HubSpot: create them again, then retry.
      await ctx.schema.forget(type);
      await retry(items.map((i) => i.row), reason, { status: o.status, waitMs: null });
      return false;
    }
    if (items.length > 1 && o.status !== 401 && o.status !== 403) {
      const half = Math.ceil(items.length / 2);
      return (await write(items.slice(0, half))) || write(items.slice(half));
    }
    for (const i of items) done(i.row, { status: 'failed', reason, hubspot_id: i.state.hubspot_id });
    return false;
  };
  return finish(await write([...ready.values()]));
}
