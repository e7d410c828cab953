// LinkedIn Conversions API events: userIds with the hashed email and the li_fat_id, the versioned Rest.li headers,
// and each element's status in a BATCH_CREATE answer read back to its row.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConversionFacts } from '../../src/destinations/conversions/types.js';
import { conversionEvent, LINKEDIN_VERSION } from '../../src/destinations/linkedin/request.js';
import { createLinkedinSender } from '../../src/destinations/linkedin/sender.js';
import { LINKEDIN_CREDENTIALS, startFakeLinkedin, type FakeLinkedin } from '../support/fakes/linkedin.js';

const URN = LINKEDIN_CREDENTIALS.LINKEDIN_CONVERSION_URN;
const facts = (o: Partial<ConversionFacts> = {}): ConversionFacts => ({
  company_id: 'co-1', converted_at: Date.now() - 3_600_000, click: { type: 'li_fat_id', value: 'LI-1' }, email: 'Kim@Example.com',
  touchpoint: { touchpoint_id: 'visit:e', occurred_at: Date.now() - 86_400_000, click_ids: { li_fat_id: 'LI-1' }, fbp: null, fbc: null, ads_consent: null, ip: null, user_agent: null },
  ...o,
});

describe('LinkedIn conversion events', () => {
  it('identifies the member by the hashed email and the li_fat_id, at the conversion time in milliseconds', () => {
    const f = facts();
    const e = conversionEvent(f, URN);
    assert.equal(e.conversionHappenedAt, f.converted_at);
    assert.equal(e.eventId, 'company_created:co-1');
    assert.deepEqual(e.user.userIds.map((u) => u.idType), ['SHA256_EMAIL', 'LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID']);
    assert.match(e.user.userIds[0]!.idValue, /^[0-9a-f]{64}$/);
    assert.deepEqual(conversionEvent(facts({ email: null }), URN).user.userIds, [{ idType: 'LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID', idValue: 'LI-1' }]);
  });
});

describe('LinkedIn sender', () => {
  let linkedin: FakeLinkedin;
  before(async () => { linkedin = await startFakeLinkedin(); });
  after(() => linkedin.api.close());
  const sender = (accessToken = LINKEDIN_CREDENTIALS.LINKEDIN_ACCESS_TOKEN) => createLinkedinSender({ baseUrl: linkedin.api.url, version: LINKEDIN_VERSION, accessToken, fetch });

  it('sends a BATCH_CREATE with the versioned headers and reads each element\'s status', async () => {
    const outcomes = await sender().send([conversionEvent(facts(), URN), conversionEvent(facts(), 'urn:lla:llaPartnerConversion:999')]);
    assert.deepEqual(outcomes.map((o) => o.kind), ['sent', 'failed']);
    assert.match((outcomes[1] as { reason: string }).reason, /^FIELD_VALUE_INVALID: \/conversion: /);
    const call = linkedin.api.requests.at(-1)!;
    assert.equal(call.headers['linkedin-version'], '202608');
    assert.equal(call.headers['x-restli-protocol-version'], '2.0.0');
    assert.equal(call.headers['x-restli-method'], 'BATCH_CREATE');
  });

  it('retries an element LinkedIn throttled on its own, and fails the batch for a bad token', async () => {
    linkedin.api.answerNext({ status: 200, body: { elements: [{ status: 201 }, { status: 429, error: { status: 429, code: 'TOO_MANY_REQUESTS', message: 'slow down' } }] } });
    const outcomes = await sender().send([conversionEvent(facts(), URN), conversionEvent(facts(), URN)]);
    assert.deepEqual(outcomes.map((o) => o.kind), ['sent', 'retry']);
    const refused = await sender('bad').send([conversionEvent(facts(), URN)]);
    assert.deepEqual(refused.map((o) => [o.kind, (o as { reason: string }).reason]), [['failed', 'INVALID_ACCESS_TOKEN 65600: Invalid access token']]);
  });
});
