// The Google Ads HTTP client of the conversion deliverer: one uploadClickConversions call per batch, with the
// developer-token, login-customer-id (when uploading through a manager account) and OAuth bearer headers, and the
// partial-failure answer mapped back to each row.
import { postJson, type Fetch } from '../delivery.js';
import type { Millis } from '../../core/types.js';
import { joinUrl, wholeBatch } from '../conversions/outcomes.js';
import type { PlatformSender, RowOutcome } from '../conversions/types.js';
import { callWithToken, type TokenSource } from './oauth.js';
import { digitsOnly, GOOGLE_BATCH_LIMIT, googleClickTooOld, requestErrorReason, RETRY_LATER_MS, rowAnswers, uploadBody, uploadPath } from './request.js';

export interface GoogleAdsSenderSettings {
  baseUrl: string;
  apiVersion: string;
  customerId: string;
  loginCustomerId: string | null;
  developerToken: string;
  token: TokenSource;
  fetch: Fetch;
  timeoutMs?: number;
  /** The wall clock, for the token's expiry. */
  now?: () => Millis;
}

export function createGoogleAdsSender(s: GoogleAdsSenderSettings): PlatformSender {
  const url = joinUrl(s.baseUrl, uploadPath(s.apiVersion, s.customerId));
  const now = s.now ?? Date.now;

  const post = (token: string, requests: readonly unknown[]) => postJson(s.fetch, url, {
    authorization: `Bearer ${token}`,
    'developer-token': s.developerToken,
    ...(s.loginCustomerId && { 'login-customer-id': digitsOnly(s.loginCustomerId) }),
  }, uploadBody(requests), s.timeoutMs);

  return {
    platform: 'google_ads',
    batch_size: GOOGLE_BATCH_LIMIT,
    tooOld: googleClickTooOld,
    async send(requests): Promise<RowOutcome[]> {
      const answer = await callWithToken(s.token, now(), (token) => post(token, requests));
      if (!answer.ok) return wholeBatch(answer.failure, requests.length, answer.reason);
      const call = answer.call;
      if (!call.ok) {
        // A request refused as a whole with partialFailure on is malformed: it may be one row, so isolate them.
        return wholeBatch(call, requests.length, requestErrorReason(call.body, call.error), call.status === 400);
      }
      return rowAnswers(call.body, requests.length).map((a): RowOutcome => {
        if (a.ok) return { kind: 'sent', response: { status: call.status, result: a.result } };
        const response = { status: call.status, errors: a.error };
        return a.retryLater ? { kind: 'retry', reason: a.reason, response, retry_after_ms: RETRY_LATER_MS } : { kind: 'failed', reason: a.reason, response };
      });
    },
  };
}
