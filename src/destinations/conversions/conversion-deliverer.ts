// The deliverer every ad platform shares: claims the due rows of bi.conversion_uploads, sends them in the platform's
// batches (outside any store transaction), and records each row's answer — sent, failed with the platform's reason,
// or pending again with a retry time (429, 5xx, network) until the attempts run out. In dry run nothing is sent: the
// rows become `dry_run`, their recorded request being what would have gone, and where the platform has a
// validate-only mode its verdict is their reason. A live deliverer also takes `dry_run` rows: a rehearsal does not
// change what is eventually sent.
import { backoffMs, type Deliverer, type DeliveryRound } from '../delivery.js';
import type { Millis } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import { claimDueUploads, recordUploadResults, waitingUploads, type UploadResult } from '../../store/bi/conversion-uploads.js';
import type { PlatformSender, RowOutcome, UploadRow, UploadStatus } from './types.js';

export interface ConversionDeliveryOptions {
  dryRun: boolean;
  /** First retry wait; doubles per attempt up to `backoffMs`'s ceiling (the server's Retry-After wins when longer). */
  retryBaseMs?: number;
  /** Attempts before a row that keeps getting 429/5xx is marked failed. */
  maxAttempts?: number;
  /** Batches sent per round at most, so one platform's backlog does not hold up the others' rounds. */
  batchesPerRound?: number;
  /** How long claimed rows stay out of other deliverers' reach while being sent. */
  leaseMs?: number;
  /** Per HTTP call (the senders take it; the deliverer passes it on). */
  timeoutMs?: number;
}

const DELIVERY_DEFAULTS = { retryBaseMs: 1000, maxAttempts: 12, batchesPerRound: 10, leaseMs: 10 * 60_000 };

export const DRY_RUN_REASON = 'dry run: recorded, not sent';

export function createConversionDeliverer(sql: Sql, sender: PlatformSender, options: ConversionDeliveryOptions): Deliverer {
  const o = { ...DELIVERY_DEFAULTS, ...definedOnly(options) };
  const claimable: UploadStatus[] = o.dryRun ? ['pending'] : ['pending', 'dry_run'];

  const safeCall = async (call: (requests: readonly unknown[]) => Promise<RowOutcome[]>, requests: readonly unknown[]): Promise<RowOutcome[]> => {
    try {
      const outcomes = await call(requests);
      if (outcomes.length !== requests.length) throw new Error(`${sender.platform}: ${outcomes.length} answers for ${requests.length} rows`);
      return outcomes;
    } catch (error) {
      // A sender bug or an unexpected answer must not lose the rows: they wait and are tried again.
      const reason = `unexpected error: ${(error as Error).message}`;
      return requests.map(() => ({ kind: 'retry', reason, response: null, retry_after_ms: null }));
    }
  };
  const safeSend = (requests: readonly unknown[]) => safeCall((r) => sender.send(r), requests);

  /** Dry run: every row stays `dry_run`; the reason says what the platform's validation answered, when it has one. */
  const rehearse = async (rows: readonly UploadRow[]): Promise<UploadResult[]> => {
    const validate = sender.validate?.bind(sender);
    const results: UploadResult[] = [];
    for (let i = 0; i < rows.length; i += sender.batch_size) {
      const batch = rows.slice(i, i + sender.batch_size);
      const verdicts = validate ? await safeCall(validate, batch.map((r) => r.request)) : null;
      batch.forEach((r, j) => {
        const v = verdicts?.[j];
        const reason = v === undefined ? DRY_RUN_REASON
          : v.kind === 'sent' ? `${DRY_RUN_REASON} (validated)`
          : v.kind === 'failed' ? `${DRY_RUN_REASON}; validation refused it: ${v.reason}`
          : `${DRY_RUN_REASON}; not validated: ${v.reason}`;
        results.push({ company_id: r.company_id, conversion_action: r.conversion_action, status: 'dry_run', reason,
          response: v?.response ?? null, attempts: r.attempts, next_attempt_at: null, sent_at: null });
      });
    }
    return results;
  };

  /** One batch; a batch refused as a whole for something one row may carry is retried row by row. */
  const sendBatch = async (rows: readonly UploadRow[]): Promise<RowOutcome[]> => {
    const outcomes = await safeSend(rows.map((r) => r.request));
    if (rows.length > 1 && outcomes.every((x) => x.kind === 'failed' && x.isolate)) {
      const single: RowOutcome[] = [];
      for (const r of rows) single.push((await safeSend([r.request]))[0]!);
      return single;
    }
    return outcomes;
  };

  const resultOf = (row: UploadRow, outcome: RowOutcome, now: Millis): UploadResult => {
    const attempts = row.attempts + 1;
    const base = { company_id: row.company_id, conversion_action: row.conversion_action, response: outcome.response, attempts };
    switch (outcome.kind) {
      case 'sent': return { ...base, status: 'sent', reason: null, next_attempt_at: null, sent_at: now };
      case 'failed': return { ...base, status: 'failed', reason: outcome.reason, next_attempt_at: null, sent_at: null };
      case 'retry':
        if (attempts >= o.maxAttempts) {
          return { ...base, status: 'failed', reason: `gave up after ${attempts} attempts: ${outcome.reason}`, next_attempt_at: null, sent_at: null };
        }
        return { ...base, status: 'pending', reason: outcome.reason, next_attempt_at: now + backoffMs(attempts, outcome.retry_after_ms, o.retryBaseMs), sent_at: null };
      default: return unreachable(outcome);
    }
  };

  return {
    name: sender.platform,
    async deliverDue(now: Millis): Promise<DeliveryRound> {
      let sent = 0, failed = 0;
      const rows = await claimDueUploads(sql, sender.platform, claimable, now, now + o.leaseMs, sender.batch_size * o.batchesPerRound);
      if (o.dryRun) {
        await recordUploadResults(sql, sender.platform, await rehearse(rows));
      } else {
        const ready: UploadRow[] = [];
        const tooOld: UploadResult[] = [];
        for (const r of rows) {
          const reason = sender.tooOld(r, now);
          if (reason === null) ready.push(r);
          else tooOld.push({ company_id: r.company_id, conversion_action: r.conversion_action, status: 'skipped', reason, response: null, attempts: r.attempts, next_attempt_at: null, sent_at: null });
        }
        await recordUploadResults(sql, sender.platform, tooOld);
        for (let i = 0; i < ready.length; i += sender.batch_size) {
          const batch = ready.slice(i, i + sender.batch_size);
          const outcomes = await sendBatch(batch);
          const results = batch.map((row, j) => resultOf(row, outcomes[j]!, now));
          // Recorded batch by batch: a crash later in the round does not send these again.
          await recordUploadResults(sql, sender.platform, results);
          sent += results.filter((r) => r.status === 'sent').length;
          failed += results.filter((r) => r.status === 'failed').length;
        }
      }
      const waiting = await waitingUploads(sql, sender.platform, claimable, now);
      return { sent, failed, pending: waiting.count, next_attempt_at: waiting.next };
    },
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function unreachable(x: never): never {
  throw new Error(`unexpected outcome ${JSON.stringify(x)}`);
}
