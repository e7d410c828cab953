// Every downstream destination that is on (its credentials are set, CONTRACT section 8): the workers that record
// what to send, and the deliverers that send it.
import type { Config } from '../app/config.js';
import type { Store } from '../ports/sql.js';
import type { Worker } from '../ports/worker.js';
import type { Deliverer, Fetch } from './delivery.js';
import { createHubspotDestination } from './hubspot/index.js';
import { createConversionDestinations } from './conversions/registry.js';

export interface Destinations { workers: Worker[]; deliverers: Deliverer[] }

export function createDestinations(_config: Config, _store: Store, _fetch: Fetch): Destinations {
  const workers: Worker[] = [];
  const deliverers: Deliverer[] = [];
  const hubspot = createHubspotDestination(_config, _store, _fetch);
  if (hubspot) { workers.push(...hubspot.workers); deliverers.push(hubspot.deliverer); }
  const conversions = createConversionDestinations(_config, _store, _fetch);
  workers.push(...conversions.workers); deliverers.push(...conversions.deliverers);
  return { workers, deliverers };
}
