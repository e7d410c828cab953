// Google Ads API and Google's OAuth token endpoint, checking requests the way they do: the refresh-token grant,
// the bearer token it issued (with the adwords scope), developer-token and login-customer-id headers, partialFailure, at most 2,000
// conversions, unknown fields refused, and per conversion (as partial failures, like the real API): the conversion
// action of this customer, "yyyy-mm-dd hh:mm:ss+|-hh:mm", exactly one of gclid / gbraid / wbraid, SHA-256 hex emails.
import { FakeApi, header, isSha256Hex, parseJson, type Answer, type RecordedRequest } from './fake-api.js';
import { ADWORDS_SCOPE, createFakeGoogleOAuth, GOOGLE_OAUTH_CLIENT, type FakeGoogleOAuth } from './google-oauth.js';

export interface FakeGoogleAds {
  api: FakeApi;
  /** Conversions Google accepted, as sent. */
  accepted: any[];
  /** Token grants answered (by the token endpoint this fake serves, shared with the Data Manager fake). */
  readonly tokensIssued: number;
  oauth: FakeGoogleOAuth;
  /** Clicks Google does not know: CLICK_NOT_FOUND partial failures. */
  unknownClicks: Set<string>;
  /** The customer is a new adopter, refused since 2026-06-15 (CUSTOMER_NOT_ALLOWLISTED_FOR_THIS_FEATURE). */
  notAllowlisted: boolean;
  /** The Google destination through the Google Ads API (GOOGLE_ADS_UPLOAD_API=google_ads), pointed at this fake. */
  env: Record<string, string>;
}

export const GOOGLE_CREDENTIALS = {
  GOOGLE_ADS_DEVELOPER_TOKEN: 'dev-token-123', GOOGLE_ADS_CUSTOMER_ID: '123-456-7890', GOOGLE_ADS_CONVERSION_ACTION: '987654',
  ...GOOGLE_OAUTH_CLIENT, GOOGLE_ADS_LOGIN_CUSTOMER_ID: '111-222-3333',
};
const CUSTOMER = '1234567890';
const LOGIN_CUSTOMER = '1112223333';
const CONVERSION_FIELDS = new Set(['conversionAction', 'conversionDateTime', 'gclid', 'gbraid', 'wbraid', 'userIdentifiers', 'consent', 'conversionValue', 'currencyCode', 'orderId']);

const rpcError = (status: number, code: string, message: string, errors: unknown[] = []): Answer => ({
  status, body: { error: { code: status, message, status: code, details: errors.length ? [{ '@type': 'type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure', errors, requestId: 'req-1' }] : [] } },
});

