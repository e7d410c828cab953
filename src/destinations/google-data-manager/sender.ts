// The Data Manager API client of the conversion deliverer: one events:ingest call per batch, with the OAuth bearer
// token (Data Manager scope) and nothing else in the headers. The API fails fast: a request with one event it refuses
// is refused whole and none of it is processed ([errors] in request.ts). So a bad event must not take the good ones
// with it: events known to be bad are failed before sending, and when Google names the refused events
// (BadRequest field violations events[i]...) those fail and the rest are sent again at once; a refusal that names no
// event is handed back for the deliverer to split row by row. In dry run the same batches go with validateOnly.
import { postJson, type Fetch } from '../delivery.js';
import type { Millis } from '../../core/types.js';
import { joinUrl, wholeBatch } from '../conversions/outcomes.js';
import type { PlatformSender, RowOutcome } from '../conversions/types.js';
import { callWithToken, type TokenSource } from '../google-ads/oauth.js';
import { googleClickTooOld } from '../google-ads/request.js';
import {
  DATA_MANAGER_BATCH_LIMIT, dataManagerErrorReason, describeViolations, eventProblem, fieldViolations, ingestBody,
  INGEST_PATH, violationsByEvent, type Destination,
} from './request.js';

export interface DataManagerSenderSettings {
  baseUrl: string;
  destination: Destination;
  token: TokenSource;
  fetch: Fetch;
  timeoutMs?: number;
  /** The wall clock, for the token's expiry. */
  now?: () => Millis;
}

export function createDataManagerSender(s: DataManagerSenderSettings): PlatformSender {
  const url = joinUrl(s.baseUrl, INGEST_PATH);
  const now = s.now ?? Date.now;

  const ingest = async (requests: readonly unknown[], validateOnly: boolean): Promise<RowOutcome[]> => {
    const outcomes: RowOutcome[] = new Array(requests.length);
    let pending: number[] = [];
    requests.forEach((r, i) => {
      const problem = eventProblem(r);
      if (problem === null) pending.push(i);
      else outcomes[i] = { kind: 'failed', reason: `not sent: ${problem}`, response: null };
    });
    // Each round either settles every pending event or fails at least one of them, so it ends.
    while (pending.length > 0) {
      const events = pending.map((i) => requests[i]);
      const answer = await callWithToken(s.token, now(), (token) =>
        postJson(s.fetch, url, { authorization: `Bearer ${token}` }, ingestBody(s.destination, events, validateOnly), s.timeoutMs));
      const settle = (each: readonly RowOutcome[]) => pending.forEach((i, j) => { outcomes[i] = each[j]!; });
      if (!answer.ok) { settle(wholeBatch(answer.failure, pending.length, answer.reason)); break; }
      const call = answer.call;
      if (call.ok) {
        const requestId = (call.body as { requestId?: unknown } | null)?.requestId ?? null;
        settle(pending.map(() => ({ kind: 'sent', response: { status: call.status, requestId, ...(validateOnly && { validateOnly }) } })));
        break;
      }
      const violations = call.status === 400 ? fieldViolations(call.body) : [];
      const refused = violationsByEvent(violations, pending.length);
      if (refused.size === 0) {
        // Violations of the request itself (its destination) concern every event alike; a 400 without any may
        // still be one event's doing, so the deliverer splits the batch to find it.
        settle(wholeBatch(call, pending.length, dataManagerErrorReason(call.body, call.error), call.status === 400 && violations.length === 0));
        break;
      }
      for (const [j, v] of refused) outcomes[pending[j]!] = { kind: 'failed', reason: describeViolations(v), response: { status: call.status, violations: v } };
      pending = pending.filter((_, j) => !refused.has(j));
    }
    return outcomes;
  };

  return {
    platform: 'google_ads',
    batch_size: DATA_MANAGER_BATCH_LIMIT,
    tooOld: googleClickTooOld,
    send: (requests) => ingest(requests, false),
    validate: (requests) => ingest(requests, true),
  };
}
