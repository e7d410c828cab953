// Google Ads offline conversions: GoogleConversionRunner records what each company's attribution gives Google, and
// the deliverer uploads it (CONTRACT section 8). By default through the Data Manager API (events ingest): since
// 2026-06-15 the Google Ads API's UploadClickConversions refuses new adopters (CUSTOMER_NOT_ALLOWLISTED_FOR_THIS_FEATURE).
// GOOGLE_ADS_UPLOAD_API=google_ads keeps the Google Ads API for accounts still allowlisted; it alone needs the
// developer token. Both record under the same conversion action key, so switching APIs sends nothing twice.
import { ConfigError, type Config, type Env } from '../../app/config.js';
import type { Sql } from '../../ports/sql.js';
import { createGoogleConversionRunner } from '../../workers/google-conversion-runner.js';
import type { Fetch } from '../delivery.js';
import type { Destinations } from '../registry.js';
import { createConversionDeliverer } from '../conversions/conversion-deliverer.js';
import { firstClickId } from '../conversions/plan-upload.js';
import { credentials, deliveryOptions, optional } from '../conversions/settings.js';
import type { ConversionFacts, ConversionRules, PlatformSender } from '../conversions/types.js';
import { DATA_MANAGER_DEFAULT_URL, googleAdsDestination, ingestEvent } from '../google-data-manager/request.js';
import { createDataManagerSender } from '../google-data-manager/sender.js';
import { createGoogleTokenSource, type TokenSource } from './oauth.js';
import {
  clickConversion, conversionActionResource, GOOGLE_ADS_API_VERSION, GOOGLE_ADS_DEFAULT_URL, GOOGLE_CLICK_TYPES,
  GOOGLE_OAUTH_DEFAULT_URL, type ConversionValue,
} from './request.js';
import { createGoogleAdsSender } from './sender.js';

export type GoogleUploadApi = 'data_manager' | 'google_ads';

/** The rules of the Google Ads API path (GOOGLE_ADS_UPLOAD_API=google_ads): ClickConversion requests. */
export function googleAdsRules(customerId: string, conversionAction: string, worth: ConversionValue | null = null): ConversionRules {
  return googleRules(customerId, conversionAction, (facts, action) => clickConversion(facts, action, worth));
}

/** The rules of the Data Manager API path (the default): events:ingest Event requests. */
export function dataManagerRules(customerId: string, conversionAction: string, worth: ConversionValue | null = null): ConversionRules {
  return googleRules(customerId, conversionAction, (facts) => ingestEvent(facts, worth));
}

function googleRules(customerId: string, conversionAction: string, build: (facts: ConversionFacts, action: string) => unknown): ConversionRules {
  const action = conversionActionResource(customerId, conversionAction);
  return {
    platform: 'google_ads',
    conversion_action: action,
    clickOf: (t) => firstClickId(t, GOOGLE_CLICK_TYPES),
    no_click_reason: 'no gclid/gbraid/wbraid in the attribution',
    buildRequest: (facts) => build(facts, action),
  };
}

const GOOGLE_KEYS = ['GOOGLE_ADS_CUSTOMER_ID', 'GOOGLE_ADS_CONVERSION_ACTION', 'GOOGLE_ADS_CLIENT_ID', 'GOOGLE_ADS_CLIENT_SECRET',
  'GOOGLE_ADS_REFRESH_TOKEN'] as const;

/** GOOGLE_ADS_CONVERSION_VALUE with GOOGLE_ADS_CONVERSION_CURRENCY, or neither. */
function conversionValue(env: Env): ConversionValue | null {
  const v = credentials(env, 'The Google conversion value', ['GOOGLE_ADS_CONVERSION_VALUE', 'GOOGLE_ADS_CONVERSION_CURRENCY']);
  return v === null ? null : { value: Number(v.GOOGLE_ADS_CONVERSION_VALUE), currency: v.GOOGLE_ADS_CONVERSION_CURRENCY };
}

export function createGoogleAdsConversions(config: Config, sql: Sql, fetch: Fetch): Destinations | null {
  const env = config.destinations;
  const c = credentials(env, 'Google Ads', GOOGLE_KEYS);
  if (c === null) return null;
  const api: GoogleUploadApi = env.GOOGLE_ADS_UPLOAD_API ?? 'data_manager';
  const worth = conversionValue(env);
  const options = deliveryOptions(config);
  const token = createGoogleTokenSource({
    tokenUrl: optional(env, 'GOOGLE_OAUTH_TOKEN_URL') ?? GOOGLE_OAUTH_DEFAULT_URL, clientId: c.GOOGLE_ADS_CLIENT_ID,
    clientSecret: c.GOOGLE_ADS_CLIENT_SECRET, refreshToken: c.GOOGLE_ADS_REFRESH_TOKEN, fetch, timeoutMs: options.timeoutMs,
  });
  const loginCustomerId = optional(env, 'GOOGLE_ADS_LOGIN_CUSTOMER_ID');
  let rules: ConversionRules;
  let sender: PlatformSender;
  if (api === 'google_ads') {
    rules = googleAdsRules(c.GOOGLE_ADS_CUSTOMER_ID, c.GOOGLE_ADS_CONVERSION_ACTION, worth);
    sender = googleAdsApiSender(env, c.GOOGLE_ADS_CUSTOMER_ID, loginCustomerId, token, fetch, options.timeoutMs);
  } else {
    rules = dataManagerRules(c.GOOGLE_ADS_CUSTOMER_ID, c.GOOGLE_ADS_CONVERSION_ACTION, worth);
    sender = createDataManagerSender({
      baseUrl: optional(env, 'GOOGLE_DATA_MANAGER_API_URL') ?? DATA_MANAGER_DEFAULT_URL,
      destination: googleAdsDestination(c.GOOGLE_ADS_CUSTOMER_ID, loginCustomerId, c.GOOGLE_ADS_CONVERSION_ACTION),
      token, fetch, timeoutMs: options.timeoutMs,
    });
  }
  return { workers: [createGoogleConversionRunner(rules)], deliverers: [createConversionDeliverer(sql, sender, options)] };
}

function googleAdsApiSender(env: Env, customerId: string, loginCustomerId: string | null, token: TokenSource, fetch: Fetch, timeoutMs?: number): PlatformSender {
  const developerToken = optional(env, 'GOOGLE_ADS_DEVELOPER_TOKEN');
  if (developerToken === null) {
    throw new ConfigError('GOOGLE_ADS_UPLOAD_API=google_ads needs GOOGLE_ADS_DEVELOPER_TOKEN (the Data Manager API, the default, does not)');
  }
  return createGoogleAdsSender({
    baseUrl: optional(env, 'GOOGLE_ADS_API_URL') ?? GOOGLE_ADS_DEFAULT_URL, apiVersion: GOOGLE_ADS_API_VERSION,
    customerId, loginCustomerId, developerToken, token, fetch, timeoutMs,
  });
}
