// Google Ads offline click conversions through Google's Data Manager API (IngestionService, events ingest), as pure
// functions: the event, the request around it, the checks made before sending, and the reading of a refusal.
//   POST {GOOGLE_DATA_MANAGER_API_URL}/v1/events:ingest   (default https://datamanager.googleapis.com)
//   Authorization: Bearer <an access token granted https://www.googleapis.com/auth/datamanager>. No developer token
//   and no login-customer-id header: the accounts travel in the body's destinations [mapping].
// Where each rule comes from:
//   [ingest]  https://developers.google.com/data-manager/api/reference/rest/v1/events/ingest
//   [proto]   googleapis/googleapis, google/ads/datamanager/v1/ (ingestion_service, event, destination, user_data,
//             consent, error .proto): the field names, which are required, and the enums
//   [send]    https://developers.google.com/data-manager/api/devguides/events/google-ads/offline/send-events
//   [mapping] https://developers.google.com/data-manager/api/devguides/events/google-ads/offline/upgrade/field-mappings
//   [format]  https://developers.google.com/data-manager/api/devguides/concepts/formatting
//   [limits]  https://developers.google.com/data-manager/api/devguides/limits
//   [errors]  https://developers.google.com/data-manager/api/devguides/concepts/understand-errors
//   [rpc]     googleapis/googleapis, google/rpc/error_details.proto (BadRequest.FieldViolation.field)
import type { Millis } from '../../core/types.js';
import { hashGoogleEmail } from '../hash.js';
import { companyEventId, mayShareHashedEmail } from '../conversions/plan-upload.js';
import type { ConversionFacts } from '../conversions/types.js';
import { digitsOnly, GOOGLE_CLICK_TYPES, type ConversionValue } from '../google-ads/request.js';

export const DATA_MANAGER_DEFAULT_URL = 'https://datamanager.googleapis.com';
/** [ingest] "POST https://datamanager.googleapis.com/v1/events:ingest"; CONTRACT section 8: this path below the override. */
export const INGEST_PATH = '/v1/events:ingest';
/** [ingest] "At most 2000 Event resources can be sent in a single request"; [limits] IngestEventsRequest: 2,000 events. */
export const DATA_MANAGER_BATCH_LIMIT = 2000;

type ClickType = (typeof GOOGLE_CLICK_TYPES)[number];
export type ConsentStatus = 'CONSENT_GRANTED' | 'CONSENT_DENIED';

/** [proto] ProductAccount: account_id required; account_type GOOGLE_ADS ([send]: "Set accountType to GOOGLE_ADS"). */
export interface ProductAccount { accountType: 'GOOGLE_ADS'; accountId: string }

/** [proto] Destination: operating_account and product_destination_id required, login_account optional. */
export interface Destination { operatingAccount: ProductAccount; loginAccount?: ProductAccount; productDestinationId: string }

/** [proto] Event, the fields this upload uses. */
export interface IngestEvent {
  /** [proto] "The unique identifier for this event"; [mapping] the Google Ads API's order_id: Google's deduplication key. */
  transactionId: string;
  /** [proto] Required; a google.protobuf.Timestamp, in JSON an RFC 3339 string in UTC. */
  eventTimestamp: string;
  /** [proto] AdIdentifiers gclid / gbraid / wbraid: one, the click the conversion is credited to. */
  adIdentifiers: Partial<Record<ClickType, string>>;
  /** [proto] UserData: SHA-256 of the normalised email [format], hex (the request's encoding). */
  userData?: { userIdentifiers: Array<{ emailAddress: string }> };
  /** [proto] Consent: the visitor's DMA consent, per event (it overrides the request's). */
  consent?: { adUserData: ConsentStatus; adPersonalization: ConsentStatus };
  conversionValue?: number;
  /** [proto] "The currency code associated with all monetary values within this event." (ISO 4217) */
  currency?: string;
}

export interface IngestEventsRequest {
  destinations: Destination[];
  events: readonly unknown[];
  /** [ingest] "Required for UserData uploads. The encoding type of the user identifiers." */
  encoding: 'HEX';
  /** [ingest] "If true, the request is validated but not executed. Only errors are returned, not results." */
  validateOnly?: boolean;
}

/**
 * GOOGLE_ADS_CONVERSION_ACTION as the Data Manager API wants it: the numeric id of the conversion action, not its
 * resource name ([send]: productDestinationId "The ID of the Google Ads conversion action in the operatingAccount";
 * [mapping]: the conversion_action resource name maps to product_destination_id, its id).
 */
export function conversionActionId(action: string): string {
  const m = /^customers\/\d+\/conversionActions\/(\d+)$/.exec(action);
  return m ? m[1]! : action;
}

/**
 * [send], Advertiser tab: operatingAccount is "the Google Ads account that owns the conversion action", its accountId
 * the 10-digit customer ID without hyphens; loginAccount "the account where the credential's Google Account is a
 * user" (the manager account, GOOGLE_ADS_LOGIN_CUSTOMER_ID), only when it is another account.
 */
export function googleAdsDestination(customerId: string, loginCustomerId: string | null, conversionAction: string): Destination {
  const account = (id: string): ProductAccount => ({ accountType: 'GOOGLE_ADS', accountId: digitsOnly(id) });
  return {
    operatingAccount: account(customerId),
    ...(loginCustomerId && { loginAccount: account(loginCustomerId) }),
    productDestinationId: conversionActionId(conversionAction),
  };
}

