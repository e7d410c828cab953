// Microsoft Advertising offline conversions (Campaign Management v13, ApplyOfflineConversions, REST), as pure
// functions.
//   POST {MSADS_API_URL}/CampaignManagement/v13/OfflineConversions/Apply   {"OfflineConversions": [...]}, at most 1,000
//   headers: Authorization: Bearer <token>, DeveloperToken, CustomerId, CustomerAccountId
// OfflineConversion: ConversionName (the offline conversion goal), ConversionTime (UTC), MicrosoftClickId, and
// HashedEmailAddress (SHA-256 hex) for enhanced conversions. A 200 lists refused items in PartialErrors[] by Index;
// a refused request is an ApiFaultDetail / AdApiFaultDetail with OperationErrors[] / BatchErrors[] / Errors[].
// Checked against https://learn.microsoft.com/en-us/advertising/campaign-management-service/applyofflineconversions?view=bingads-13
// (header elements AuthenticationToken, CustomerAccountId, CustomerId, DeveloperToken; at most 1,000 per request; a
// duplicate MicrosoftClickId + ConversionTime is ignored, so a resend counts once) and .../offlineconversion?view=bingads-13.
import type { Millis } from '../../core/types.js';
import { hashEmail } from '../hash.js';
import { DAY_MS } from '../conversions/outcomes.js';
import { mayShareHashedEmail } from '../conversions/plan-upload.js';
import type { ConversionFacts } from '../conversions/types.js';

export const MSADS_DEFAULT_URL = 'https://campaign.api.bingads.microsoft.com';
export const MSADS_APPLY_PATH = '/CampaignManagement/v13/OfflineConversions/Apply';
export const MSADS_BATCH_LIMIT = 1000;
/** Microsoft takes offline conversions for clicks of the last 90 days at most (its longest conversion window). */
export const MSADS_CLICK_WINDOW_MS = 90 * DAY_MS;

export interface OfflineConversion {
  ConversionName: string;
  ConversionTime: string;
  MicrosoftClickId: string;
  HashedEmailAddress?: string;
}

/** UTC, to the second: "2026-08-04T10:15:00Z". */
export const msadsTime = (ms: Millis): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

export function offlineConversion(facts: ConversionFacts, conversionName: string): OfflineConversion {
  const conversion: OfflineConversion = { ConversionName: conversionName, ConversionTime: msadsTime(facts.converted_at), MicrosoftClickId: facts.click.value };
  if (facts.email !== null && mayShareHashedEmail(facts.touchpoint)) conversion.HashedEmailAddress = hashEmail(facts.email);
  return conversion;
}

export interface MsadsError { Code?: number; ErrorCode?: string; Message?: string; Index?: number; Details?: string }

const describe = (e: MsadsError): string => `${e.ErrorCode ?? 'Error'} ${e.Code ?? '?'}: ${e.Message ?? 'no message'}`;

/** PartialErrors of a 200, by the index of the conversion they refuse. */
export function partialErrors(body: unknown, n: number): Map<number, MsadsError[]> {
  const list = (body as { PartialErrors?: unknown } | null)?.PartialErrors;
  const byRow = new Map<number, MsadsError[]>();
  if (!Array.isArray(list)) return byRow;
  for (const e of list as MsadsError[]) {
    if (typeof e?.Index === 'number' && e.Index >= 0 && e.Index < n) byRow.set(e.Index, [...(byRow.get(e.Index) ?? []), e]);
  }
  return byRow;
}

export const describeAll = (errors: readonly MsadsError[]): string => errors.map(describe).join('; ');

/** Every error of a fault: OperationErrors, BatchErrors (ApiFaultDetail) and Errors (AdApiFaultDetail). */
export function faultErrors(body: unknown): MsadsError[] {
  const b = (body ?? {}) as { OperationErrors?: unknown; BatchErrors?: unknown; Errors?: unknown };
  return [b.OperationErrors, b.BatchErrors, b.Errors].flatMap((l) => (Array.isArray(l) ? (l as MsadsError[]) : []));
}

/** Faults that go away by waiting: the call rate limit and Microsoft's internal errors. */
const TRANSIENT_ERROR_CODES = new Set(['CallRateExceeded', 'InternalError']);
export const isTransientFault = (errors: readonly MsadsError[]): boolean =>
  errors.length > 0 && errors.every((e) => TRANSIENT_ERROR_CODES.has(e.ErrorCode ?? ''));
