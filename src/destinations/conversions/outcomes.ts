// What the platform senders share: turning a whole call's classification (callApi) into per-row outcomes, for the
// answers that concern every row of a batch alike (a 429/5xx or network failure: retry them all; or a refusal of
// the request itself), and their age limits.
import type { CallOutcome } from '../delivery.js';
import type { Millis } from '../../core/types.js';
import type { PlatformSender, RowOutcome, UploadRow } from './types.js';

type Failure = Extract<CallOutcome, { ok: false }>;

/** The same outcome for each of `n` rows: retry on 429/5xx/network, failed otherwise (`isolate` when one row may be the cause). */
export function wholeBatch(call: Failure, n: number, reason: string, isolate = false): RowOutcome[] {
  const response = { status: call.status, body: call.body };
  const outcome: RowOutcome = call.retryable
    ? { kind: 'retry', reason, response, retry_after_ms: call.retry_after_ms }
    : { kind: 'failed', reason, response, isolate };
  return Array.from({ length: n }, () => outcome);
}

/** `base` (an *_API_URL override or the platform's own address) without a trailing slash, then `path`. */
export const joinUrl = (base: string, path: string): string => `${base.replace(/\/+$/, '')}${path}`;

export const DAY_MS = 24 * 3_600_000;

/** A platform's age limit: rows whose `field` time is more than `limitMs` before the upload are refused with `reason`. */
export function ageLimit(field: 'converted_at' | 'click_at', limitMs: Millis, reason: string): PlatformSender['tooOld'] {
  return (row: UploadRow, now: Millis) => {
    const at = row[field];
    return at !== null && now - at > limitMs ? reason : null;
  };
}
