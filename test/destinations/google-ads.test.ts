// Google Ads click-conversion uploads: the request's formats, the OAuth refresh-token flow (cached until expiry),
// and per-row partial failures, against a local server that checks requests the way Google does.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { ConversionFacts, ConversionTouchpoint } from '../../src/destinations/conversions/types.js';
import { createGoogleTokenSource } from '../../src/destinations/google-ads/oauth.js';
import { clickConversion, conversionActionResource, googleDateTime, rowAnswers } from '../../src/destinations/google-ads/request.js';
import { createGoogleAdsSender } from '../../src/destinations/google-ads/sender.js';
import { GOOGLE_CREDENTIALS, startFakeGoogleAds, type FakeGoogleAds } from '../support/fakes/google-ads.js';

const ACTION = 'customers/1234567890/conversionActions/987654';
const touchpoint = (o: Partial<ConversionTouchpoint> = {}): ConversionTouchpoint =>
  ({ touchpoint_id: 'visit:e1', occurred_at: Date.now() - 86_400_000, click_ids: {}, fbp: null, fbc: null, ads_consent: null, ip: null, user_agent: null, ...o });
const facts = (click: { type: string; value: string }, o: Partial<ConversionFacts> = {}): ConversionFacts =>
  ({ company_id: 'co', converted_at: Date.now() - 3_600_000, touchpoint: touchpoint({ click_ids: { [click.type]: click.value } }), click, email: 'Ana@Example.com', ...o });

describe('Google Ads requests', () => {
  it('writes conversionDateTime as yyyy-mm-dd hh:mm:ss+hh:mm', () => {
    assert.equal(googleDateTime(Date.parse('2026-03-01T10:04:05.678Z')), '2026-03-01 10:04:05+00:00');
  });

  it('takes a bare conversion action id as this customer\'s resource', () => {
    assert.equal(conversionActionResource('123-456-7890', '55'), 'customers/1234567890/conversionActions/55');
    assert.equal(conversionActionResource('123-456-7890', 'customers/999/conversionActions/1'), 'customers/999/conversionActions/1');
  });

  it('carries exactly one click ID, and the hashed email with gclid only', () => {
    const withGclid = clickConversion(facts({ type: 'gclid', value: 'g' }), ACTION);
    assert.deepEqual(withGclid.userIdentifiers, [{ hashedEmail: createHash('sha256').update('ana@example.com').digest('hex') }]);
    const withWbraid = clickConversion(facts({ type: 'wbraid', value: 'w' }), ACTION);
    assert.deepEqual(Object.keys(withWbraid).sort(), ['conversionAction', 'conversionDateTime', 'wbraid']);
  });

  it('says consent was granted only when the visitor granted it', () => {
    assert.deepEqual(clickConversion(facts({ type: 'gclid', value: 'g' }, { touchpoint: touchpoint({ ads_consent: true }) }), ACTION).consent, { adUserData: 'GRANTED' });
    assert.equal(clickConversion(facts({ type: 'gclid', value: 'g' }), ACTION).consent, undefined);
  });

  it('maps partial-failure errors back to their rows, and knows which go away by waiting', () => {
    const answers = rowAnswers({
      results: [{ gclid: 'a' }, {}, {}],
      partialFailureError: { code: 3, message: '2 failed', details: [{ errors: [
        { errorCode: { conversionUploadError: 'CLICK_NOT_FOUND' }, message: 'not found', location: { fieldPathElements: [{ fieldName: 'conversions', index: 1 }, { fieldName: 'gclid' }] } },
        { errorCode: { conversionUploadError: 'TOO_RECENT_EVENT' }, message: 'too recent', location: { fieldPathElements: [{ fieldName: 'conversions', index: 2 }] } },
      ] }] },
    }, 3);
    assert.equal(answers[0]!.ok, true);
    assert.deepEqual(answers[1], { ok: false, reason: 'CLICK_NOT_FOUND: not found', retryLater: false, error: [{ errorCode: { conversionUploadError: 'CLICK_NOT_FOUND' }, message: 'not found', location: { fieldPathElements: [{ fieldName: 'conversions', index: 1 }, { fieldName: 'gclid' }] } }] });
    assert.equal(answers[2]!.ok === false && answers[2]!.retryLater, true);
  });

  it('counts a conversion Google already has (an earlier send whose answer was lost) as sent', () => {
    const [answer] = rowAnswers({ results: [{}], partialFailureError: { code: 6, message: 'exists', details: [{ errors: [
      { errorCode: { conversionUploadError: 'CLICK_CONVERSION_ALREADY_EXISTS' }, message: 'already there', location: { fieldPathElements: [{ fieldName: 'conversions', index: 0 }] } },
    ] }] } }, 1);
    assert.equal(answer!.ok, true);
  });
});

