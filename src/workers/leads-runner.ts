// LeadsRunner (flow document): form submissions in the product ("lead forms").
import { createFormSubmissionsWorker } from './steps/handle-form-submissions.js';
import type { CampaignResolver } from '../core/campaign/resolve-campaign.js';
import { Topic } from './topics.js';
import type { IdentityGraph } from '../store/bi/identity-graph.js';
import type { Worker } from '../ports/worker.js';

export function createLeadsRunner(deps: { resolveCampaign: CampaignResolver; graph: IdentityGraph }): Worker {
  return createFormSubmissionsWorker({ name: 'LeadsRunner', queue: 'leads', topic: Topic.leadFormSubmitted, site: 'app' }, deps);
}
