// Issue 5, offline conversions, end to end from ingested events: a company attributed to a gclid gives exactly one
// Google Ads upload, an fbclid journey one Meta event with the right fbc, msclkid and li_fat_id likewise; replaying
// the events or a later attribution change sends nothing twice; no email leaves unhashed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startAdPlatforms, type AdPlatforms } from '../support/fakes/ad-platforms.js';
import { ingestCalls } from '../support/fakes/google-data-manager.js';
import { CLICK_AT, CONVERTED_AT, DAY, iso, journey, NOW, openConversionPipeline, uploadOf, uploads } from '../support/conversion-journeys.js';
import { ev, ingest } from '../support/pipeline.js';
import type { Pipeline } from '../../src/app/pipeline.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const EMAILS = { google: 'Ana.Google@Example.com', meta: 'ben.meta@example.com', msads: 'cleo.bing@example.com', linkedin: 'dan.li@example.com' };

const EVENTS = [
  ...journey('co-google', { query: 'utm_source=google&utm_medium=cpc&utm_campaign=brand&gclid=G-CLICK-1', email: EMAILS.google }),
  ...journey('co-meta', {
    query: 'utm_source=facebook&utm_medium=paid&fbclid=FB-CLICK-1', email: EMAILS.meta, consent: { analytics: true, ads: true },
    cookies: { _fbp: 'fb.1.1700000000000.987654321' }, ip: '203.0.113.7', userAgent: UA,
  }),
  ...journey('co-bing', { query: 'msclkid=MS-CLICK-1', email: EMAILS.msads }),
  ...journey('co-linkedin', { query: 'li_fat_id=LI-CLICK-1', email: EMAILS.linkedin }),
];

