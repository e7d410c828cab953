// Google Ads offline conversions: GoogleConversionRunner records what each company's attribution gives Google, and
// the deliverer uploads it. On when the Google Ads credentials are set (CONTRACT section 8).
import type { Config } from '../../app/config.js';
import type { Sql } from '../../ports/sql.js';
import { createGoogleConversionRunner } from '../../workers/google-conversion-runner.js';
import type { Fetch } from '../delivery.js';
import type { Destinations } from '../registry.js';
import { createConversionDeliverer } from '../conversions/conversion-deliverer.js';
import { firstClickId } from '../conversions/plan-upload.js';
import { credentials, deliveryOptions, optional } from '../conversions/settings.js';
import type { ConversionRules } from '../conversions/types.js';
import { createGoogleTokenSource } from './oauth.js';
import { clickConversion, conversionActionResource, GOOGLE_ADS_API_VERSION, GOOGLE_ADS_DEFAULT_URL, GOOGLE_CLICK_TYPES, GOOGLE_OAUTH_DEFAULT_URL } from './request.js';
import { createGoogleAdsSender } from './sender.js';

export function googleAdsRules(customerId: string, conversionAction: string): ConversionRules {
  const action = conversionActionResource(customerId, conversionAction);
  return {
    platform: 'google_ads',
    conversion_action: action,
    clickOf: (t) => firstClickId(t, GOOGLE_CLICK_TYPES),
    no_click_reason: 'no gclid/gbraid/wbraid in the attribution',
    buildRequest: (facts) => clickConversion(facts, action),
  };
}

export function createGoogleAdsConversions(config: Config, sql: Sql, fetch: Fetch): Destinations | null {
  const env = config.destinations;
  const c = credentials(env, 'Google Ads', ['GOOGLE_ADS_DEVELOPER_TOKEN', 'GOOGLE_ADS_CUSTOMER_ID', 'GOOGLE_ADS_CONVERSION_ACTION',
    'GOOGLE_ADS_CLIENT_ID', 'GOOGLE_ADS_CLIENT_SECRET', 'GOOGLE_ADS_REFRESH_TOKEN']);
  if (c === null) return null;
  const options = deliveryOptions(config);
  const token = createGoogleTokenSource({
    tokenUrl: optional(env, 'GOOGLE_OAUTH_TOKEN_URL') ?? GOOGLE_OAUTH_DEFAULT_URL, clientId: c.GOOGLE_ADS_CLIENT_ID,
    clientSecret: c.GOOGLE_ADS_CLIENT_SECRET, refreshToken: c.GOOGLE_ADS_REFRESH_TOKEN, fetch, timeoutMs: options.timeoutMs,
  });
  const sender = createGoogleAdsSender({
    baseUrl: optional(env, 'GOOGLE_ADS_API_URL') ?? GOOGLE_ADS_DEFAULT_URL, apiVersion: GOOGLE_ADS_API_VERSION,
    customerId: c.GOOGLE_ADS_CUSTOMER_ID, loginCustomerId: optional(env, 'GOOGLE_ADS_LOGIN_CUSTOMER_ID'),
    developerToken: c.GOOGLE_ADS_DEVELOPER_TOKEN, token, fetch, timeoutMs: options.timeoutMs,
  });
  return {
    workers: [createGoogleConversionRunner(googleAdsRules(c.GOOGLE_ADS_CUSTOMER_ID, c.GOOGLE_ADS_CONVERSION_ACTION))],
    deliverers: [createConversionDeliverer(sql, sender, options)],
  };
}
