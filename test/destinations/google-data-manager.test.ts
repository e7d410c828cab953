// Google Ads conversions through the Data Manager API (events:ingest): the event and request as Google documents
// them, the checks made before sending, and the sender against a local stand-in that refuses what the API refuses —
// fast fail included: a request with one bad event is refused whole, and the sender sends the good ones again.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { ConversionFacts, ConversionTouchpoint } from '../../src/destinations/conversions/types.js';
import { googleEmail } from '../../src/destinations/hash.js';
import { createGoogleTokenSource } from '../../src/destinations/google-ads/oauth.js';
import { clickConversion } from '../../src/destinations/google-ads/request.js';
import {
  conversionActionId, dataManagerErrorReason, eventProblem, googleAdsDestination, ingestBody, ingestEvent, violationsByEvent,
} from '../../src/destinations/google-data-manager/request.js';
import { createDataManagerSender } from '../../src/destinations/google-data-manager/sender.js';
import { ADWORDS_ONLY_REFRESH_TOKEN, GOOGLE_OAUTH_CLIENT } from '../support/fakes/google-oauth.js';
import { DATA_MANAGER_CREDENTIALS, ingestCalls, startFakeDataManager, type FakeDataManager } from '../support/fakes/google-data-manager.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const touchpoint = (o: Partial<ConversionTouchpoint> = {}): ConversionTouchpoint =>
  ({ touchpoint_id: 'visit:e1', occurred_at: Date.now() - 86_400_000, click_ids: {}, fbp: null, fbc: null, ads_consent: null, ip: null, user_agent: null, ...o });
const facts = (click: { type: string; value: string }, o: Partial<ConversionFacts> = {}): ConversionFacts =>
  ({ company_id: 'co', converted_at: Date.parse('2026-03-01T10:04:05.678Z'), touchpoint: touchpoint(), click, email: 'Ana.Lima@Example.com', ...o });
const DESTINATION = googleAdsDestination('123-456-7890', '111-222-3333', '987654');

describe('Data Manager events', () => {
  it('writes the conversion as an event: RFC 3339 timestamp, transaction id, one ad identifier, the hashed email', () => {
    assert.deepEqual(ingestEvent(facts({ type: 'gclid', value: 'G-1' })), {
      transactionId: 'company_created:co',
      eventTimestamp: '2026-03-01T10:04:05.678Z',
      adIdentifiers: { gclid: 'G-1' },
      userData: { userIdentifiers: [{ emailAddress: sha256('ana.lima@example.com') }] },
    });
  });

  it('sends the email only with a gclid, and the consent only when the visitor granted it', () => {
    assert.deepEqual(Object.keys(ingestEvent(facts({ type: 'wbraid', value: 'W' }))).sort(), ['adIdentifiers', 'eventTimestamp', 'transactionId']);
    const granted = ingestEvent(facts({ type: 'gclid', value: 'G' }, { touchpoint: touchpoint({ ads_consent: true }) }));
    assert.deepEqual(granted.consent, { adUserData: 'CONSENT_GRANTED', adPersonalization: 'CONSENT_GRANTED' });
    assert.equal(ingestEvent(facts({ type: 'gclid', value: 'G' })).consent, undefined);
  });

  it('carries the configured value and currency', () => {
    const e = ingestEvent(facts({ type: 'gbraid', value: 'B' }), { value: 120.5, currency: 'EUR' });
    assert.deepEqual([e.conversionValue, e.currency], [120.5, 'EUR']);
  });

  it('normalises emails as Google asks: gmail.com and googlemail.com lose dots and +tags, other domains keep them', () => {
    assert.equal(googleEmail(' Cloudy.SanFrancisco+shopping@gmail.com '), 'cloudysanfrancisco@gmail.com');
    assert.equal(googleEmail('a.b+c@GoogleMail.com'), 'ab@googlemail.com');
    assert.equal(googleEmail('User.Name+NYC@Example.com'), 'user.name+nyc@example.com');
    // The same rule on the Google Ads API path.
    assert.deepEqual(clickConversion(facts({ type: 'gclid', value: 'G' }, { email: 'x.y@gmail.com' }), 'a').userIdentifiers, [{ hashedEmail: sha256('xy@gmail.com') }]);
  });

  it('names the accounts in the destination: operating account, manager as login account, the numeric action id', () => {
    assert.deepEqual(DESTINATION, {
      operatingAccount: { accountType: 'GOOGLE_ADS', accountId: '1234567890' },
      loginAccount: { accountType: 'GOOGLE_ADS', accountId: '1112223333' },
      productDestinationId: '987654',
    });
    assert.equal(conversionActionId('customers/1234567890/conversionActions/55'), '55');
    assert.equal(googleAdsDestination('1234567890', null, '55').loginAccount, undefined);
    assert.deepEqual(ingestBody(DESTINATION, [], true), { destinations: [DESTINATION], events: [], encoding: 'HEX', validateOnly: true });
    assert.equal('validateOnly' in ingestBody(DESTINATION, [], false), false);
  });

  it('finds before sending what Google would refuse, and rows recorded for the Google Ads API', () => {
    assert.equal(eventProblem(ingestEvent(facts({ type: 'gclid', value: 'G' }))), null);
    assert.match(String(eventProblem({ transactionId: 't', eventTimestamp: '2026-03-01 10:00:00+00:00', adIdentifiers: { gclid: 'G' } })), /RFC 3339/);
    assert.match(String(eventProblem({ transactionId: 't', eventTimestamp: '2026-03-01T10:00:00Z', adIdentifiers: { gclid: 'G', wbraid: 'W' } })), /exactly one/);
    assert.match(String(eventProblem(clickConversion(facts({ type: 'gclid', value: 'G' }), 'a'))), /Google Ads API/);
  });

  it('reads the refused events out of BadRequest field violations, and the reason out of the error', () => {
    const body = { error: { code: 400, status: 'INVALID_ARGUMENT', message: 'Request contains an invalid argument.', details: [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'INVALID_FORMAT', domain: 'datamanager.googleapis.com' },
      { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [
        { field: 'events[2].adIdentifiers.gclid', description: 'malformed', reason: 'INVALID_FORMAT' },
        { field: 'events[0].event_timestamp', description: 'bad time', reason: 'INVALID_FORMAT' },
        { field: 'destinations[0].productDestinationId', description: 'bad action', reason: 'INVALID_CONVERSION_ACTION_ID' },
        { field: 'events[9]', description: 'out of range', reason: 'INVALID_EVENT' },
      ] },
    ] } };
    const violations = body.error.details[1]!.fieldViolations as Array<{ field: string }>;
    assert.deepEqual([...violationsByEvent(violations, 3).keys()].sort(), [0, 2]);
    assert.match(dataManagerErrorReason(body, 'x'), /^INVALID_ARGUMENT \(INVALID_FORMAT\): Request contains an invalid argument\. \[INVALID_FORMAT at events\[2\]/);
    assert.equal(dataManagerErrorReason('Bad Gateway', 'HTTP 502: Bad Gateway'), 'HTTP 502: Bad Gateway');
  });
});

