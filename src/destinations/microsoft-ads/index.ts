// Microsoft Advertising offline conversions: BingConversionRunner records what each company's attribution gives
// Microsoft, and the deliverer applies it. On when the MSADS_* credentials are set (CONTRACT section 8).
import type { Config } from '../../app/config.js';
import type { Sql } from '../../ports/sql.js';
import { createBingConversionRunner } from '../../workers/bing-conversion-runner.js';
import type { Fetch } from '../delivery.js';
import type { Destinations } from '../registry.js';
import { createConversionDeliverer } from '../conversions/conversion-deliverer.js';
import { firstClickId } from '../conversions/plan-upload.js';
import { credentials, deliveryOptions, optional } from '../conversions/settings.js';
import type { ConversionRules } from '../conversions/types.js';
import { MSADS_CLICK_WINDOW_MS, MSADS_DEFAULT_URL, offlineConversion } from './request.js';
import { createMsadsSender } from './sender.js';

export function msadsRules(conversionName: string): ConversionRules {
  return {
    platform: 'microsoft_ads',
    conversion_action: conversionName,
    clickOf: (t) => firstClickId(t, ['msclkid']),
    no_click_reason: 'no msclkid in the attribution',
    click_window: { ms: MSADS_CLICK_WINDOW_MS, reason: 'msclkid click more than 90 days before the conversion (Microsoft Advertising\'s window)' },
    buildRequest: (facts) => offlineConversion(facts, conversionName),
  };
}

export function createMsadsConversions(config: Config, sql: Sql, fetch: Fetch): Destinations | null {
  const env = config.destinations;
  const c = credentials(env, 'Microsoft Advertising', ['MSADS_DEVELOPER_TOKEN', 'MSADS_ACCESS_TOKEN', 'MSADS_CUSTOMER_ID',
    'MSADS_ACCOUNT_ID', 'MSADS_CONVERSION_NAME']);
  if (c === null) return null;
  const options = deliveryOptions(config);
  const sender = createMsadsSender({
    baseUrl: optional(env, 'MSADS_API_URL') ?? MSADS_DEFAULT_URL, developerToken: c.MSADS_DEVELOPER_TOKEN,
    accessToken: c.MSADS_ACCESS_TOKEN, customerId: c.MSADS_CUSTOMER_ID, accountId: c.MSADS_ACCOUNT_ID, fetch,
    timeoutMs: options.timeoutMs,
  });
  return { workers: [createBingConversionRunner(msadsRules(c.MSADS_CONVERSION_NAME))], deliverers: [createConversionDeliverer(sql, sender, options)] };
}
