// How long HubSpot asks us to wait, read from the headers it sends with every answer. Its limits belong to the
// whole account (every app shares them), so a wait applies to every call the deliverer makes, not to one record.
//   Retry-After                                  seconds (or an HTTP date), when given
//   X-HubSpot-RateLimit-Max / -Remaining / -Interval-Milliseconds   the rolling (10-second) window
//   X-HubSpot-RateLimit-Secondly / -Secondly-Remaining              the per-second limit
//   X-HubSpot-RateLimit-Daily / -Daily-Remaining                    the daily limit (private apps)
import type { Millis } from '../../core/types.js';

export interface RateLimitOptions {
  /** Wait when the daily limit is used up: HubSpot resets it at midnight in the account's time zone, unknown here. */
  dailyPauseMs: number;
}

function count(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

function retryAfter(headers: Headers, now: Millis): number | null {
  const raw = headers.get('retry-after');
  if (raw === null) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * The wait the headers call for, or null when they call for none (calls may go on; a 429 without any of them
 * falls back to exponential backoff). When several limits are spent, the longest wait wins.
 */
export function rateLimitWaitMs(headers: Headers, now: Millis, options: RateLimitOptions): number | null {
  const waits: number[] = [];
  const after = retryAfter(headers, now);
  if (after !== null) waits.push(after);
  const remaining = count(headers, 'x-hubspot-ratelimit-remaining');
  const interval = count(headers, 'x-hubspot-ratelimit-interval-milliseconds');
  // A spent rolling window frees up within one interval at most.
  if (remaining !== null && remaining <= 0) waits.push(interval ?? 10_000);
  const secondly = count(headers, 'x-hubspot-ratelimit-secondly-remaining');
  if (secondly !== null && secondly <= 0) waits.push(1000);
  const daily = count(headers, 'x-hubspot-ratelimit-daily-remaining');
  if (daily !== null && daily <= 0) waits.push(options.dailyPauseMs);
  return waits.length === 0 ? null : Math.max(...waits);
}
