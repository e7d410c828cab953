// One batch to the collector, with the retry policy of the client: 429, 5xx, timeouts and network errors are
// retried with exponential backoff (Retry-After honoured); 413 splits the batch; any other answer is final.
import type { SentEvent } from './events.js';

export interface DeliveryFailure {
  /** `rejected`: the collector refused the event itself (its reason says why); `failed`: it never got through. */
  kind: 'rejected' | 'failed';
  event_id: string;
  reason: string;
  event: SentEvent;
}

export interface DeliverySettings {
  endpoint: string;
  headers: Record<string, string>;
  maxRetries: number;
  retryBaseMs: number;
  timeoutMs: number;
  fetch: typeof fetch;
}

const MAX_BACKOFF_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Delay before retry `attempt` (0-based): exponential, with full jitter, at least what Retry-After asks. */
export function retryDelay(attempt: number, baseMs: number, retryAfterS: number | null): number {
  const backoff = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** attempt) * (0.5 + Math.random() / 2);
  return Math.max(backoff, (retryAfterS ?? 0) * 1000);
}

export async function deliverBatch(batch: SentEvent[], s: DeliverySettings): Promise<DeliveryFailure[]> {
  const failAll = (reason: string) => batch.map((event): DeliveryFailure => ({ kind: 'failed', event_id: event.event_id, reason, event }));
  for (let attempt = 0; ; attempt++) {
    let reason: string;
    let retryAfterS: number | null = null;
    try {
      const response = await s.fetch(s.endpoint, {
        method: 'POST', headers: s.headers, body: JSON.stringify({ events: batch }), signal: AbortSignal.timeout(s.timeoutMs),
      });
      const body = await response.json().catch(() => null) as { rejected?: Array<{ index: number; reason: string }>; error?: string } | null;
      if (response.status === 200 || (response.status === 400 && Array.isArray(body?.rejected))) {
        return (body?.rejected ?? []).flatMap((r) => {
          const event = batch[r.index];
          return event ? [{ kind: 'rejected' as const, event_id: event.event_id, reason: r.reason, event }] : [];
        });
      }
      if (response.status === 413 && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        return [...await deliverBatch(batch.slice(0, half), s), ...await deliverBatch(batch.slice(half), s)];
      }
      reason = `collector answered ${response.status}${body?.error ? `: ${body.error}` : ''}`;
      if (response.status !== 429 && response.status < 500) return failAll(reason);
      const header = Number(response.headers.get('retry-after'));
      retryAfterS = Number.isFinite(header) && header >= 0 ? header : null;
    } catch (error) {
      reason = `collector unreachable: ${(error as Error).message}`;
    }
    if (attempt >= s.maxRetries) return failAll(`${reason} (gave up after ${s.maxRetries} retries)`);
    await sleep(retryDelay(attempt, s.retryBaseMs, retryAfterS));
  }
}
