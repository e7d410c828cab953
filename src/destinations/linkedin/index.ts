// LinkedIn Conversions API: LinkedInConversionRunner records what each company's attribution gives LinkedIn, and
// the deliverer streams it. On when LINKEDIN_ACCESS_TOKEN and LINKEDIN_CONVERSION_URN are set (CONTRACT section 8).
import type { Config } from '../../app/config.js';
import type { Sql } from '../../ports/sql.js';
import { createLinkedInConversionRunner } from '../../workers/linkedin-conversion-runner.js';
import type { Fetch } from '../delivery.js';
import type { Destinations } from '../registry.js';
import { createConversionDeliverer } from '../conversions/conversion-deliverer.js';
import { firstClickId } from '../conversions/plan-upload.js';
import { credentials, deliveryOptions, optional } from '../conversions/settings.js';
import type { ConversionRules } from '../conversions/types.js';
import { conversionEvent, LINKEDIN_DEFAULT_URL, LINKEDIN_VERSION } from './request.js';
import { createLinkedinSender } from './sender.js';

export function linkedinRules(conversionUrn: string): ConversionRules {
  return {
    platform: 'linkedin',
    conversion_action: conversionUrn,
    clickOf: (t) => firstClickId(t, ['li_fat_id']),
    no_click_reason: 'no li_fat_id in the attribution',
    buildRequest: (facts) => conversionEvent(facts, conversionUrn),
  };
}

export function createLinkedinConversions(config: Config, sql: Sql, fetch: Fetch): Destinations | null {
  const env = config.destinations;
  const c = credentials(env, 'LinkedIn', ['LINKEDIN_ACCESS_TOKEN', 'LINKEDIN_CONVERSION_URN']);
  if (c === null) return null;
  const options = deliveryOptions(config);
  const sender = createLinkedinSender({
    baseUrl: optional(env, 'LINKEDIN_API_URL') ?? LINKEDIN_DEFAULT_URL, version: LINKEDIN_VERSION,
    accessToken: c.LINKEDIN_ACCESS_TOKEN, fetch, timeoutMs: options.timeoutMs,
  });
  return { workers: [createLinkedInConversionRunner(linkedinRules(c.LINKEDIN_CONVERSION_URN))], deliverers: [createConversionDeliverer(sql, sender, options)] };
}
