// Google's Data Manager API, POST /v1/events:ingest, checking requests the way its documentation describes (the
// sources are cited in src/destinations/google-data-manager/request.ts): a bearer token granted the datamanager scope
// (403 ACCESS_TOKEN_SCOPE_INSUFFICIENT otherwise), unknown fields refused, 1 to 10 destinations with a GOOGLE_ADS
// operating account of this customer (10 digits, no hyphens), an optional login account (the manager), the numeric
// conversion action id; 1 to 2,000 events, each with an RFC 3339 eventTimestamp, exactly one of gclid / gbraid /
// wbraid (the Google Ads rule: GBRAID_WBRAID_BOTH_SET), at most 10 user identifiers each holding exactly one of
// emailAddress / phoneNumber / address, hashed per the request's encoding (required with user data), consent enums,
// an ISO 4217 currency. Fast fail, as the real API: any violation refuses the whole request (400 INVALID_ARGUMENT
// with ErrorInfo and BadRequest field violations naming events[i]) and nothing of it is ingested. validateOnly checks
// and ingests nothing. Google deduplicates by transactionId: `conversions` holds one per id, `ingested` every event.
import { FakeApi, isSha256Hex, parseJson, type Answer, type RecordedRequest } from './fake-api.js';
import { createFakeGoogleOAuth, DATAMANAGER_SCOPE, GOOGLE_OAUTH_CLIENT, type FakeGoogleOAuth } from './google-oauth.js';

export interface FakeDataManager {
  api: FakeApi;
  /** Every event of every executed (not validate-only) request, duplicates included. */
  ingested: any[];
  /** The conversions Google keeps: one per transactionId. */
  conversions(): any[];
  /** Events checked with validateOnly (checked, not ingested). */
  validated: any[];
  /** Clicks this fake refuses as malformed (INVALID_FORMAT at events[i].adIdentifiers.<type>). */
  malformedClicks: Set<string>;
  /** Ingest the next executed request, then answer 503 as if the answer were lost on the way back. */
  loseNextAnswer: boolean;
  oauth: FakeGoogleOAuth;
  /** The Google destination on its default API (no developer token), pointed at this fake and its token endpoint. */
  env: Record<string, string>;
}

export const DATA_MANAGER_CREDENTIALS = {
  GOOGLE_ADS_CUSTOMER_ID: '123-456-7890', GOOGLE_ADS_CONVERSION_ACTION: '987654', ...GOOGLE_OAUTH_CLIENT,
  GOOGLE_ADS_LOGIN_CUSTOMER_ID: '111-222-3333',
};
const CUSTOMER = '1234567890';
const LOGIN_CUSTOMER = '1112223333';
const CONVERSION_ACTION_ID = '987654';

const REQUEST_FIELDS = new Set(['destinations', 'events', 'consent', 'validateOnly', 'encoding', 'encryptionInfo']);
const DESTINATION_FIELDS = new Set(['reference', 'loginAccount', 'linkedAccount', 'operatingAccount', 'productDestinationId']);
const ACCOUNT_FIELDS = new Set(['product', 'accountId', 'accountType']);
const ACCOUNT_TYPES = new Set(['GOOGLE_ADS', 'DISPLAY_VIDEO_PARTNER', 'DISPLAY_VIDEO_ADVERTISER', 'DATA_PARTNER']);
const EVENT_FIELDS = new Set(['destinationReferences', 'transactionId', 'eventTimestamp', 'lastUpdatedTimestamp', 'userData', 'consent',
  'adIdentifiers', 'currency', 'conversionValue', 'eventSource', 'eventDeviceInfo', 'cartData', 'customVariables', 'experimentalFields', 'userProperties']);
const AD_ID_FIELDS = new Set(['sessionAttributes', 'gclid', 'gbraid', 'wbraid', 'landingPageDeviceInfo']);
const CONSENT_FIELDS = new Set(['adUserData', 'adPersonalization']);
const CONSENT_VALUES = new Set(['CONSENT_STATUS_UNSPECIFIED', 'CONSENT_GRANTED', 'CONSENT_DENIED']);
const EVENT_SOURCES = new Set(['WEB', 'APP', 'IN_STORE', 'PHONE', 'OTHER']);
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

