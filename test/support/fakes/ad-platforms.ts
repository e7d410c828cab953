// All four ad-platform fakes at once, with the configuration that points Tributary at them.
import type { Env } from '../../../src/app/config.js';
import { startFakeGoogleAds, type FakeGoogleAds } from './google-ads.js';
import { startFakeLinkedin, type FakeLinkedin } from './linkedin.js';
import { startFakeMeta, type FakeMeta } from './meta.js';
import { startFakeMsads, type FakeMsads } from './microsoft-ads.js';
import type { FakeApi } from './fake-api.js';

export interface AdPlatforms {
  google: FakeGoogleAds;
  meta: FakeMeta;
  msads: FakeMsads;
  linkedin: FakeLinkedin;
  /** CONTRACT section 8's variables for all four, addresses pointing at the fakes. */
  env: Env;
  apis: FakeApi[];
  /** Every request body and URL any fake received (to look for what must never leave, like a plain email). */
  everything(): string;
  close(): Promise<void>;
}

export async function startAdPlatforms(): Promise<AdPlatforms> {
  const [google, meta, msads, linkedin] = await Promise.all([startFakeGoogleAds(), startFakeMeta(), startFakeMsads(), startFakeLinkedin()]);
  const apis = [google.api, meta.api, msads.api, linkedin.api];
  return {
    google, meta, msads, linkedin, apis,
    env: { ...google.env, ...meta.env, ...msads.env, ...linkedin.env } as Env,
    everything: () => apis.flatMap((a) => a.requests.map((r) => `${r.path}?${r.query.toString()}\n${JSON.stringify(r.headers)}\n${r.body}`)).join('\n'),
    close: async () => { await Promise.all(apis.map((a) => a.close())); },
  };
}
