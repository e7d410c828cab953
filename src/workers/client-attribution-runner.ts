// ClientAttributionRunner (flow document stage 3): maps identifiers to companies (identity graph, max 5 hops),
// follows the referral chain, and writes the three company models to bi.company_profile_attribution, _last and
// _limited, plus bi.company_interactions. Besides the flow document's companyCreated, signup and
// delayed_attribution_trigger it listens to the touchpoint and link notices, so late data corrects an already
// converted company at once and not only at the delayed re-check.
import { attributeCompanies } from './steps/attribute-companies.js';
import type { AttributionSettings } from './steps/attribution-settings.js';
import { changesOfBatch, targetsOf } from './steps/changes-of-batch.js';
import { recordIdentityFactsOf } from './steps/record-identity-facts.js';
import { Topic } from './topics.js';
import type { IdentityGraph } from '../store/bi/identity-graph.js';
import { RememberedInteractions } from '../store/bi/remembered-interactions.js';
import type { Worker } from '../ports/worker.js';

export function createClientAttributionRunner(settings: AttributionSettings, graph: IdentityGraph): Worker {
  // What this worker last wrote of each entity's interactions: its next write sends only what changed.
  const remembered = new RememberedInteractions();
  return {
    name: 'ClientAttributionRunner',
    queue: 'client_attribution',
    bindings: [Topic.companyCreated, Topic.signup, Topic.delayedAttributionTrigger, Topic.newInteractionTouchpoint,
      Topic.newContactCreated, Topic.mobileEventHit],
    prepare: recordIdentityFactsOf(graph),
    async handle(batch, { tx, publish, now }) {
      const changes = await changesOfBatch(tx, batch, 'ClientAttributionRunner');
      await attributeCompanies(tx, targetsOf(changes, 'company'), settings, publish, now, graph, remembered);
    },
  };
}