describe('offline conversions from ingested events', () => {
  let platforms: AdPlatforms;
  let p: Pipeline;
  before(async () => {
    platforms = await startAdPlatforms();
    p = await openConversionPipeline(platforms);
    await ingest(p, EVENTS);
  });
  after(async () => { await p.close(); await platforms.close(); });

  it('uploads a gclid company to Google Ads (Data Manager API) exactly once, with the time, the action and the hashed email', async () => {
    assert.equal(platforms.dataManager.ingested.length, 1);
    const e = platforms.dataManager.ingested[0];
    assert.deepEqual(e.adIdentifiers, { gclid: 'G-CLICK-1' });
    assert.equal(e.transactionId, 'company_created:co-google');
    assert.equal(e.eventTimestamp, iso(CONVERTED_AT));
    assert.deepEqual(e.userData, { userIdentifiers: [{ emailAddress: sha256('ana.google@example.com') }] });
    const calls = ingestCalls(platforms.dataManager);
    assert.equal(calls.length, 1);
    assert.deepEqual(JSON.parse(calls[0]!.body).destinations, [{
      operatingAccount: { accountType: 'GOOGLE_ADS', accountId: '1234567890' }, loginAccount: { accountType: 'GOOGLE_ADS', accountId: '1112223333' },
      productDestinationId: '987654',
    }]);
    assert.equal(platforms.google.api.requests.filter((r) => r.path !== '/token').length, 0);
    const row = await uploadOf(p, 'google_ads', 'co-google');
    assert.equal(row?.status, 'sent');
    assert.equal(row?.attempts, 1);
    assert.equal(row?.touchpoint_id, 'visit:co-google-visit');
  });

  it('skips the companies without a Google click, with the reason', async () => {
    const others = (await uploads(p, 'google_ads')).filter((u) => u.company_id !== 'co-google');
    assert.deepEqual(others.map((u) => [u.company_id, u.status, u.reason]), [
      ['co-bing', 'skipped', 'no gclid/gbraid/wbraid in the attribution'],
      ['co-linkedin', 'skipped', 'no gclid/gbraid/wbraid in the attribution'],
      ['co-meta', 'skipped', 'no gclid/gbraid/wbraid in the attribution'],
    ]);
  });

  it('sends the fbclid journey to Meta as one event with the right fbc, the cookie fbp and, with consent, IP and user agent', async () => {
    assert.equal(platforms.meta.accepted.length, 1);
    const e = platforms.meta.accepted[0];
    assert.equal(e.event_name, 'CompleteRegistration');
    assert.equal(e.event_time, Math.floor(Date.parse(iso(CONVERTED_AT)) / 1000));
    assert.equal(e.event_id, 'company_created:co-meta');
    assert.equal(e.action_source, 'system_generated');
    assert.equal(e.user_data.fbc, `fb.1.${Date.parse(iso(CLICK_AT))}.FB-CLICK-1`);
    assert.equal(e.user_data.fbp, 'fb.1.1700000000000.987654321');
    assert.deepEqual(e.user_data.em, [sha256('ben.meta@example.com')]);
    assert.equal(e.user_data.client_ip_address, '203.0.113.7');
    assert.equal(e.user_data.client_user_agent, UA);
    const call = platforms.meta.api.requests[0]!;
    assert.equal(call.path, '/v25.0/1234567890123456/events');
    assert.equal(call.query.get('access_token'), 'EAAB-fake-token');
  });

  it('applies the msclkid journey to Microsoft Advertising and streams the li_fat_id journey to LinkedIn', async () => {
    assert.deepEqual(platforms.msads.accepted, [{
      ConversionName: 'Company created', ConversionTime: `${iso(CONVERTED_AT).slice(0, 19)}Z`, MicrosoftClickId: 'MS-CLICK-1',
      HashedEmailAddress: sha256('cleo.bing@example.com'),
    }]);
    assert.equal(platforms.linkedin.accepted.length, 1);
    const l = platforms.linkedin.accepted[0];
    assert.equal(l.conversion, 'urn:lla:llaPartnerConversion:104012');
    assert.equal(l.conversionHappenedAt, Date.parse(iso(CONVERTED_AT)));
    assert.deepEqual(l.user.userIds, [
      { idType: 'SHA256_EMAIL', idValue: sha256('dan.li@example.com') },
      { idType: 'LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID', idValue: 'LI-CLICK-1' },
    ]);
    const call = platforms.linkedin.api.requests[0]!;
    assert.equal(call.headers['x-restli-method'], 'BATCH_CREATE');
    assert.equal(call.headers['linkedin-version'], '202608');
  });

  it('lets no email leave unhashed: none of the requests the platforms received contains one', () => {
    const everything = platforms.everything();
    for (const email of Object.values(EMAILS)) {
      assert.ok(!everything.includes(email), `${email} left as is`);
      assert.ok(!everything.toLowerCase().includes(email.toLowerCase()), `${email} left lower-cased`);
      assert.ok(!everything.includes(encodeURIComponent(email.toLowerCase())), `${email} left URL-encoded`);
    }
  });

  it('sends nothing again when the same events are replayed', async () => {
    const before = platforms.apis.map((a) => a.requests.length);
    const summary = await ingest(p, EVENTS);
    assert.equal(summary.duplicate, EVENTS.length);
    assert.deepEqual(platforms.apis.map((a) => a.requests.length), before);
  });

  it('sends nothing again when a later attribution change brings another click', async () => {
    const before = platforms.apis.map((a) => a.requests.length);
    // A late visit between the click and the conversion becomes co-google's last touch, with another gclid.
    await ingest(p, [ev.session({ event_id: 'co-google-late', ts: iso(NOW - 1.5 * DAY), client_id: 'co-google-client', page_url: 'https://www.acme.com/?gclid=G-CLICK-2' })]);
    const [company] = (await p.store.query<{ click_id_value: string }>(
      "SELECT click_id_value FROM bi.company_profile_attribution_last WHERE company_id = 'co-google'")).rows;
    assert.equal(company?.click_id_value, 'G-CLICK-2');
    assert.deepEqual(platforms.apis.map((a) => a.requests.length), before);
    assert.equal(platforms.dataManager.ingested.length, 1);
    assert.equal((await uploadOf(p, 'google_ads', 'co-google'))?.request.adIdentifiers.gclid, 'G-CLICK-1');
  });
});
