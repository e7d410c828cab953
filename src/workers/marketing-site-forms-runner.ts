// MarketingSiteFormsRunner (flow document): form submissions on the marketing site.
import { createFormSubmissionsWorker } from './steps/handle-form-submissions.js';
import type { CampaignResolver } from '../core/campaign/resolve-campaign.js';
import { Topic } from './topics.js';
import type { IdentityGraph } from '../store/bi/identity-graph.js';
import type { Worker } from '../ports/worker.js';

export function createMarketingSiteFormsRunner(deps: { resolveCampaign: CampaignResolver; graph: IdentityGraph }): Worker {
  return createFormSubmissionsWorker({ name: 'MarketingSiteFormsRunner', queue: 'marketing_forms', topic: Topic.marketingFormSubmitted, site: 'marketing' }, deps);
}
