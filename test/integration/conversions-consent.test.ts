// Issue 5, what may leave: ads consent denied means nothing is sent (the row says why); without a consent answer
// the click and the hashed email go but IP and user agent do not; dry run records what would be sent and sends
// nothing, and a later live run sends what the rehearsal recorded.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platformsPerTest, type AdPlatforms } from '../support/fakes/ad-platforms.js';
import { journey, openConversionPipeline, uploadOf, uploads } from '../support/conversion-journeys.js';
import { ingest } from '../support/pipeline.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const requestsMade = (platforms: AdPlatforms) => platforms.apis.reduce((n, a) => n + a.requests.length, 0);

describe('consent and dry run', () => {
  const fixture = platformsPerTest();
  const { open, cleanups } = fixture;

  it('sends nothing to any platform when the visitor denied ads consent', async () => {
    const { platforms } = fixture;
    const p = await openConversionPipeline(platforms);
    open.push(p);
    const denied = { analytics: true, ads: false };
    await ingest(p, [
      ...journey('nc-1', { query: 'gclid=G-NC&fbclid=FB-NC&msclkid=MS-NC&li_fat_id=LI-NC', email: 'no.consent@example.com', consent: denied, ip: '198.51.100.4', userAgent: UA }),
    ]);
    assert.equal(requestsMade(platforms), 0);
    assert.deepEqual((await uploads(p)).map((u) => [u.platform, u.status, u.reason, u.request]), [
      ['google_ads', 'skipped', 'ads consent denied', null],
      ['linkedin', 'skipped', 'ads consent denied', null],
      ['meta', 'skipped', 'ads consent denied', null],
      ['microsoft_ads', 'skipped', 'ads consent denied', null],
    ]);
  });

  it('without a consent answer sends the click and the hashed email, but no IP or user agent', async () => {
    const { platforms } = fixture;
    const p = await openConversionPipeline(platforms);
    open.push(p);
    await ingest(p, [...journey('nc-2', { query: 'fbclid=FB-UNASKED', email: 'unasked@example.com', ip: '198.51.100.5', userAgent: UA })]);
    const e = platforms.meta.accepted[0];
    assert.ok(e, 'the event was sent');
    assert.equal(e.user_data.em.length, 1);
    assert.equal(e.user_data.client_ip_address, undefined);
    assert.equal(e.user_data.client_user_agent, undefined);
    // Google's consent signal is left unspecified rather than claimed.
    await ingest(p, [...journey('nc-3', { query: 'gclid=G-UNASKED', email: 'unasked@example.com' })]);
    assert.equal(platforms.dataManager.ingested[0].consent, undefined);
    assert.equal(platforms.dataManager.ingested[0].userData.userIdentifiers.length, 1);
  });

  it('in dry run records what would be sent and sends nothing; a later live run sends it', async () => {
    const { platforms } = fixture;
    const dir = await mkdtemp(join(tmpdir(), 'tributary-dry-run-'));
    const dry = await openConversionPipeline(platforms, { dryRun: true, dataDir: dir });
    await ingest(dry, [
      ...journey('dr-1', { query: 'gclid=G-DRY', email: 'dry@example.com' }),
      ...journey('dr-2', { query: 'li_fat_id=LI-DRY', email: 'rehearsal@example.com' }),
    ]);
    // Only Google was asked, and only to validate (its API has validateOnly): nothing was ingested anywhere.
    assert.equal(requestsMade(platforms) - platforms.dataManager.api.requests.length, 0);
    assert.ok(platforms.dataManager.api.requests.filter((r) => r.path !== '/token').every((r) => JSON.parse(r.body).validateOnly === true));
    assert.equal(platforms.dataManager.ingested.length, 0);
    const google = await uploadOf(dry, 'google_ads', 'dr-1');
    assert.equal(google?.status, 'dry_run');
    assert.equal(google?.reason, 'dry run: recorded, not sent (validated)');
    assert.equal(google?.request.adIdentifiers.gclid, 'G-DRY');
    assert.match(google?.request.userData.userIdentifiers[0].emailAddress, /^[0-9a-f]{64}$/);
    assert.equal((await uploadOf(dry, 'linkedin', 'dr-2'))?.status, 'dry_run');
    await dry.close();

    // The same data directory, run live: the rehearsal's rows are sent, once.
    const live = await openConversionPipeline(platforms, { dataDir: dir }, { from: undefined });
    open.push(live);
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await live.finish();
    assert.equal((await uploadOf(live, 'google_ads', 'dr-1'))?.status, 'sent');
    assert.equal((await uploadOf(live, 'linkedin', 'dr-2'))?.status, 'sent');
    assert.deepEqual(platforms.dataManager.ingested.map((e) => e.adIdentifiers.gclid), ['G-DRY']);
    assert.equal(platforms.linkedin.accepted.length, 1);
    await live.finish();
    assert.equal(platforms.dataManager.ingested.length, 1);
  });
});
