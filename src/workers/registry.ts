// Every worker of the flow document, by name. Hosts pick from here (`tributary worker NAME...` or all of them).
import type { CampaignResolver } from '../core/campaign/resolve-campaign.js';
import type { GeoLookup } from '../core/enrichment/geo.js';
import type { ParseUserAgent } from '../core/enrichment/user-agent.js';
import type { DeploymentRules } from '../core/events/deployment-rules.js';
import { createClientAttributionRunner } from './client-attribution-runner.js';
import { createContactAttributionRunner } from './contact-attribution-runner.js';
import { createDelayedAttributionRunner } from './delayed-attribution-runner.js';
import { createInvocaCallsRunner } from './invoca-calls-runner.js';
import { createLeadsRunner } from './leads-runner.js';
import { createMarketingSiteFormsRunner } from './marketing-site-forms-runner.js';
import { createMobileSignupsWorker } from './mobile-signups-worker.js';
import type { AttributionSettings } from './steps/attribution-settings.js';
import { createSpendRunner } from './spend-runner.js';
import { createVisitsRunner } from './visits-runner.js';
import { storeIdentityGraph, type IdentityGraph } from '../store/bi/identity-graph.js';
import type { Worker } from '../ports/worker.js';

export interface WorkerDeps {
  resolveCampaign: CampaignResolver;
  parseUserAgent: ParseUserAgent;
  geo: GeoLookup | null;
  anonymiseIp: boolean;
  attribution: AttributionSettings;
  rules: DeploymentRules;
  /** What attribution reads the identity graph from: the store's (default) or one held in memory. */
  graph?: IdentityGraph;
}

export function createPipelineWorkers(options: WorkerDeps): Worker[] {
  const deps = { ...options, graph: options.graph ?? storeIdentityGraph };
  return [
    createVisitsRunner(deps),
    createLeadsRunner(deps),
    createMarketingSiteFormsRunner(deps),
    createMobileSignupsWorker(deps),
    createInvocaCallsRunner(deps),
    createContactAttributionRunner(deps.attribution, deps.graph),
    createClientAttributionRunner(deps.attribution, deps.graph),
    createDelayedAttributionRunner(deps.attribution, deps.graph),
    createSpendRunner(deps),
  ];
}