describe('Data Manager sender', () => {
  let dm: FakeDataManager;
  before(async () => { dm = await startFakeDataManager(); });
  after(() => dm.api.close());

  const sender = (o: { refreshToken?: string; action?: string } = {}) => createDataManagerSender({
    baseUrl: dm.api.url,
    destination: googleAdsDestination(DATA_MANAGER_CREDENTIALS.GOOGLE_ADS_CUSTOMER_ID, DATA_MANAGER_CREDENTIALS.GOOGLE_ADS_LOGIN_CUSTOMER_ID, o.action ?? '987654'),
    token: createGoogleTokenSource({ tokenUrl: `${dm.api.url}/token`, clientId: GOOGLE_OAUTH_CLIENT.GOOGLE_ADS_CLIENT_ID,
      clientSecret: GOOGLE_OAUTH_CLIENT.GOOGLE_ADS_CLIENT_SECRET, refreshToken: o.refreshToken ?? GOOGLE_OAUTH_CLIENT.GOOGLE_ADS_REFRESH_TOKEN, fetch }),
    fetch,
  });
  const event = (value: string, type = 'gclid', o: Partial<ConversionFacts> = {}) =>
    ingestEvent(facts({ type, value }, { company_id: value, converted_at: Date.now() - 3_600_000, ...o }));

  it('ingests with the bearer token only (no developer token, no login-customer-id header) and keeps the token', async () => {
    const s = sender();
    const issuedBefore = dm.oauth.tokensIssued;
    const outcomes = [...await s.send([event('g-1')]), ...await s.send([event('b-1', 'gbraid')])];
    assert.deepEqual(outcomes.map((o) => o.kind), ['sent', 'sent']);
    assert.equal(dm.oauth.tokensIssued - issuedBefore, 1);
    const call = ingestCalls(dm).at(-1)!;
    assert.match(String(call.headers.authorization), /^Bearer ya29\./);
    assert.equal(call.headers['developer-token'], undefined);
    assert.equal(call.headers['login-customer-id'], undefined);
    assert.deepEqual(JSON.parse(call.body).destinations, [DESTINATION]);
    assert.deepEqual((outcomes[1] as { response: unknown }).response, { status: 200, requestId: `request-${dm.ingested.length}` });
  });

  it('refreshes a token the API no longer takes, once', async () => {
    const s = sender();
    await s.send([event('g-2')]);
    const issuedBefore = dm.oauth.tokensIssued;
    dm.api.answerNextWhen((r) => r.path === '/v1/events:ingest', { status: 401, body: { error: { code: 401, status: 'UNAUTHENTICATED', message: 'expired' } } });
    assert.equal((await s.send([event('g-3')]))[0]!.kind, 'sent');
    assert.equal(dm.oauth.tokensIssued - issuedBefore, 1);
  });

  it('fails the batch, with Google\'s reason, when the refresh token lacks the Data Manager scope', async () => {
    const outcomes = await sender({ refreshToken: ADWORDS_ONLY_REFRESH_TOKEN }).send([event('g-4'), event('g-5')]);
    assert.deepEqual(outcomes.map((o) => o.kind), ['failed', 'failed']);
    assert.equal((outcomes[0] as { reason: string }).reason, 'PERMISSION_DENIED (ACCESS_TOKEN_SCOPE_INSUFFICIENT): Request had insufficient authentication scopes.');
    assert.equal((outcomes[0] as { isolate?: boolean }).isolate, false);
  });

  it('under fast fail, fails only the events Google names and sends the others again at once', async () => {
    dm.malformedClicks.add('g-bad');
    const callsBefore = ingestCalls(dm).length;
    const ingestedBefore = dm.ingested.length;
    const outcomes = await sender().send([event('g-6'), event('g-bad'), event('w-6', 'wbraid')]);
    assert.deepEqual(outcomes.map((o) => o.kind), ['sent', 'failed', 'sent']);
    assert.equal((outcomes[1] as { reason: string }).reason, 'INVALID_FORMAT at events[1].adIdentifiers.gclid: The gclid is malformed.');
    assert.equal(ingestCalls(dm).length - callsBefore, 2);
    assert.deepEqual(dm.ingested.slice(ingestedBefore).map((e) => e.transactionId), ['company_created:g-6', 'company_created:w-6']);
  });

  it('fails a row it knows Google would refuse without sending it', async () => {
    const callsBefore = ingestCalls(dm).length;
    const outcomes = await sender().send([clickConversion(facts({ type: 'gclid', value: 'legacy' }), 'a'), event('g-7')]);
    assert.deepEqual(outcomes.map((o) => o.kind), ['failed', 'sent']);
    assert.match((outcomes[0] as { reason: string }).reason, /^not sent: recorded for the Google Ads API/);
    assert.equal(JSON.parse(ingestCalls(dm).at(-1)!.body).events.length, 1);
    assert.equal(ingestCalls(dm).length - callsBefore, 1);
  });

  it('fails every row, in one call, when Google refuses the destination itself', async () => {
    const callsBefore = ingestCalls(dm).length;
    const outcomes = await sender({ action: '111' }).send([event('g-8'), event('g-9')]);
    assert.deepEqual(outcomes.map((o) => [o.kind, (o as { isolate?: boolean }).isolate]), [['failed', false], ['failed', false]]);
    assert.match((outcomes[0] as { reason: string }).reason, /INVALID_CONVERSION_ACTION_ID at destinations\[0\]\.productDestinationId/);
    assert.equal(ingestCalls(dm).length - callsBefore, 1);
  });

  it('retries 429 and 5xx with the server\'s Retry-After', async () => {
    dm.api.answerNextWhen((r) => r.path === '/v1/events:ingest',
      { status: 429, headers: { 'retry-after': '7' }, body: { error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded' } } });
    const [outcome] = await sender().send([event('g-10')]);
    assert.deepEqual([outcome!.kind, (outcome as { retry_after_ms: number }).retry_after_ms], ['retry', 7000]);
    assert.equal((outcome as { reason: string }).reason, 'RESOURCE_EXHAUSTED: Quota exceeded');
  });

  it('validates with validateOnly: Google checks the events and ingests none', async () => {
    const ingestedBefore = dm.ingested.length;
    dm.malformedClicks.add('g-bad-2');
    const verdicts = await sender().validate!([event('g-11'), event('g-bad-2')]);
    assert.deepEqual(verdicts.map((v) => v.kind), ['sent', 'failed']);
    assert.equal(dm.ingested.length, ingestedBefore);
    assert.ok(ingestCalls(dm).slice(-2).every((r) => JSON.parse(r.body).validateOnly === true));
  });
});

describe('the Data Manager stand-in refuses what the API refuses', () => {
  let dm: FakeDataManager;
  let token: string;
  before(async () => {
    dm = await startFakeDataManager();
    const t = await createGoogleTokenSource({ tokenUrl: `${dm.api.url}/token`, clientId: GOOGLE_OAUTH_CLIENT.GOOGLE_ADS_CLIENT_ID,
      clientSecret: GOOGLE_OAUTH_CLIENT.GOOGLE_ADS_CLIENT_SECRET, refreshToken: GOOGLE_OAUTH_CLIENT.GOOGLE_ADS_REFRESH_TOKEN, fetch }).get(Date.now());
    assert.ok(t.ok);
    token = t.token;
  });
  after(() => dm.api.close());

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${dm.api.url}/v1/events:ingest`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: r.status, body: await r.json() as any };
  };
  const good = { transactionId: 't-1', eventTimestamp: '2026-03-01T10:00:00Z', adIdentifiers: { gclid: 'G' } };
  const reasons = (b: any): string[] => (b.error.details.find((d: any) => d['@type'].endsWith('BadRequest'))?.fieldViolations ?? []).map((v: any) => `${v.field}:${v.reason}`);

  it('takes a well-formed request, and refuses it whole for one bad event', async () => {
    assert.equal((await post(ingestBody(DESTINATION, [good], false))).status, 200);
    const before = dm.ingested.length;
    const bad = await post(ingestBody(DESTINATION, [good, { ...good, transactionId: 't-2', eventTimestamp: '2026-03-01 10:00:00' }], false));
    assert.equal(bad.status, 400);
    assert.deepEqual(reasons(bad.body), ['events[1].eventTimestamp:INVALID_FORMAT']);
    assert.equal(dm.ingested.length, before);
  });

  it('refuses two ad identifiers, no identifier, an unhashed email, user data without an encoding, unknown fields', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...good, adIdentifiers: { gbraid: 'B', wbraid: 'W' } }, 'events[0].adIdentifiers:INVALID_ARGUMENT'],
      [{ transactionId: 't', eventTimestamp: good.eventTimestamp }, 'events[0]:NO_IDENTIFIERS_PROVIDED'],
      [{ ...good, userData: { userIdentifiers: [{ emailAddress: 'ana@example.com' }] } }, 'events[0].userData.userIdentifiers[0].emailAddress:INVALID_SHA256_FORMAT'],
      [{ ...good, userData: { userIdentifiers: [{ emailAddress: sha256('a'), phoneNumber: sha256('b') }] } }, 'events[0].userData.userIdentifiers[0]:INVALID_ARGUMENT'],
      [{ ...good, gclid: 'G' }, 'events[0].gclid:INVALID_ARGUMENT'],
      [{ ...good, consent: { adUserData: 'GRANTED' } }, 'events[0].consent.adUserData:INVALID_ENUM_VALUE'],
      [{ ...good, currency: 'euro', conversionValue: 1 }, 'events[0].currency:INVALID_CURRENCY_CODE'],
    ];
    for (const [event, expected] of cases) assert.deepEqual(reasons((await post(ingestBody(DESTINATION, [event], false))).body), [expected], expected);
    const noEncoding = await post({ destinations: [DESTINATION], events: [{ ...good, userData: { userIdentifiers: [{ emailAddress: sha256('a') }] } }] });
    assert.deepEqual(reasons(noEncoding.body), ['events[0].userData:REQUIRED_FIELD_MISSING']);
  });

  it('refuses more than 2,000 events, hyphenated or foreign accounts, and a token without the scope', async () => {
    const many = Array.from({ length: 2001 }, (_, i) => ({ ...good, transactionId: `t-${i}` }));
    assert.deepEqual(reasons((await post(ingestBody(DESTINATION, many, false))).body), ['events:TOO_MANY_EVENTS']);
    const hyphens = { ...DESTINATION, operatingAccount: { accountType: 'GOOGLE_ADS', accountId: '123-456-7890' } };
    assert.deepEqual(reasons((await post(ingestBody(hyphens as never, [good], false))).body), ['destinations[0].operatingAccount.accountId:INVALID_FORMAT']);
    const foreign = { ...DESTINATION, operatingAccount: { accountType: 'GOOGLE_ADS', accountId: '9999999999' } };
    assert.equal((await post(ingestBody(foreign as never, [good], false))).status, 403);
    const t = await createGoogleTokenSource({ tokenUrl: `${dm.api.url}/token`, clientId: GOOGLE_OAUTH_CLIENT.GOOGLE_ADS_CLIENT_ID,
      clientSecret: GOOGLE_OAUTH_CLIENT.GOOGLE_ADS_CLIENT_SECRET, refreshToken: ADWORDS_ONLY_REFRESH_TOKEN, fetch }).get(Date.now());
    assert.ok(t.ok);
    const r = await fetch(`${dm.api.url}/v1/events:ingest`, { method: 'POST', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' }, body: JSON.stringify(ingestBody(DESTINATION, [good], false)) });
    assert.equal(r.status, 403);
  });
});
