// All the ad-platform fakes at once, with the configuration that points Tributary at them. Google's destination
// goes to the Data Manager API fake by default (CONTRACT section 8, Google v2); `googleAdsApiEnv` switches it to the
// Google Ads API fake (GOOGLE_ADS_UPLOAD_API=google_ads). Both Google fakes share one OAuth token endpoint.
import { afterEach, beforeEach } from 'node:test';
import type { Env } from '../../../src/app/config.js';
import type { Pipeline } from '../../../src/app/pipeline.js';
import { startFakeGoogleAds, type FakeGoogleAds } from './google-ads.js';
import { startFakeDataManager, type FakeDataManager } from './google-data-manager.js';
import { createFakeGoogleOAuth } from './google-oauth.js';
import { startFakeLinkedin, type FakeLinkedin } from './linkedin.js';
import { startFakeMeta, type FakeMeta } from './meta.js';
import { startFakeMsads, type FakeMsads } from './microsoft-ads.js';
import type { FakeApi } from './fake-api.js';

export interface AdPlatforms {
  /** The Google Ads API (UploadClickConversions). */
  google: FakeGoogleAds;
  /** Google's Data Manager API (events:ingest), the Google destination's default. */
  dataManager: FakeDataManager;
  meta: FakeMeta;
  msads: FakeMsads;
  linkedin: FakeLinkedin;
  /** CONTRACT section 8's variables for all of them, addresses pointing at the fakes, Google on its default API. */
  env: Env;
  /** The same with Google through the Google Ads API. */
  googleAdsApiEnv: Env;
  apis: FakeApi[];
  /** Every request body and URL any fake received (to look for what must never leave, like a plain email). */
  everything(): string;
  close(): Promise<void>;
}

export async function startAdPlatforms(): Promise<AdPlatforms> {
  const oauth = createFakeGoogleOAuth();
  const [google, dataManager, meta, msads, linkedin] = await Promise.all([
    startFakeGoogleAds(oauth), startFakeDataManager(oauth), startFakeMeta(), startFakeMsads(), startFakeLinkedin()]);
  const apis = [google.api, dataManager.api, meta.api, msads.api, linkedin.api];
  const env = { ...dataManager.env, GOOGLE_ADS_API_URL: google.api.url, ...meta.env, ...msads.env, ...linkedin.env } as Env;
  return {
    google, dataManager, meta, msads, linkedin, apis, env,
    googleAdsApiEnv: { ...env, ...google.env } as Env,
    everything: () => apis.flatMap((a) => a.requests.map((r) => `${r.path}?${r.query.toString()}\n${JSON.stringify(r.headers)}\n${r.body}`)).join('\n'),
    close: async () => { await Promise.all(apis.map((a) => a.close())); },
  };
}

export interface PlatformsPerTest {
  /** This test's fakes (fresh for each test). */
  readonly platforms: AdPlatforms;
  /** Pipelines to close after the test. */
  open: Pipeline[];
  /** Anything else to undo after the test (temporary directories). */
  cleanups: Array<() => Promise<void>>;
}

/** Fresh fakes for each test of the enclosing describe; after each, its pipelines are closed, then the fakes. */
export function platformsPerTest(): PlatformsPerTest {
  let current: AdPlatforms | null = null;
  const fixture: PlatformsPerTest = {
    get platforms() {
      if (current === null) throw new Error('platformsPerTest: the fakes exist only inside a test');
      return current;
    },
    open: [], cleanups: [],
  };
  beforeEach(async () => { current = await startAdPlatforms(); });
  afterEach(async () => {
    for (const p of fixture.open.splice(0)) await p.close();
    for (const c of fixture.cleanups.splice(0)) await c();
    await current?.close();
    current = null;
  });
  return fixture;
}
