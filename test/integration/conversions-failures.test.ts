// Issue 5, when the platforms answer badly: 429 and 5xx are retried with backoff and end sent; a platform that
// refuses for good (or stays down) leaves failed rows with their reasons and the rest of the system untouched —
// the other platforms sent, the exports as without any destination; a refused row of a batch fails alone.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startAdPlatforms, type AdPlatforms } from '../support/fakes/ad-platforms.js';
import { journey, openConversionPipeline, uploadOf, uploads } from '../support/conversion-journeys.js';
import { exportEverything, ingest, openTestPipeline } from '../support/pipeline.js';
import type { Pipeline } from '../../src/app/pipeline.js';

const FOUR = [
  ...journey('f-google', { query: 'gclid=G-F1', email: 'g@example.com' }),
  ...journey('f-meta', { query: 'fbclid=FB-F1', email: 'm@example.com' }),
  ...journey('f-bing', { query: 'msclkid=MS-F1', email: 'b@example.com' }),
  ...journey('f-linkedin', { query: 'li_fat_id=LI-F1', email: 'l@example.com' }),
];
const sentRows = async (p: Pipeline) => (await uploads(p)).filter((u) => u.status === 'sent').map((u) => `${u.platform}:${u.company_id}`);

describe('conversion uploads when the platforms fail', () => {
  let platforms: AdPlatforms;
  let p: Pipeline | null = null;
  beforeEach(async () => { platforms = await startAdPlatforms(); });
  afterEach(async () => { await p?.close(); p = null; await platforms.close(); });

  it('retries 429 and 5xx answers with backoff until they are sent', async () => {
    const throttled = { status: 429, headers: { 'retry-after': '0' } };
    platforms.dataManager.api.answerNextWhen((r) => r.path === '/v1/events:ingest',
      { ...throttled, body: { error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' } } },
      { status: 503, body: { error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' } } });
    platforms.meta.api.answerNext({ status: 500, body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1, is_transient: true } } });
    platforms.msads.api.answerNext({ status: 503, body: 'Service Unavailable' }, { status: 502, body: 'Bad Gateway' });
    platforms.linkedin.api.answerNext({ ...throttled, body: { status: 429, code: 'TOO_MANY_REQUESTS', message: 'Resource level throttle limit exceeded' } });
    p = await openConversionPipeline(platforms);
    await ingest(p, FOUR);

    assert.deepEqual((await sentRows(p)).sort(), ['google_ads:f-google', 'linkedin:f-linkedin', 'meta:f-meta', 'microsoft_ads:f-bing']);
    assert.equal((await uploadOf(p, 'google_ads', 'f-google'))?.attempts, 3);
    assert.equal((await uploadOf(p, 'meta', 'f-meta'))?.attempts, 2);
    assert.equal((await uploadOf(p, 'microsoft_ads', 'f-bing'))?.attempts, 3);
    assert.equal((await uploadOf(p, 'linkedin', 'f-linkedin'))?.attempts, 2);
    // Each conversion reached its platform once, however many calls it took.
    assert.equal(platforms.dataManager.ingested.length + platforms.meta.accepted.length + platforms.msads.accepted.length + platforms.linkedin.accepted.length, 4);
  });

  it('leaves failed rows with reasons for a platform refusing for good or staying down, and the rest untouched', async () => {
    platforms.linkedin.api.answerAlways({ status: 503, body: { status: 503, code: 'SERVICE_UNAVAILABLE', message: 'Service unavailable' } });
    // A revoked token: Meta refuses every call.
    p = await openConversionPipeline(platforms, { destinations: { ...platforms.env, META_ACCESS_TOKEN: 'revoked-token' }, delivery: { retryBaseMs: 5, maxAttempts: 3 } });
    await ingest(p, FOUR);

    const meta = await uploadOf(p, 'meta', 'f-meta');
    assert.equal(meta?.status, 'failed');
    assert.equal(meta?.reason, 'OAuthException 190: Invalid OAuth access token - Cannot parse access token');
    assert.equal(meta?.response.status, 401);
    const linkedin = await uploadOf(p, 'linkedin', 'f-linkedin');
    assert.equal(linkedin?.status, 'failed');
    assert.equal(linkedin?.reason, 'gave up after 3 attempts: SERVICE_UNAVAILABLE: Service unavailable');
    assert.deepEqual((await sentRows(p)).sort(), ['google_ads:f-google', 'microsoft_ads:f-bing']);

    const plain = await openTestPipeline();
    try {
      await ingest(plain, FOUR);
      assert.deepEqual(await exportEverything(p), await exportEverything(plain));
    } finally {
      await plain.close();
    }
    // Nothing is left waiting: `ingest` returned, and nothing is tried again.
    assert.equal((await uploads(p)).filter((u) => u.status === 'pending').length, 0);
  });

  it('fails only the refused rows of a batch: Google Ads API and Microsoft partial failures, and Meta refusing a whole batch for one event', async () => {
    platforms.google.unknownClicks.add('G-UNKNOWN');
    platforms.msads.unknownClicks.add('MS-UNKNOWN');
    p = await openConversionPipeline(platforms, { destinations: platforms.googleAdsApiEnv });
    await ingest(p, [
      ...journey('pf-g1', { query: 'gclid=G-OK' }),
      ...journey('pf-g2', { query: 'gclid=G-UNKNOWN' }),
      ...journey('pf-b1', { query: 'msclkid=MS-OK' }),
      ...journey('pf-b2', { query: 'msclkid=MS-UNKNOWN' }),
      ...journey('pf-m1', { query: 'fbclid=FB-OK' }),
      // A malformed _fbp cookie: Meta refuses any request carrying this event.
      ...journey('pf-m2', { query: 'fbclid=FB-BAD-COOKIE', cookies: { _fbp: 'not-a-cookie' } }),
    ]);

    const status = async (platform: string, company: string) => {
      const u = await uploadOf(p!, platform, company);
      return [u?.status, u?.reason];
    };
    assert.deepEqual(await status('google_ads', 'pf-g1'), ['sent', null]);
    assert.deepEqual(await status('google_ads', 'pf-g2'), ['failed', 'CLICK_NOT_FOUND: The click associated with the imported event could not be found.']);
    assert.deepEqual(await status('microsoft_ads', 'pf-b1'), ['sent', null]);
    assert.deepEqual(await status('microsoft_ads', 'pf-b2'), ['failed', 'OfflineConversionMicrosoftClickIdInvalid 4805: The MicrosoftClickId is not valid.']);
    assert.deepEqual(await status('meta', 'pf-m1'), ['sent', null]);
    const [metaStatus, metaReason] = await status('meta', 'pf-m2');
    assert.equal(metaStatus, 'failed');
    assert.match(String(metaReason), /^OAuthException 100\/2804003: data\[0\]: fbp is not in the format/);
    // Google and Microsoft each answered for the batch in one call; Meta's refused batch was split to find the event.
    assert.equal(platforms.google.api.requests.filter((r) => r.path.endsWith(':uploadClickConversions')).length, 1);
    assert.equal(platforms.msads.api.requests.length, 1);
    assert.equal(platforms.meta.api.requests.length, 3);
  });
});

