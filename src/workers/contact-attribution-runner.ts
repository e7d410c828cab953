// ContactAttributionRunner (flow document stage 4): connects emails to client IDs and writes each contact's first
// touch to bi.contact_profile_attribution_first, plus bi.contact_interactions. Bound to the flow document's topics,
// and to `signup` and `mobile_event_hit`, which also carry emails.
import { attributeContacts } from './steps/attribute-contacts.js';
import type { AttributionSettings } from './steps/attribution-settings.js';
import { changesOfBatch, targetsOf } from './steps/changes-of-batch.js';
import { recordIdentityFactsOf } from './steps/record-identity-facts.js';
import { Topic } from './topics.js';
import type { IdentityGraph } from '../store/bi/identity-graph.js';
import { RememberedInteractions } from '../store/bi/remembered-interactions.js';
import type { Worker } from '../ports/worker.js';

export function createContactAttributionRunner(settings: AttributionSettings, graph: IdentityGraph): Worker {
  // What this worker last wrote of each entity's interactions: its next write sends only what changed.
  const remembered = new RememberedInteractions();
  return {
    name: 'ContactAttributionRunner',
    queue: 'contact_attribution',
    bindings: [Topic.newContactCreated, Topic.newInteractionTouchpoint, Topic.companyCreated, Topic.mobileAppSignup,
      Topic.delayedAttributionTrigger, Topic.invoca, Topic.signup, Topic.mobileEventHit],
    prepare: recordIdentityFactsOf(graph),
    async handle(batch, { tx, publish, now }) {
      const changes = await changesOfBatch(tx, batch, 'ContactAttributionRunner');
      await attributeContacts(tx, targetsOf(changes, 'contact'), settings, publish, now, graph, remembered);
    },
  };
}
