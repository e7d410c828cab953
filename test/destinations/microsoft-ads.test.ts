// Microsoft Advertising offline conversions: the request's format, PartialErrors read back by index, the call-rate
// fault waited on, and clicks past the 90-day window skipped at upload time.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConversionFacts, UploadRow } from '../../src/destinations/conversions/types.js';
import { msadsTime, offlineConversion } from '../../src/destinations/microsoft-ads/request.js';
import { createMsadsSender } from '../../src/destinations/microsoft-ads/sender.js';
import { MSADS_CREDENTIALS, startFakeMsads, type FakeMsads } from '../support/fakes/microsoft-ads.js';

const DAY = 86_400_000;
const facts = (clickId: string, o: Partial<ConversionFacts> = {}): ConversionFacts => ({
  company_id: 'co', converted_at: Date.parse('2026-11-20T10:15:00.250Z'), click: { type: 'msclkid', value: clickId }, email: 'Bo@Example.com',
  touchpoint: { touchpoint_id: 'visit:e', occurred_at: Date.parse('2026-11-19T10:00:00Z'), click_ids: { msclkid: clickId }, fbp: null, fbc: null, ads_consent: null, ip: null, user_agent: null },
  ...o,
});

describe('Microsoft Advertising requests', () => {
  it('writes ConversionTime in UTC to the second, with the goal name, the click and the hashed email', () => {
    assert.equal(msadsTime(Date.parse('2026-11-20T10:15:00.250Z')), '2026-11-20T10:15:00Z');
    const c = offlineConversion(facts('MS1'), 'Company created');
    assert.deepEqual(Object.keys(c), ['ConversionName', 'ConversionTime', 'MicrosoftClickId', 'HashedEmailAddress']);
    assert.match(c.HashedEmailAddress!, /^[0-9a-f]{64}$/);
  });
});

describe('Microsoft Advertising sender', () => {
  let msads: FakeMsads;
  before(async () => { msads = await startFakeMsads(); });
  after(() => msads.api.close());
  const sender = (accessToken = MSADS_CREDENTIALS.MSADS_ACCESS_TOKEN) => createMsadsSender({
    baseUrl: msads.api.url, developerToken: MSADS_CREDENTIALS.MSADS_DEVELOPER_TOKEN, accessToken,
    customerId: MSADS_CREDENTIALS.MSADS_CUSTOMER_ID, accountId: MSADS_CREDENTIALS.MSADS_ACCOUNT_ID, fetch,
  });
  const conversion = (id: string) => offlineConversion({ ...facts(id), converted_at: Date.now() - DAY }, MSADS_CREDENTIALS.MSADS_CONVERSION_NAME);

  it('reads PartialErrors back to their rows', async () => {
    msads.unknownClicks.add('MS-BAD');
    const outcomes = await sender().send([conversion('MS-A'), conversion('MS-BAD'), conversion('MS-C')]);
    assert.deepEqual(outcomes.map((o) => o.kind), ['sent', 'failed', 'sent']);
    assert.equal((outcomes[1] as { reason: string }).reason, 'OfflineConversionMicrosoftClickIdInvalid 4805: The MicrosoftClickId is not valid.');
    const call = msads.api.requests.at(-1)!;
    assert.equal(call.headers.developertoken, MSADS_CREDENTIALS.MSADS_DEVELOPER_TOKEN);
    assert.equal(call.headers.customerid, MSADS_CREDENTIALS.MSADS_CUSTOMER_ID);
    assert.equal(call.headers.customeraccountid, MSADS_CREDENTIALS.MSADS_ACCOUNT_ID);
    assert.equal(call.headers.authorization, `Bearer ${MSADS_CREDENTIALS.MSADS_ACCESS_TOKEN}`);
  });

  it('fails the batch for bad credentials with Microsoft\'s error, and waits on CallRateExceeded', async () => {
    const [refused] = await sender('expired').send([conversion('MS-D')]);
    assert.deepEqual([refused!.kind, (refused as { reason: string }).reason], ['failed', 'InvalidCredentials 105: Authentication failed. Either supplied credentials are invalid or the account is inactive']);
    msads.api.answerNext({ status: 400, body: { Type: 'ApiFaultDetail', OperationErrors: [{ Code: 117, ErrorCode: 'CallRateExceeded', Message: 'Too many calls.' }], BatchErrors: [] } });
    const [throttled] = await sender().send([conversion('MS-E')]);
    assert.equal(throttled!.kind, 'retry');
  });

  it('skips a click older than 90 days at upload time', () => {
    const row = (clickAgo: number): UploadRow => ({ company_id: 'c', conversion_action: 'g', request: {}, attempts: 0, click_at: Date.now() - clickAgo, converted_at: Date.now() - DAY });
    assert.equal(sender().tooOld(row(91 * DAY), Date.now()), 'msclkid click older than 90 days at upload time (Microsoft Advertising\'s window)');
    assert.equal(sender().tooOld(row(89 * DAY), Date.now()), null);
  });
});
