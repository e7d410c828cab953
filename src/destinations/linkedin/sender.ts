// The LinkedIn Conversions API HTTP client of the conversion deliverer: one BATCH_CREATE per batch, each element's
// status mapped back to its row.
import { postJson, type Fetch } from '../delivery.js';
import { ageLimit, joinUrl, wholeBatch } from '../conversions/outcomes.js';
import type { PlatformSender, RowOutcome } from '../conversions/types.js';
import { elementAnswers, LINKEDIN_BATCH_LIMIT, LINKEDIN_MAX_EVENT_AGE_MS, LINKEDIN_PATH, linkedinErrorReason } from './request.js';

export interface LinkedinSenderSettings {
  baseUrl: string;
  version: string;
  accessToken: string;
  fetch: Fetch;
  timeoutMs?: number;
}

export function createLinkedinSender(s: LinkedinSenderSettings): PlatformSender {
  const url = joinUrl(s.baseUrl, LINKEDIN_PATH);
  return {
    platform: 'linkedin',
    batch_size: LINKEDIN_BATCH_LIMIT,
    tooOld: ageLimit('converted_at', LINKEDIN_MAX_EVENT_AGE_MS, 'conversion older than 90 days at upload time (LinkedIn refuses older events)'),
    async send(requests): Promise<RowOutcome[]> {
      const call = await postJson(s.fetch, url, {
        authorization: `Bearer ${s.accessToken}`,
        'LinkedIn-Version': s.version,
        'X-Restli-Protocol-Version': '2.0.0',
        'X-RestLi-Method': 'BATCH_CREATE',
      }, { elements: requests }, s.timeoutMs);
      if (!call.ok) {
        const reason = linkedinErrorReason(call.body, call.error);
        return wholeBatch(call, requests.length, reason, call.status === 400 || call.status === 422);
      }
      const answers = elementAnswers(call.body);
      return requests.map((_, i): RowOutcome => {
        const a = answers[i];
        const status = a?.status;
        if (status !== undefined && status >= 200 && status < 300) return { kind: 'sent', response: { status: call.status, element: a } };
        const reason = a === undefined ? 'no answer for this element' : linkedinErrorReason(a.error, `element status ${status ?? '?'}`);
        // An element can be throttled or hit a server error on its own: it waits like a whole batch would.
        if (status === 429 || (status !== undefined && status >= 500)) return { kind: 'retry', reason, response: { status: call.status, element: a }, retry_after_ms: null };
        return { kind: 'failed', reason, response: { status: call.status, element: a ?? null } };
      });
    },
  };
}
