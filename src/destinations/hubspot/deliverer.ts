// The HubSpot Deliverer: each round sends what bi.hubspot_sync says is due, chunk by chunk (one batch update of at
// most 100 records each), companies then contacts, outside any transaction. HubSpot's rate limits are per
// account, so one gate holds every call back while HubSpot asks us to wait; 5xx and network errors back off per row.
import type { Millis } from '../../core/types.js';
import type { Store } from '../../ports/sql.js';
import { backoffMs, type Deliverer, type DeliveryRound } from '../delivery.js';
import { BATCH_LIMIT, type HubspotAnswer, type HubspotClient } from './client.js';
import type { SyncTarget } from './records.js';
import type { SchemaKeeper, Send } from './schema.js';
import { syncChunk, type RetryCause } from './sync-chunk.js';
import { claimableStatuses, claimDueRows, pendingSummary, releaseLease, retryLater, settle, type DueRow } from './sync-store.js';

export interface HubspotDeliveryOptions {
  /** First retry wait after a 5xx / network error (doubles per attempt); also the 429 wait when HubSpot names none. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** After this many failed tries a row is marked failed with the last reason (a later update asks again). */
  maxAttempts: number;
  /** Records per batch update: HubSpot takes at most 100. */
  batchSize: number;
  /** Chunks per round at most, so one round never runs unbounded; the rest is due at once in the next. */
  maxChunksPerRound: number;
  /** How long claimed rows stay out of other deliverers' reach while being sent. */
  leaseMs: number;
}

export const DEFAULT_DELIVERY_OPTIONS: HubspotDeliveryOptions = {
  backoffBaseMs: 1000,
  backoffMaxMs: 15 * 60_000,
  maxAttempts: 10,
  batchSize: BATCH_LIMIT,
  maxChunksPerRound: 50,
  leaseMs: 10 * 60_000,
};

export interface HubspotDelivererDeps {
  store: Store;
  client: HubspotClient;
  schema: SchemaKeeper;
  targets: readonly SyncTarget[];
  dryRun: boolean;
}

export function createHubspotDeliverer(deps: HubspotDelivererDeps, options: Partial<HubspotDeliveryOptions> = {}): Deliverer {
  const opts = { ...DEFAULT_DELIVERY_OPTIONS, ...options, batchSize: Math.min(BATCH_LIMIT, options.batchSize ?? BATCH_LIMIT) };
  const statuses = claimableStatuses(deps.dryRun);
  // Closed until this time: HubSpot asked us to wait (429, or a spent window announced by its headers).
  let gateOpensAt: Millis = 0;

  return {
    name: 'hubspot',
    async deliverDue(now) {
      // Time moves on during a round (each call takes a while); waits are measured from when they are asked for.
      const startedAt = Date.now();
      const clock = () => now + (Date.now() - startedAt);

      const send: Send = async <T extends HubspotAnswer>(call: () => Promise<T>): Promise<T | null> => {
        if (gateOpensAt > clock()) return null;
        const answer = await call();
        const o = answer.outcome;
        const wait = answer.waitMs ?? (!o.ok && o.status === 429 ? opts.backoffBaseMs : null);
        if (wait !== null) gateOpensAt = Math.max(gateOpensAt, clock() + wait);
        return answer;
      };

      // HubSpot's named wait is exact for a 429 (the row did not fail, the account was throttled); other errors
      // back off exponentially, a Retry-After winning when longer.
      const retry = async (objectType: SyncTarget['objectType'], rows: readonly DueRow[], reason: string, answer: RetryCause): Promise<number> => {
        const later: { row: DueRow; at: Millis }[] = [];
        const givenUp: DueRow[] = [];
        for (const row of rows) {
          const attempt = row.attempts + 1;
          if (attempt >= opts.maxAttempts) { givenUp.push(row); continue; }
          const wait = answer.status === 429 && answer.waitMs !== null
            ? answer.waitMs : backoffMs(attempt, answer.waitMs, opts.backoffBaseMs, opts.backoffMaxMs);
          later.push({ row, at: clock() + wait });
        }
        await retryLater(deps.store, objectType, later, reason);
        await settle(deps.store, objectType, givenUp.map((row) => ({ row, outcome: { status: 'failed', reason: `gave up after ${opts.maxAttempts} attempts: ${reason}` } })));
        return givenUp.length;
      };

      const ctx = { store: deps.store, client: deps.client, schema: deps.schema, send, dryRun: deps.dryRun, retry };
      let sent = 0;
      let failed = 0;
      let chunks = 0;
      rounds: for (const target of deps.targets) {
        while (gateOpensAt <= clock() && chunks < opts.maxChunksPerRound) {
          const leaseUntil = clock() + opts.leaseMs;
          const rows = await claimDueRows(deps.store, target.objectType, statuses, clock(), leaseUntil, opts.batchSize);
          if (rows.length === 0) break;
          chunks++;
          const result = await syncChunk(ctx, target, rows);
          sent += result.sent;
          failed += result.failed;
          // Rows the closed gate kept from being sent are due again when it opens.
          await releaseLease(deps.store, target.objectType, rows.map((r) => r.entity_id), leaseUntil, result.paused ? gateOpensAt : null);
          if (result.paused) break rounds;
        }
      }

      const left = await pendingSummary(deps.store, statuses, clock());
      const next = left.next_attempt_at === null ? null : Math.max(left.next_attempt_at, gateOpensAt);
      return { sent, failed, pending: left.pending, next_attempt_at: next } satisfies DeliveryRound;
    },
  };
}