interface Violation { field: string; description: string; reason: string }

const googleError = (status: number, code: string, message: string, reason: string, violations: Violation[] = [], domain = 'datamanager.googleapis.com'): Answer => ({
  status,
  body: { error: { code: status, message, status: code, details: [
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain, metadata: {} },
    ...(violations.length > 0 ? [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: violations }] : []),
  ] } },
});

const isObject = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const unknownField = (o: Record<string, unknown>, known: Set<string>): string | undefined => Object.keys(o).find((k) => !known.has(k));

function hashed(value: unknown, encoding: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (encoding === 'HEX') return isSha256Hex(value.toLowerCase());
  if (encoding === 'BASE64') return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32;
  return false;
}

function consentViolations(c: unknown, at: string): Violation[] {
  if (c === undefined) return [];
  if (!isObject(c) || unknownField(c, CONSENT_FIELDS)) return [{ field: at, description: 'Invalid consent.', reason: 'INVALID_ARGUMENT' }];
  return Object.entries(c).filter(([, v]) => !CONSENT_VALUES.has(v as string))
    .map(([k]) => ({ field: `${at}.${k}`, description: 'Invalid value for ConsentStatus.', reason: 'INVALID_ENUM_VALUE' }));
}

function accountViolations(a: unknown, at: string, expected: string): Violation[] {
  if (!isObject(a) || unknownField(a, ACCOUNT_FIELDS)) return [{ field: at, description: 'Invalid account.', reason: 'INVALID_ARGUMENT' }];
  if (!ACCOUNT_TYPES.has(a.accountType)) return [{ field: `${at}.accountType`, description: 'accountType is required.', reason: 'REQUIRED_FIELD_MISSING' }];
  if (typeof a.accountId !== 'string' || !/^\d{10}$/.test(a.accountId)) return [{ field: `${at}.accountId`, description: 'The account ID must be 10 digits without hyphens.', reason: 'INVALID_FORMAT' }];
  if (a.accountId !== expected) return [{ field: `${at}.accountId`, description: 'The caller does not have permission on this account.', reason: 'PERMISSION_DENIED' }];
  return [];
}

function destinationViolations(d: unknown, i: number): Violation[] {
  const at = `destinations[${i}]`;
  if (!isObject(d) || unknownField(d, DESTINATION_FIELDS)) return [{ field: at, description: 'Invalid destination.', reason: 'INVALID_DESTINATION' }];
  const out = accountViolations(d.operatingAccount, `${at}.operatingAccount`, CUSTOMER);
  if (d.loginAccount !== undefined) out.push(...accountViolations(d.loginAccount, `${at}.loginAccount`, LOGIN_CUSTOMER));
  if (typeof d.productDestinationId !== 'string' || d.productDestinationId === '') {
    out.push({ field: `${at}.productDestinationId`, description: 'productDestinationId is required.', reason: 'REQUIRED_FIELD_MISSING' });
  } else if (d.productDestinationId !== CONVERSION_ACTION_ID) {
    out.push({ field: `${at}.productDestinationId`, description: 'Conversion action ID is not valid.', reason: 'INVALID_CONVERSION_ACTION_ID' });
  }
  return out;
}

