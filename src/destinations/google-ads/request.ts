// Google Ads API click-conversion uploads, as pure functions: the request and the reading of its answer.
//   POST {GOOGLE_ADS_API_URL}/{version}/customers/{customerId}:uploadClickConversions
//   {"conversions": [ClickConversion...], "partialFailure": true}
// ClickConversion (REST, camelCase): conversionAction (resource name), conversionDateTime ("yyyy-mm-dd hh:mm:ss+|-hh:mm"),
// exactly one of gclid / gbraid / wbraid, userIdentifiers [{hashedEmail}] for enhanced conversions, consent.
// With partialFailure, the answer is 200 with results[] (an empty object where a row failed) and a
// partialFailureError whose details[].errors[] name the failed row in location.fieldPathElements (conversions[i]).
import type { Millis } from '../../core/types.js';
import { hashGoogleEmail } from '../hash.js';
import { mayShareHashedEmail } from '../conversions/plan-upload.js';
import { ageLimit, DAY_MS } from '../conversions/outcomes.js';
import type { ConversionFacts } from '../conversions/types.js';

export const GOOGLE_ADS_API_VERSION = 'v26';
export const GOOGLE_ADS_DEFAULT_URL = 'https://googleads.googleapis.com';
export const GOOGLE_OAUTH_DEFAULT_URL = 'https://oauth2.googleapis.com/token';
/** ConversionUploadError TOO_MANY_CONVERSIONS_IN_REQUEST: "Upload fewer than 2001 events in a single request". */
export const GOOGLE_BATCH_LIMIT = 2000;
/** In the order one is chosen when a touchpoint carries several: Google takes exactly one per conversion. */
export const GOOGLE_CLICK_TYPES = ['gclid', 'gbraid', 'wbraid'] as const;
/**
 * Google already has this conversion (same click and time): an earlier send went through but its answer was not
 * recorded (a crash, a timeout). It counts as sent.
 */
const ALREADY_THERE_CODE = 'CLICK_CONVERSION_ALREADY_EXISTS';
/** Per-row errors that go away by waiting (a click or a conversion action less than 6 hours old). */
const RETRY_LATER_CODES = new Set(['TOO_RECENT_EVENT', 'TOO_RECENT_CONVERSION_ACTION']);
export const RETRY_LATER_MS = 6 * 3_600_000;
/** Google Ads takes clicks of the longest click-through window a conversion action can have (90 days), whichever API carries them. */
export const googleClickTooOld = ageLimit('click_at', 90 * DAY_MS, 'click older than 90 days at upload time (the longest Google Ads click-through window)');

export interface ClickConversion {
  conversionAction: string;
  conversionDateTime: string;
  gclid?: string;
  gbraid?: string;
  wbraid?: string;
  userIdentifiers?: Array<{ hashedEmail: string }>;
  consent?: { adUserData: 'GRANTED' };
  conversionValue?: number;
  currencyCode?: string;
}

/** What each conversion is worth (GOOGLE_ADS_CONVERSION_VALUE and _CURRENCY); without it the action's default value counts. */
export interface ConversionValue { value: number; currency: string }

/** Customer ids are configured as 123-456-7890 or 1234567890; the API wants the digits. */
export const digitsOnly = (id: string): string => id.replace(/-/g, '');

/** GOOGLE_ADS_CONVERSION_ACTION as a resource name: a bare id is the customer's conversion action. */
export function conversionActionResource(customerId: string, action: string): string {
  return /^\d+$/.test(action) ? `customers/${digitsOnly(customerId)}/conversionActions/${action}` : action;
}

