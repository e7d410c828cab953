// Issue 15, Google Ads conversions through the Data Manager API, end to end from ingested events: exactly once
// across replays and restarts (and, when an answer is lost, Google deduplicating the resend by transactionId); a
// request refused for good leaves failed rows with Google's reason and the other platforms untouched; under fast
// fail one malformed event fails alone; the Google Ads API only with GOOGLE_ADS_UPLOAD_API=google_ads.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/app/config.js';
import { createGoogleAdsConversions } from '../../src/destinations/google-ads/index.js';
import { platformsPerTest } from '../support/fakes/ad-platforms.js';
import { ingestCalls } from '../support/fakes/google-data-manager.js';
import { ADWORDS_ONLY_REFRESH_TOKEN } from '../support/fakes/google-oauth.js';
import { journey, openConversionPipeline, uploadOf, uploads } from '../support/conversion-journeys.js';
import { ingest } from '../support/pipeline.js';

const TWO = [
  ...journey('dm-1', { query: 'gclid=G-DM-1', email: 'one@example.com' }),
  ...journey('dm-2', { query: 'wbraid=W-DM-2' }),
];

describe('Google Ads conversions through the Data Manager API', () => {
  const fixture = platformsPerTest();
  const { open, cleanups } = fixture;

  it('sends each conversion once across replays and restarts', async () => {
    const { platforms } = fixture;
    const dir = await mkdtemp(join(tmpdir(), 'tributary-google-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const first = await openConversionPipeline(platforms, { dataDir: dir });
    await ingest(first, TWO);
    assert.deepEqual(platforms.dataManager.ingested.map((e) => e.adIdentifiers), [{ gclid: 'G-DM-1' }, { wbraid: 'W-DM-2' }]);
    const calls = ingestCalls(platforms.dataManager).length;
    await ingest(first, TWO);
    await first.close();

    const again = await openConversionPipeline(platforms, { dataDir: dir }, { from: undefined });
    open.push(again);
    await ingest(again, TWO);
    await again.finish();
    assert.equal(ingestCalls(platforms.dataManager).length, calls);
    assert.equal(platforms.dataManager.ingested.length, 2);
    assert.deepEqual((await uploads(again, 'google_ads')).map((u) => [u.company_id, u.status, u.attempts]), [['dm-1', 'sent', 1], ['dm-2', 'sent', 1]]);
  });

  it('resends a batch whose answer was lost with the same transaction ids, which Google keeps once', async () => {
    const { platforms } = fixture;
    platforms.dataManager.loseNextAnswer = true;
    const p = await openConversionPipeline(platforms);
    open.push(p);
    await ingest(p, TWO);
    assert.equal(platforms.dataManager.ingested.length, 4);
    assert.deepEqual(platforms.dataManager.conversions().map((e) => e.transactionId), ['company_created:dm-1', 'company_created:dm-2']);
    assert.deepEqual((await uploads(p, 'google_ads')).map((u) => [u.status, u.attempts]), [['sent', 2], ['sent', 2]]);
  });

  it('leaves failed rows with Google\'s reason when the token lacks the Data Manager scope, the others untouched', async () => {
    const { platforms } = fixture;
    const p = await openConversionPipeline(platforms, { destinations: { ...platforms.env, GOOGLE_ADS_REFRESH_TOKEN: ADWORDS_ONLY_REFRESH_TOKEN } });
    open.push(p);
    await ingest(p, [...TWO, ...journey('dm-meta', { query: 'fbclid=FB-DM' })]);
    const google = await uploadOf(p, 'google_ads', 'dm-1');
    assert.deepEqual([google?.status, google?.reason, google?.response.status], ['failed', 'PERMISSION_DENIED (ACCESS_TOKEN_SCOPE_INSUFFICIENT): Request had insufficient authentication scopes.', 403]);
    assert.equal((await uploadOf(p, 'google_ads', 'dm-2'))?.status, 'failed');
    // Refused for good: one call, no retries, no row-by-row split.
    assert.equal(ingestCalls(platforms.dataManager).length, 1);
    assert.equal((await uploadOf(p, 'meta', 'dm-meta'))?.status, 'sent');
  });

  it('fails only the malformed event of a batch Google refused whole, and sends the rest', async () => {
    const { platforms } = fixture;
    platforms.dataManager.malformedClicks.add('G-MALFORMED');
    const p = await openConversionPipeline(platforms);
    open.push(p);
    await ingest(p, [...TWO, ...journey('dm-bad', { query: 'gclid=G-MALFORMED' })]);
    const bad = await uploadOf(p, 'google_ads', 'dm-bad');
    assert.equal(bad?.status, 'failed');
    assert.match(String(bad?.reason), /^INVALID_FORMAT at events\[\d\]\.adIdentifiers\.gclid: The gclid is malformed\.$/);
    assert.deepEqual([(await uploadOf(p, 'google_ads', 'dm-1'))?.status, (await uploadOf(p, 'google_ads', 'dm-2'))?.status], ['sent', 'sent']);
    assert.equal(ingestCalls(platforms.dataManager).length, 2);
    assert.equal(platforms.dataManager.ingested.length, 2);
  });

  it('uses the Google Ads API only when GOOGLE_ADS_UPLOAD_API=google_ads, which alone needs the developer token', async () => {
    const { platforms } = fixture;
    const p = await openConversionPipeline(platforms, { destinations: platforms.googleAdsApiEnv });
    open.push(p);
    await ingest(p, TWO);
    assert.deepEqual(platforms.google.accepted.map((c) => c.gclid ?? c.wbraid), ['G-DM-1', 'W-DM-2']);
    assert.equal(ingestCalls(platforms.dataManager).length, 0);

    const { GOOGLE_ADS_DEVELOPER_TOKEN: _, ...withoutToken } = platforms.googleAdsApiEnv as Record<string, string>;
    assert.throws(() => createGoogleAdsConversions(loadConfig(withoutToken), p.store, fetch), /GOOGLE_ADS_UPLOAD_API=google_ads needs GOOGLE_ADS_DEVELOPER_TOKEN/);
    assert.notEqual(createGoogleAdsConversions(loadConfig(platforms.env as Record<string, string>), p.store, fetch), null);
    assert.equal(platforms.env.GOOGLE_ADS_DEVELOPER_TOKEN, undefined);
  });
});
