// HubspotCompanyAggregatorWorker (flow document, last stage): a company's attribution changed, so HubSpot must get
// it. The worker only records that, in its batch's transaction; the HubSpot deliverer sends the company's attribution
// as stored at send time, so a burst of updates to one company coalesces into one write and an update that
// arrives late can never put an older result back.
import { z } from 'zod';
import { requestSync } from '../destinations/hubspot/sync-store.js';
import { decodePayloads } from './steps/decode-messages.js';
import { Topic } from './topics.js';
import type { Worker } from '../ports/worker.js';

/** Only the id is used: the values sent are read from the store when they are sent. */
const CompanyAttributionUpdated = z.object({ company_id: z.string().min(1) });

export function createHubspotCompanyAggregatorWorker(): Worker {
  return {
    name: 'HubspotCompanyAggregatorWorker',
    queue: 'hubspot_companies',
    bindings: [Topic.companyAttributionUpdated],
    async handle(batch, { tx }) {
      const updates = await decodePayloads(tx, batch, CompanyAttributionUpdated, 'HubspotCompanyAggregatorWorker');
      await requestSync(tx, 'companies', updates.map((u) => u.company_id));
    },
  };
}
