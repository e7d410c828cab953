// Journeys for the conversion tests: a visit carrying an ad click, then the company created by that visitor, at
// times relative to now (the platforms refuse conversions older than their windows, counted on the wall clock).
import type { Config } from '../../src/app/config.js';
import type { Pipeline, PipelineOptions } from '../../src/app/pipeline.js';
import type { AdPlatforms } from './fakes/ad-platforms.js';
import { ev, openTestPipeline } from './pipeline.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const NOW = Date.now();
export const iso = (ms: number): string => new Date(ms).toISOString();

export interface JourneyOptions {
  /** The landing URL's query, e.g. `gclid=abc`. */
  query: string;
  email?: string | null;
  consent?: { analytics: boolean; ads: boolean } | null;
  cookies?: { _fbp?: string; _fbc?: string };
  ip?: string;
  userAgent?: string;
  clickAt?: number;
  convertedAt?: number;
}

export const CLICK_AT = NOW - 2 * DAY;
export const CONVERTED_AT = NOW - DAY;

/** The visitor's client id is `<company>-client`; the session's event id `<company>-visit`. */
export function journey(company: string, o: JourneyOptions): object[] {
  return [
    ev.session({
      event_id: `${company}-visit`, ts: iso(o.clickAt ?? CLICK_AT), client_id: `${company}-client`,
      page_url: `https://www.acme.com/pricing?${o.query}`,
      ...(o.consent !== undefined && o.consent !== null && { consent: o.consent }),
      ...(o.cookies && { cookies: o.cookies }), ...(o.ip && { ip: o.ip }), ...(o.userAgent && { user_agent: o.userAgent }),
    }),
    ev.company({
      event_id: `${company}-created`, ts: iso(o.convertedAt ?? CONVERTED_AT), company_id: company, client_id: `${company}-client`,
      ...(o.email !== undefined && o.email !== null && { email: o.email }),
    }),
  ];
}

/** A test pipeline with every ad platform pointed at its fake, and retry waits of milliseconds. */
export function openConversionPipeline(platforms: AdPlatforms, overrides: Partial<Config> = {}, options: PipelineOptions = {}): Promise<Pipeline> {
  return openTestPipeline({ destinations: platforms.env, delivery: { retryBaseMs: 5, maxAttempts: 5, timeoutMs: 10_000 }, ...overrides }, options);
}

export interface UploadRecord {
  platform: string; company_id: string; conversion_action: string; status: string; reason: string | null;
  request: any; response: any; attempts: number; touchpoint_id: string | null;
}

export async function uploads(p: Pipeline, platform?: string): Promise<UploadRecord[]> {
  const { rows } = await p.store.query<UploadRecord>(
    `SELECT platform, company_id, conversion_action, status, reason, request, response, attempts, touchpoint_id
     FROM bi.conversion_uploads ${platform ? 'WHERE platform = $1' : ''} ORDER BY platform, company_id`, platform ? [platform] : []);
  return rows;
}

export const uploadOf = async (p: Pipeline, platform: string, company: string): Promise<UploadRecord | undefined> =>
  (await uploads(p, platform)).find((u) => u.company_id === company);
