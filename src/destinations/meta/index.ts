// Meta Conversions API: FacebookConversionRunner records what each company's attribution gives Meta, and the
// deliverer sends it. On when META_PIXEL_ID and META_ACCESS_TOKEN are set (CONTRACT section 8).
import type { Config } from '../../app/config.js';
import type { Sql } from '../../ports/sql.js';
import { createFacebookConversionRunner } from '../../workers/facebook-conversion-runner.js';
import type { Fetch } from '../delivery.js';
import type { Destinations } from '../registry.js';
import { createConversionDeliverer } from '../conversions/conversion-deliverer.js';
import { credentials, deliveryOptions, optional } from '../conversions/settings.js';
import type { ConversionRules } from '../conversions/types.js';
import { META_API_VERSION, META_DEFAULT_URL, META_EVENT_NAME, metaClickOf, serverEvent } from './request.js';
import { createMetaSender } from './sender.js';

export const metaRules: ConversionRules = {
  platform: 'meta',
  conversion_action: META_EVENT_NAME,
  clickOf: metaClickOf,
  no_click_reason: 'no fbclid or _fbc cookie in the attribution',
  buildRequest: serverEvent,
};

export function createMetaConversions(config: Config, sql: Sql, fetch: Fetch): Destinations | null {
  const env = config.destinations;
  const c = credentials(env, 'Meta', ['META_PIXEL_ID', 'META_ACCESS_TOKEN']);
  if (c === null) return null;
  const options = deliveryOptions(config);
  const sender = createMetaSender({
    baseUrl: optional(env, 'META_API_URL') ?? META_DEFAULT_URL, apiVersion: META_API_VERSION, pixelId: c.META_PIXEL_ID,
    accessToken: c.META_ACCESS_TOKEN, fetch, timeoutMs: options.timeoutMs,
  });
  return { workers: [createFacebookConversionRunner(metaRules)], deliverers: [createConversionDeliverer(sql, sender, options)] };
}
