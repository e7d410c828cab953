// The Microsoft Advertising HTTP client of the conversion deliverer: one ApplyOfflineConversions call per batch, its
// PartialErrors mapped back to their rows.
import { postJson, type Fetch } from '../delivery.js';
import { ageLimit, joinUrl, wholeBatch } from '../conversions/outcomes.js';
import type { PlatformSender, RowOutcome } from '../conversions/types.js';
import { describeAll, faultErrors, isTransientFault, MSADS_APPLY_PATH, MSADS_BATCH_LIMIT, MSADS_CLICK_WINDOW_MS, partialErrors } from './request.js';

export interface MsadsSenderSettings {
  baseUrl: string;
  developerToken: string;
  accessToken: string;
  customerId: string;
  accountId: string;
  fetch: Fetch;
  timeoutMs?: number;
}

export function createMsadsSender(s: MsadsSenderSettings): PlatformSender {
  const url = joinUrl(s.baseUrl, MSADS_APPLY_PATH);
  return {
    platform: 'microsoft_ads',
    batch_size: MSADS_BATCH_LIMIT,
    tooOld: ageLimit('click_at', MSADS_CLICK_WINDOW_MS, 'msclkid click older than 90 days at upload time (Microsoft Advertising\'s window)'),
    async send(requests): Promise<RowOutcome[]> {
      const call = await postJson(s.fetch, url, {
        // Microsoft's quick start passes the OAuth access token in the AuthenticationToken header; REST clients
        // also send it as a bearer token. Both carry the same token, so either reading finds it.
        authorization: `Bearer ${s.accessToken}`,
        AuthenticationToken: s.accessToken,
        DeveloperToken: s.developerToken,
        CustomerId: s.customerId,
        CustomerAccountId: s.accountId,
      }, { OfflineConversions: requests }, s.timeoutMs);
      if (!call.ok) {
        const errors = faultErrors(call.body);
        const reason = errors.length > 0 ? describeAll(errors) : call.error;
        if (isTransientFault(errors)) return wholeBatch({ ...call, retryable: true }, requests.length, reason);
        // A fault naming items (BatchErrors) refused the request for some rows: find them one by one.
        const namesItems = errors.some((e) => typeof e.Index === 'number');
        return wholeBatch(call, requests.length, reason, call.status === 400 && namesItems);
      }
      const refused = partialErrors(call.body, requests.length);
      return requests.map((_, i): RowOutcome => {
        const errors = refused.get(i);
        return errors
          ? { kind: 'failed', reason: describeAll(errors), response: { status: call.status, errors } }
          : { kind: 'sent', response: { status: call.status } };
      });
    },
  };
}
