// The offline-conversion destinations that are on (their credentials are set), each with its worker and deliverer.
import type { Config } from '../../app/config.js';
import type { Sql } from '../../ports/sql.js';
import type { Fetch } from '../delivery.js';
import { createGoogleAdsConversions } from '../google-ads/index.js';
import { createLinkedinConversions } from '../linkedin/index.js';
import { createMetaConversions } from '../meta/index.js';
import { createMsadsConversions } from '../microsoft-ads/index.js';
import type { Destinations } from '../registry.js';

export function createConversionDestinations(config: Config, sql: Sql, fetch: Fetch): Destinations {
  const on = [createGoogleAdsConversions, createMetaConversions, createMsadsConversions, createLinkedinConversions]
    .map((create) => create(config, sql, fetch))
    .filter((d): d is Destinations => d !== null);
  return { workers: on.flatMap((d) => d.workers), deliverers: on.flatMap((d) => d.deliverers) };
}