export async function startFakeDataManager(oauth: FakeGoogleOAuth = createFakeGoogleOAuth()): Promise<FakeDataManager> {
  const fake: FakeDataManager = {
    api: null as unknown as FakeApi, ingested: [], validated: [], malformedClicks: new Set(), loseNextAnswer: false, oauth, env: {},
    conversions: () => [...new Map(fake.ingested.map((e) => [e.transactionId ?? JSON.stringify(e), e])).values()],
  };

  const eventViolations = (e: unknown, i: number, encoding: unknown): Violation[] => {
    const at = `events[${i}]`;
    const v = (field: string, description: string, reason: string): Violation => ({ field: `${at}${field}`, description, reason });
    if (!isObject(e)) return [v('', 'This event is not valid.', 'INVALID_EVENT')];
    const unknown = unknownField(e, EVENT_FIELDS);
    if (unknown) return [v(`.${unknown}`, `Unknown name "${unknown}": Cannot find field.`, 'INVALID_ARGUMENT')];
    const out: Violation[] = [];
    if (e.eventTimestamp === undefined) out.push(v('.eventTimestamp', 'Required field is missing.', 'REQUIRED_FIELD_MISSING'));
    else if (typeof e.eventTimestamp !== 'string' || !RFC3339.test(e.eventTimestamp) || Number.isNaN(Date.parse(e.eventTimestamp))) {
      out.push(v('.eventTimestamp', 'Invalid value at timestamp: not an RFC 3339 date-time.', 'INVALID_FORMAT'));
    }
    if (e.transactionId !== undefined && (typeof e.transactionId !== 'string' || e.transactionId === '')) out.push(v('.transactionId', 'Invalid transaction ID.', 'INVALID_FORMAT'));
    const ads = e.adIdentifiers;
    const clicks = isObject(ads) ? ['gclid', 'gbraid', 'wbraid'].filter((k) => ads[k] !== undefined) : [];
    if (ads !== undefined) {
      if (!isObject(ads) || unknownField(ads, AD_ID_FIELDS)) out.push(v('.adIdentifiers', 'Invalid ad identifiers.', 'INVALID_ARGUMENT'));
      else if (clicks.length > 1) out.push(v('.adIdentifiers', 'Only one of gclid, gbraid and wbraid may be set.', 'INVALID_ARGUMENT'));
      for (const k of clicks) {
        if (typeof ads[k] !== 'string' || ads[k] === '' || fake.malformedClicks.has(ads[k])) out.push(v(`.adIdentifiers.${k}`, `The ${k} is malformed.`, 'INVALID_FORMAT'));
      }
    }
    const ids = e.userData?.userIdentifiers;
    if (e.userData !== undefined) {
      if (!Array.isArray(ids) || ids.length === 0) out.push(v('.userData.userIdentifiers', 'At least one identifier is required.', 'REQUIRED_FIELD_MISSING'));
      else if (ids.length > 10) out.push(v('.userData.userIdentifiers', 'Maximum number of user identifiers allowed is 10.', 'TOO_MANY_USER_IDENTIFIERS'));
      else {
        const encoded = encoding === 'HEX' || encoding === 'BASE64';
        if (!encoded) out.push(v('.userData', 'encoding is required for UserData uploads.', 'REQUIRED_FIELD_MISSING'));
        ids.forEach((id: unknown, j: number) => {
          const keys = isObject(id) ? Object.keys(id).filter((k) => ['emailAddress', 'phoneNumber', 'address'].includes(k)) : [];
          if (!isObject(id) || keys.length !== 1 || Object.keys(id).length !== 1) {
            out.push(v(`.userData.userIdentifiers[${j}]`, 'Exactly one of emailAddress, phoneNumber and address must be set.', 'INVALID_ARGUMENT'));
          } else if (encoded && keys[0] !== 'address' && !hashed(id[keys[0]!], encoding)) {
            out.push(v(`.userData.userIdentifiers[${j}].${keys[0]}`, 'The SHA256 encoded value is malformed.', 'INVALID_SHA256_FORMAT'));
          }
        });
      }
    }
    if (clicks.length === 0 && !Array.isArray(ids)) out.push(v('', 'Events data contains no user identifiers or ad identifiers.', 'NO_IDENTIFIERS_PROVIDED'));
    out.push(...consentViolations(e.consent, `${at}.consent`));
    if (e.currency !== undefined && (typeof e.currency !== 'string' || !/^[A-Z]{3}$/.test(e.currency))) out.push(v('.currency', 'The currency code is not supported.', 'INVALID_CURRENCY_CODE'));
    if (e.conversionValue !== undefined && (typeof e.conversionValue !== 'number' || !(e.conversionValue >= 0))) out.push(v('.conversionValue', 'Invalid number format.', 'INVALID_NUMBER_FORMAT'));
    if (e.eventSource !== undefined && !EVENT_SOURCES.has(e.eventSource)) out.push(v('.eventSource', 'Enum value cannot be used.', 'INVALID_ENUM_VALUE'));
    return out;
  };

  const ingest = (r: RecordedRequest): Answer => {
    if (r.path !== '/v1/events:ingest' || r.method !== 'POST') return googleError(404, 'NOT_FOUND', `The requested URL ${r.path} was not found.`, 'NOT_FOUND');
    const scopes = oauth.scopesOf(r);
    if (scopes === null) return googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token.', 'ACCESS_TOKEN_TYPE_UNSUPPORTED', [], 'googleapis.com');
    if (!scopes.includes(DATAMANAGER_SCOPE)) return googleError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', [], 'googleapis.com');
    const parsed = parseJson(r.body);
    if (!parsed.ok || !isObject(parsed.value)) return googleError(400, 'INVALID_ARGUMENT', `Invalid JSON payload received. ${parsed.ok ? 'Expected an object.' : parsed.error}`, 'INVALID_ARGUMENT');
    const body = parsed.value;
    const unknown = unknownField(body, REQUEST_FIELDS);
    if (unknown) return googleError(400, 'INVALID_ARGUMENT', `Invalid JSON payload received. Unknown name "${unknown}": Cannot find field.`, 'INVALID_ARGUMENT');
    const violations: Violation[] = [];
    if (!Array.isArray(body.destinations) || body.destinations.length === 0) violations.push({ field: 'destinations', description: 'Required field is missing.', reason: 'REQUIRED_FIELD_MISSING' });
    else if (body.destinations.length > 10) violations.push({ field: 'destinations', description: 'Maximum number of destinations allowed per request is 10.', reason: 'TOO_MANY_DESTINATIONS' });
    else body.destinations.forEach((d: unknown, i: number) => violations.push(...destinationViolations(d, i)));
    if (!Array.isArray(body.events) || body.events.length === 0) violations.push({ field: 'events', description: 'Required field is missing.', reason: 'REQUIRED_FIELD_MISSING' });
    else if (body.events.length > 2000) violations.push({ field: 'events', description: 'At most 2000 events can be sent in a single request.', reason: 'TOO_MANY_EVENTS' });
    else body.events.forEach((e: unknown, i: number) => violations.push(...eventViolations(e, i, body.encoding)));
    if (body.encoding !== undefined && body.encoding !== 'HEX' && body.encoding !== 'BASE64') violations.push({ field: 'encoding', description: 'Enum value cannot be used.', reason: 'INVALID_ENUM_VALUE' });
    violations.push(...consentViolations(body.consent, 'consent'));
    if (body.validateOnly !== undefined && typeof body.validateOnly !== 'boolean') violations.push({ field: 'validateOnly', description: 'Invalid value.', reason: 'INVALID_ARGUMENT' });
    const denied = violations.find((v) => v.reason === 'PERMISSION_DENIED');
    if (denied) return googleError(403, 'PERMISSION_DENIED', 'The caller does not have permission', 'PERMISSION_DENIED', [denied]);
    // Fast fail: one violation and none of the request is processed.
    if (violations.length > 0) return googleError(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.', violations[0]!.reason, violations);
    if (body.validateOnly === true) { fake.validated.push(...body.events); return { status: 200, body: {} }; }
    fake.ingested.push(...body.events);
    if (fake.loseNextAnswer) {
      fake.loseNextAnswer = false;
      return googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.', 'INTERNAL_ERROR');
    }
    return { status: 200, body: { requestId: `request-${fake.ingested.length}` } };
  };

  fake.api = await new FakeApi((r) => (r.path === '/token' ? oauth.answer(r) : ingest(r))).start();
  fake.env = { ...DATA_MANAGER_CREDENTIALS, GOOGLE_DATA_MANAGER_API_URL: fake.api.url, GOOGLE_OAUTH_TOKEN_URL: `${fake.api.url}/token` };
  return fake;
}

export const ingestCalls = (f: FakeDataManager) => f.api.requests.filter((r) => r.path === '/v1/events:ingest');