describe('Google Ads sender', () => {
  let google: FakeGoogleAds;
  before(async () => { google = await startFakeGoogleAds(); });
  after(() => google.api.close());

  const sender = (o: { refreshToken?: string } = {}) => {
    const token = createGoogleTokenSource({
      tokenUrl: `${google.api.url}/token`, clientId: GOOGLE_CREDENTIALS.GOOGLE_ADS_CLIENT_ID, clientSecret: GOOGLE_CREDENTIALS.GOOGLE_ADS_CLIENT_SECRET,
      refreshToken: o.refreshToken ?? GOOGLE_CREDENTIALS.GOOGLE_ADS_REFRESH_TOKEN, fetch,
    });
    return createGoogleAdsSender({
      baseUrl: google.api.url, apiVersion: 'v26', customerId: GOOGLE_CREDENTIALS.GOOGLE_ADS_CUSTOMER_ID,
      loginCustomerId: GOOGLE_CREDENTIALS.GOOGLE_ADS_LOGIN_CUSTOMER_ID, developerToken: GOOGLE_CREDENTIALS.GOOGLE_ADS_DEVELOPER_TOKEN, token, fetch,
    });
  };

  it('asks for one access token and keeps it for the next batches', async () => {
    const s = sender();
    const issuedBefore = google.tokensIssued;
    const first = await s.send([clickConversion(facts({ type: 'gclid', value: 'g-1' }), ACTION)]);
    const second = await s.send([clickConversion(facts({ type: 'gbraid', value: 'b-1' }), ACTION)]);
    assert.deepEqual([first[0]!.kind, second[0]!.kind], ['sent', 'sent']);
    assert.equal(google.tokensIssued - issuedBefore, 1);
    const upload = google.api.requests.filter((r) => r.path === '/v26/customers/1234567890:uploadClickConversions').at(-1)!;
    assert.equal(upload.headers['login-customer-id'], '1112223333');
    assert.equal(upload.headers['developer-token'], 'dev-token-123');
  });

  it('refreshes a token the API no longer takes, once, before giving up', async () => {
    const s = sender();
    await s.send([clickConversion(facts({ type: 'gclid', value: 'g-2' }), ACTION)]);
    const issuedBefore = google.tokensIssued;
    google.api.answerNextWhen((r) => r.path.endsWith(':uploadClickConversions'), { status: 401, body: { error: { code: 401, status: 'UNAUTHENTICATED', message: 'expired' } } });
    const outcome = await s.send([clickConversion(facts({ type: 'gclid', value: 'g-3' }), ACTION)]);
    assert.equal(outcome[0]!.kind, 'sent');
    assert.equal(google.tokensIssued - issuedBefore, 1);
  });

  it('fails the batch with Google\'s reason when the refresh token is refused', async () => {
    const outcome = await sender({ refreshToken: 'revoked' }).send([clickConversion(facts({ type: 'gclid', value: 'g-4' }), ACTION)]);
    assert.equal(outcome[0]!.kind, 'failed');
    assert.match((outcome[0] as { reason: string }).reason, /^OAuth token refresh failed: HTTP 400: .*invalid_grant/);
  });

  it('answers row by row: a click Google does not know fails alone', async () => {
    google.unknownClicks.add('g-unknown');
    const outcomes = await sender().send([
      clickConversion(facts({ type: 'gclid', value: 'g-5' }), ACTION),
      clickConversion(facts({ type: 'gclid', value: 'g-unknown' }), ACTION),
      clickConversion(facts({ type: 'wbraid', value: 'w-5' }), ACTION),
    ]);
    assert.deepEqual(outcomes.map((o) => o.kind), ['sent', 'failed', 'sent']);
    assert.equal((outcomes[1] as { reason: string }).reason, 'CLICK_NOT_FOUND: The click associated with the imported event could not be found.');
  });

  it('says what to do when Google refuses the account as a new adopter of UploadClickConversions', async () => {
    google.notAllowlisted = true;
    try {
      const [outcome] = await sender().send([clickConversion(facts({ type: 'gclid', value: 'g-6' }), ACTION)]);
      assert.equal(outcome!.kind, 'failed');
      assert.match((outcome as { reason: string }).reason, /^PERMISSION_DENIED: CUSTOMER_NOT_ALLOWLISTED_FOR_THIS_FEATURE: .* \(use the Data Manager API: unset GOOGLE_ADS_UPLOAD_API\)$/);
    } finally {
      google.notAllowlisted = false;
    }
  });
});