/** RFC 3339 in UTC with milliseconds, e.g. "2026-03-01T10:04:05.678Z" (protobuf's JSON form of a Timestamp). */
export const dataManagerTimestamp = (ms: Millis): string => new Date(ms).toISOString();

export function ingestEvent(facts: ConversionFacts, worth: ConversionValue | null = null): IngestEvent {
  const t = facts.touchpoint;
  const event: IngestEvent = {
    transactionId: companyEventId(facts.company_id),
    eventTimestamp: dataManagerTimestamp(facts.converted_at),
    adIdentifiers: { [facts.click.type as ClickType]: facts.click.value },
  };
  // The hashed email goes with gclid clicks only, as on the Google Ads API path: gbraid/wbraid clicks come from iOS
  // traffic measured without user-level identifiers.
  if (facts.click.type === 'gclid' && facts.email !== null && mayShareHashedEmail(t)) {
    event.userData = { userIdentifiers: [{ emailAddress: hashGoogleEmail(facts.email) }] };
  }
  // The session's ads consent: a yes grants both signals; never asked leaves them unspecified (absent). A no never
  // gets here: planUpload skips the row.
  if (t.ads_consent === true) event.consent = { adUserData: 'CONSENT_GRANTED', adPersonalization: 'CONSENT_GRANTED' };
  if (worth !== null) Object.assign(event, { conversionValue: worth.value, currency: worth.currency });
  // eventSource is left out: optional in [proto], and the conversion (a company created) has no single place it
  // happened that the enum names.
  return event;
}

export const ingestBody = (destination: Destination, events: readonly unknown[], validateOnly: boolean): IngestEventsRequest =>
  ({ destinations: [destination], events, encoding: 'HEX', ...(validateOnly && { validateOnly: true }) });

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Why Google would refuse this event, checked before sending: under the fast-fail model one bad event fails the whole
 * request [errors], so one that is known to be bad is failed here instead. Also catches a row recorded for the
 * Google Ads API (GOOGLE_ADS_UPLOAD_API=google_ads) and delivered after switching to the Data Manager API.
 */
export function eventProblem(request: unknown): string | null {
  const e = request as Partial<IngestEvent> | null;
  if (e === null || typeof e !== 'object') return 'not an event';
  if ('conversionDateTime' in e) return 'recorded for the Google Ads API (GOOGLE_ADS_UPLOAD_API=google_ads): a Data Manager event cannot be made of it';
  if (typeof e.eventTimestamp !== 'string' || !RFC3339.test(e.eventTimestamp)) return 'eventTimestamp is not an RFC 3339 timestamp';
  if (typeof e.transactionId !== 'string' || e.transactionId === '') return 'transactionId is missing';
  const clicks = GOOGLE_CLICK_TYPES.filter((k) => typeof e.adIdentifiers?.[k] === 'string' && e.adIdentifiers[k] !== '');
  if (clicks.length !== 1) return 'adIdentifiers must carry exactly one of gclid, gbraid and wbraid';
  return null;
}

/** [rpc] google.rpc.BadRequest's field violation; `field` is a path such as "events[3].adIdentifiers.gclid". */
export interface FieldViolation { field?: string; description?: string; reason?: string }
interface GoogleError { code?: number; status?: string; message?: string; details?: Array<Record<string, unknown>> }

const errorOf = (body: unknown): GoogleError | null => {
  const e = (body as { error?: unknown } | null)?.error;
  return e !== null && typeof e === 'object' ? (e as GoogleError) : null;
};

const detailsOf = (body: unknown, type: string) =>
  (errorOf(body)?.details ?? []).filter((d) => typeof d?.['@type'] === 'string' && (d['@type'] as string).endsWith(type));

/** [errors] every detail payload of the error: BadRequest's field violations. */
export function fieldViolations(body: unknown): FieldViolation[] {
  return detailsOf(body, 'google.rpc.BadRequest').flatMap((d) => (Array.isArray(d.fieldViolations) ? (d.fieldViolations as FieldViolation[]) : []));
}

/** The violations that name an event of the request (events[i]...), by that event's index. */
export function violationsByEvent(violations: readonly FieldViolation[], n: number): Map<number, FieldViolation[]> {
  const byEvent = new Map<number, FieldViolation[]>();
  for (const v of violations) {
    const m = /^events\[(\d+)\]/.exec(v.field ?? '');
    const i = m ? Number(m[1]) : -1;
    if (i >= 0 && i < n) byEvent.set(i, [...(byEvent.get(i) ?? []), v]);
  }
  return byEvent;
}

export const describeViolations = (violations: readonly FieldViolation[]): string =>
  violations.map((v) => `${v.reason ?? 'INVALID_ARGUMENT'} at ${v.field ?? '?'}: ${v.description ?? 'no description'}`).join('; ');

/**
 * The reason a refused request gives: Google's status, ErrorInfo's reason when there is one (e.g.
 * "PERMISSION_DENIED (ACCESS_TOKEN_SCOPE_INSUFFICIENT): Request had insufficient authentication scopes."), and the
 * field violations.
 */
export function dataManagerErrorReason(body: unknown, fallback: string): string {
  const error = errorOf(body);
  if (error === null) return fallback;
  const info = detailsOf(body, 'google.rpc.ErrorInfo')[0]?.reason;
  const head = `${error.status ?? `HTTP ${error.code ?? '?'}`}${typeof info === 'string' && info !== error.status ? ` (${info})` : ''}`;
  const violations = fieldViolations(body);
  return `${head}: ${error.message ?? fallback}${violations.length > 0 ? ` [${describeViolations(violations)}]` : ''}`;
}