/** "yyyy-mm-dd hh:mm:ss+hh:mm", in UTC (+00:00). */
export function googleDateTime(ms: Millis): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}+00:00`;
}

export function clickConversion(facts: ConversionFacts, conversionAction: string, worth: ConversionValue | null = null): ClickConversion {
  const conversion: ClickConversion = { conversionAction, conversionDateTime: googleDateTime(facts.converted_at) };
  const type = facts.click.type as (typeof GOOGLE_CLICK_TYPES)[number];
  conversion[type] = facts.click.value;
  // Enhanced conversions with the hashed email go with gclid uploads only: gbraid/wbraid clicks come from iOS
  // traffic measured without user-level identifiers.
  if (facts.click.type === 'gclid' && facts.email !== null && mayShareHashedEmail(facts.touchpoint)) {
    conversion.userIdentifiers = [{ hashedEmail: hashGoogleEmail(facts.email) }];
  }
  if (worth !== null) Object.assign(conversion, { conversionValue: worth.value, currencyCode: worth.currency });
  // Google's EU user consent signal: granted when the visitor said yes; unspecified (absent) when never asked.
  if (facts.touchpoint.ads_consent === true) conversion.consent = { adUserData: 'GRANTED' };
  return conversion;
}

export const uploadPath = (version: string, customerId: string): string =>
  `/${version}/customers/${digitsOnly(customerId)}:uploadClickConversions`;

export const uploadBody = (conversions: readonly unknown[]) => ({ conversions, partialFailure: true });

interface GoogleAdsError { errorCode?: Record<string, string>; message?: string; location?: { fieldPathElements?: Array<{ fieldName?: string; index?: number }> } }

function errorsOf(status: unknown): GoogleAdsError[] {
  const details = (status as { details?: unknown } | null)?.details;
  if (!Array.isArray(details)) return [];
  return details.flatMap((d) => (Array.isArray((d as { errors?: unknown }).errors) ? (d as { errors: GoogleAdsError[] }).errors : []));
}

const codeOf = (e: GoogleAdsError): string => Object.values(e.errorCode ?? {})[0] ?? 'UNKNOWN';
/**
 * Google's announcement of 2026-05-15: from 2026-06-15 UploadClickConversions refuses accounts that were not already
 * uploading with this error; they must go through the Data Manager API, the default (GOOGLE_ADS_UPLOAD_API unset).
 */
const NOT_ALLOWLISTED_CODE = 'CUSTOMER_NOT_ALLOWLISTED_FOR_THIS_FEATURE';
const describe = (e: GoogleAdsError): string => `${codeOf(e)}: ${e.message ?? 'no message'}${codeOf(e) === NOT_ALLOWLISTED_CODE
  ? ' (use the Data Manager API: unset GOOGLE_ADS_UPLOAD_API)' : ''}`;

export type RowAnswer = { ok: true; result: unknown } | { ok: false; reason: string; retryLater: boolean; error: unknown };

/** One answer per conversion of the request, from a 200's results[] and partialFailureError. */
export function rowAnswers(body: unknown, n: number): RowAnswer[] {
  const results = Array.isArray((body as { results?: unknown }).results) ? (body as { results: unknown[] }).results : [];
  const failure = (body as { partialFailureError?: { message?: string } }).partialFailureError;
  const byRow = new Map<number, GoogleAdsError[]>();
  let unplaced = false;
  for (const e of errorsOf(failure)) {
    const index = e.location?.fieldPathElements?.find((p) => p.fieldName === 'conversions')?.index;
    if (typeof index === 'number' && index >= 0 && index < n) byRow.set(index, [...(byRow.get(index) ?? []), e]);
    else unplaced = true;
  }
  return Array.from({ length: n }, (_, i): RowAnswer => {
    const errors = byRow.get(i);
    if (errors && errors.every((e) => codeOf(e) === ALREADY_THERE_CODE)) return { ok: true, result: { already_uploaded: errors } };
    if (errors) {
      return { ok: false, reason: errors.map(describe).join('; '), retryLater: errors.every((e) => RETRY_LATER_CODES.has(codeOf(e))), error: errors };
    }
    const result = results[i];
    const empty = result === undefined || result === null || (typeof result === 'object' && Object.keys(result).length === 0);
    // A failure Google could not place on a row leaves the rows it did not accept (empty results) unexplained.
    if (failure && unplaced && empty) return { ok: false, reason: `partial failure: ${failure.message ?? 'no message'}`, retryLater: false, error: failure };
    return { ok: true, result: result ?? null };
  });
}

/** The reason a refused request gives: Google's status and first error code, e.g. "INVALID_ARGUMENT: requestError ...". */
export function requestErrorReason(body: unknown, fallback: string): string {
  const error = (body as { error?: { status?: string; message?: string } } | null)?.error;
  if (!error || typeof error !== 'object') return fallback;
  const first = errorsOf(error)[0];
  return `${error.status ?? 'ERROR'}: ${first ? describe(first) : error.message ?? fallback}`;
}
