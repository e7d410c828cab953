// The Meta Conversions API HTTP client of the conversion deliverer: one POST of up to 1,000 server events per batch.
// Meta answers for the batch as a whole; its rate limits and temporary errors come as HTTP 400 with a Graph error
// code, so they are told apart here from the refusals that are final.
import { postJson, type Fetch } from '../delivery.js';
import { ageLimit, joinUrl, wholeBatch } from '../conversions/outcomes.js';
import type { PlatformSender, RowOutcome } from '../conversions/types.js';
import { eventsPath, isInvalidParameter, isTransient, META_BATCH_LIMIT, META_MAX_EVENT_AGE_MS, metaErrorOf, metaErrorReason } from './request.js';

export interface MetaSenderSettings {
  baseUrl: string;
  apiVersion: string;
  pixelId: string;
  accessToken: string;
  fetch: Fetch;
  timeoutMs?: number;
}

export function createMetaSender(s: MetaSenderSettings): PlatformSender {
  const url = `${joinUrl(s.baseUrl, eventsPath(s.apiVersion, s.pixelId))}?access_token=${encodeURIComponent(s.accessToken)}`;
  return {
    platform: 'meta',
    batch_size: META_BATCH_LIMIT,
    tooOld: ageLimit('converted_at', META_MAX_EVENT_AGE_MS, 'conversion older than 7 days at upload time (Meta refuses older event_time)'),
    async send(requests): Promise<RowOutcome[]> {
      const call = await postJson(s.fetch, url, {}, { data: requests }, s.timeoutMs);
      if (call.ok) {
        const body = call.body as { events_received?: number; fbtrace_id?: string } | null;
        const response = { status: call.status, events_received: body?.events_received ?? null, fbtrace_id: body?.fbtrace_id ?? null };
        return requests.map(() => ({ kind: 'sent', response }));
      }
      const error = metaErrorOf(call.body);
      const reason = metaErrorReason(error, call.error);
      if (error !== null && isTransient(error)) {
        return wholeBatch({ ...call, retryable: true }, requests.length, reason);
      }
      return wholeBatch(call, requests.length, reason, error !== null && isInvalidParameter(error));
    },
  };
}
