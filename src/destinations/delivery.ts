// Outbound delivery to SaaS APIs (HubSpot, the ad platforms). Calls never happen inside a store transaction: a
// worker records what must be sent (in its transaction), and a Deliverer sends it afterwards, records the answer,
// and schedules retries. A platform that is down delays only its own deliveries.
import type { Millis } from '../core/types.js';

/** One destination's sender, hosted by `start` (on a timer) and by `ingest` (until nothing is left to send). */
export interface Deliverer {
  /** e.g. `google_ads`, `hubspot`. */
  name: string;
  /** Sends what is due at `now`; reports what is left so the host knows when to come back. */
  deliverDue(now: Millis): Promise<DeliveryRound>;
}

export interface DeliveryRound {
  sent: number;
  failed: number;
  /** Deliveries still waiting (for a retry, or for the rate limit). */
  pending: number;
  /** When the earliest waiting delivery may be tried again; null when none waits. */
  next_attempt_at: Millis | null;
}

/** Outcome of one call, as the API's answer classifies it. */
export type CallOutcome =
  | { ok: true; status: number; body: unknown }
  | { ok: false; retryable: boolean; status: number | null; body: unknown; error: string; retry_after_ms: number | null };

export type Fetch = typeof fetch;

/**
 * Sends one HTTP request and classifies the answer: 2xx ok; 429 and 5xx (and network errors, timeouts) retryable,
 * with the server's Retry-After when given; other 4xx permanent. The body is parsed as JSON when it is JSON.
 */
export async function callApi(fetchImpl: Fetch, url: string, init: RequestInit, timeoutMs = 30_000): Promise<CallOutcome> {
  let response: Response;
  try {
    response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return { ok: false, retryable: true, status: null, body: null, error: `request failed: ${(error as Error).message}`, retry_after_ms: null };
  }
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') {
    try { body = JSON.parse(text); } catch { /* keep the text: it is what the API said */ }
  }
  if (response.ok) return { ok: true, status: response.status, body };
  const retryable = response.status === 429 || response.status >= 500;
  return {
    ok: false, retryable, status: response.status, body,
    error: `HTTP ${response.status}: ${typeof body === 'string' ? body.slice(0, 500) : JSON.stringify(body).slice(0, 500)}`,
    retry_after_ms: retryAfterMs(response.headers.get('retry-after')),
  };
}

/** POSTs `body` as JSON, asking for JSON back: what every platform API here takes. */
export function postJson(fetchImpl: Fetch, url: string, headers: Record<string, string>, body: unknown, timeoutMs?: number): Promise<CallOutcome> {
  return callApi(fetchImpl, url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  }, timeoutMs);
}

function retryAfterMs(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** Exponential backoff with a ceiling, for attempt 1, 2, 3...; the server's Retry-After wins when longer. */
export function backoffMs(attempt: number, retryAfter: number | null = null, baseMs = 1000, maxMs = 15 * 60_000): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return retryAfter !== null ? Math.max(retryAfter, exp) : exp;
}