export async function startFakeGoogleAds(oauth: FakeGoogleOAuth = createFakeGoogleOAuth()): Promise<FakeGoogleAds> {
  const fake: FakeGoogleAds = { api: null as unknown as FakeApi, accepted: [], get tokensIssued() { return oauth.tokensIssued; }, oauth, unknownClicks: new Set(), notAllowlisted: false, env: {} };

  const conversionErrors = (c: any, i: number): unknown[] => {
    const at = (field: string, code: Record<string, string>, message: string) =>
      ({ errorCode: code, message, location: { fieldPathElements: [{ fieldName: 'conversions', index: i }, { fieldName: field }] } });
    const errors: unknown[] = [];
    if (c.conversionAction !== `customers/${CUSTOMER}/conversionActions/${GOOGLE_CREDENTIALS.GOOGLE_ADS_CONVERSION_ACTION}`) {
      errors.push(at('conversion_action', { conversionUploadError: 'INVALID_CONVERSION_ACTION' }, 'Conversion action not found.'));
    }
    if (typeof c.conversionDateTime !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/.test(c.conversionDateTime)) {
      errors.push(at('conversion_date_time', { dateError: 'INVALID_FIELD_VALUES_IN_DATE_TIME' }, 'The field values in the date time are invalid.'));
    }
    const clicks = ['gclid', 'gbraid', 'wbraid'].filter((k) => c[k] !== undefined);
    if (clicks.length !== 1) errors.push(at('gclid', { conversionUploadError: clicks.length === 0 ? 'CLICK_NOT_FOUND' : 'GBRAID_WBRAID_BOTH_SET' }, 'Exactly one of gclid, gbraid and wbraid is required.'));
    for (const id of c.userIdentifiers ?? []) {
      if (Object.keys(id).some((k) => k !== 'hashedEmail' && k !== 'userIdentifierSource') || !isSha256Hex(id.hashedEmail)) {
        errors.push(at('user_identifiers', { conversionUploadError: 'INVALID_USER_IDENTIFIER' }, 'User identifiers must be SHA-256 hashed.'));
      }
    }
    if (c.consent !== undefined && !['GRANTED', 'DENIED'].includes(c.consent.adUserData)) errors.push(at('consent', { requestError: 'INVALID_ENUM_VALUE' }, 'Invalid consent.'));
    if (errors.length === 0 && clicks.length === 1 && fake.unknownClicks.has(c[clicks[0]!])) {
      errors.push(at(clicks[0]!, { conversionUploadError: 'CLICK_NOT_FOUND' }, 'The click associated with the imported event could not be found.'));
    }
    return errors;
  };

  const upload = (r: RecordedRequest): Answer => {
    const m = /^\/v(\d+)\/customers\/([^/:]+):uploadClickConversions$/.exec(r.path);
    if (!m || r.method !== 'POST') return rpcError(404, 'NOT_FOUND', `The requested URL ${r.path} was not found.`);
    if (Number(m[1]) < 17) return rpcError(404, 'NOT_FOUND', `Version v${m[1]} is deprecated.`);
    const scopes = oauth.scopesOf(r);
    if (scopes === null) return rpcError(401, 'UNAUTHENTICATED', 'Request is missing required authentication credential.');
    if (!scopes.includes(ADWORDS_SCOPE)) return rpcError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.');
    if (header(r, 'developer-token') !== GOOGLE_CREDENTIALS.GOOGLE_ADS_DEVELOPER_TOKEN) {
      return rpcError(401, 'UNAUTHENTICATED', 'Developer token is not valid.', [{ errorCode: { authenticationError: 'DEVELOPER_TOKEN_INVALID' }, message: 'The developer token is not valid.' }]);
    }
    const login = header(r, 'login-customer-id');
    if (login !== undefined && login !== LOGIN_CUSTOMER) {
      return rpcError(403, 'PERMISSION_DENIED', 'User doesn\'t have permission.', [{ errorCode: { authorizationError: 'USER_PERMISSION_DENIED' }, message: `login-customer-id ${login} is not a manager of this customer.` }]);
    }
    if (fake.notAllowlisted) {
      return rpcError(403, 'PERMISSION_DENIED', 'The caller does not have permission', [{ errorCode: { notAllowlistedError: 'CUSTOMER_NOT_ALLOWLISTED_FOR_THIS_FEATURE' },
        message: 'New integrations for uploading click conversions should use the Data Manager API. Usage of ConversionUploadService.UploadClickConversions is limited to existing users.' }]);
    }
    if (m[2] !== CUSTOMER) return rpcError(400, 'INVALID_ARGUMENT', 'Invalid customer ID.', [{ errorCode: { requestError: 'INVALID_CUSTOMER_ID' }, message: 'Invalid customer ID.' }]);
    if (!(header(r, 'content-type') ?? '').includes('application/json')) return rpcError(400, 'INVALID_ARGUMENT', 'JSON body expected.');
    const parsed = parseJson(r.body);
    if (!parsed.ok) return rpcError(400, 'INVALID_ARGUMENT', `Invalid JSON payload received. ${parsed.error}`);
    const body = parsed.value;
    const unknown = Object.keys(body).filter((k) => !['conversions', 'partialFailure', 'validateOnly', 'jobId', 'debugEnabled'].includes(k));
    const unknownInRows = (Array.isArray(body.conversions) ? body.conversions : []).flatMap((c: any) => Object.keys(c).filter((k) => !CONVERSION_FIELDS.has(k)));
    if (unknown.length + unknownInRows.length > 0) return rpcError(400, 'INVALID_ARGUMENT', `Invalid JSON payload received. Unknown name "${[...unknown, ...unknownInRows][0]}": Cannot find field.`);
    if (body.partialFailure !== true) {
      return rpcError(400, 'INVALID_ARGUMENT', 'Partial failure is required.', [{ errorCode: { partialFailureError: 'PARTIAL_FAILURE_MODE_REQUIRED' }, message: 'The partial failure field was false in the request.' }]);
    }
    if (!Array.isArray(body.conversions) || body.conversions.length === 0 || body.conversions.length > 2000) {
      return rpcError(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.', [{ errorCode: { conversionUploadError: 'TOO_MANY_CONVERSIONS_IN_REQUEST' }, message: 'Upload fewer than 2001 events in a single request.' }]);
    }
    const allErrors: unknown[] = [];
    const results = body.conversions.map((c: any, i: number) => {
      const errors = conversionErrors(c, i);
      if (errors.length > 0) { allErrors.push(...errors); return {}; }
      fake.accepted.push(c);
      const { gclid, gbraid, wbraid, conversionAction, conversionDateTime } = c;
      return { gclid, gbraid, wbraid, conversionAction, conversionDateTime };
    });
    return {
      status: 200,
      body: {
        results,
        ...(allErrors.length && { partialFailureError: { code: 3, message: `${allErrors.length} conversion(s) failed.`, details: [{ '@type': 'type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure', errors: allErrors, requestId: 'req-2' }] } }),
        jobId: '42',
      },
    };
  };

  fake.api = await new FakeApi((r) => (r.path === '/token' ? oauth.answer(r) : upload(r))).start();
  fake.env = { ...GOOGLE_CREDENTIALS, GOOGLE_ADS_UPLOAD_API: 'google_ads', GOOGLE_ADS_API_URL: fake.api.url, GOOGLE_OAUTH_TOKEN_URL: `${fake.api.url}/token` };
  return fake;
}

