// HubSpot (CRM v3), on when HUBSPOT_ACCESS_TOKEN is set: two workers that record which records need syncing, and
// one deliverer that writes their attribution to HubSpot.
import type { Config } from '../../app/config.js';
import type { Store } from '../../ports/sql.js';
import { createHubspotCompanyAggregatorWorker } from '../../workers/hubspot-company-aggregator-worker.js';
import { createHubspotContactProfileUpdater } from '../../workers/hubspot-contact-profile-updater.js';
import type { Worker } from '../../ports/worker.js';
import type { Deliverer, Fetch } from '../delivery.js';
import { createHubspotClient, HUBSPOT_DEFAULT_URL } from './client.js';
import { createHubspotDeliverer, type HubspotDeliveryOptions } from './deliverer.js';
import { SYNC_TARGETS } from './records.js';
import { createSchemaKeeper } from './schema.js';

export interface HubspotOptions extends Partial<HubspotDeliveryOptions> {
  /** Wait when HubSpot's daily limit is used up (it resets at midnight in the account's time zone). */
  dailyPauseMs?: number;
  timeoutMs?: number;
}

export interface HubspotDestination { workers: Worker[]; deliverer: Deliverer }

/** Null when HubSpot is off (no access token). */
export function createHubspotDestination(config: Config, store: Store, fetchImpl: Fetch, options: HubspotOptions = {}): HubspotDestination | null {
  const token = config.destinations.HUBSPOT_ACCESS_TOKEN;
  if (!token) return null;
  const { dailyPauseMs = 60 * 60_000, timeoutMs, ...delivery } = options;
  const client = createHubspotClient({
    accessToken: token,
    baseUrl: config.destinations.HUBSPOT_API_URL ?? HUBSPOT_DEFAULT_URL,
    fetch: fetchImpl,
    rateLimit: { dailyPauseMs },
    ...(timeoutMs !== undefined && { timeoutMs }),
  });
  return {
    workers: [createHubspotCompanyAggregatorWorker(), createHubspotContactProfileUpdater()],
    deliverer: createHubspotDeliverer(
      { store, client, schema: createSchemaKeeper(store, client), targets: SYNC_TARGETS, dryRun: config.dryRun },
      delivery),
  };
}
