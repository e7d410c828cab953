// What LeadsRunner (app forms) and MarketingSiteFormsRunner (marketing-site forms) both do with a form fill:
// record the contact and its links, store the touchpoint when the form says where it was filled, and announce both.
import type { CampaignResolver } from '../../core/campaign/resolve-campaign.js';
import type { FormSubmissionEvent, TributaryEvent } from '../../core/events/types.js';
import { identityNodesOfEvent } from '../../core/identity/event-nodes.js';
import { touchpointFromForm } from '../../core/touchpoints/create-touchpoints.js';
import { decodeEvents } from './decode-messages.js';
import { recordIdentityFactsOf } from './record-identity-facts.js';
import { storeTouchpointsOf } from './store-touchpoints.js';
import { Topic, identityChange } from '../topics.js';
import type { IdentityGraph } from '../../store/bi/identity-graph.js';
import type { Worker } from '../../ports/worker.js';

export function createFormSubmissionsWorker(
  identity: { name: string; queue: string; topic: string; site: FormSubmissionEvent['site'] },
  deps: { resolveCampaign: CampaignResolver; graph: IdentityGraph },
): Worker {
  const isOwnForm = (e: TributaryEvent): e is FormSubmissionEvent => e.type === 'form_submission' && e.site === identity.site;
  return {
    name: identity.name,
    queue: identity.queue,
    bindings: [identity.topic],
    prepare: recordIdentityFactsOf(deps.graph),
    async handle(batch, { tx, publish }) {
      const forms = (await decodeEvents(tx, batch, identity.name)).filter(isOwnForm);
      await storeTouchpointsOf(tx, deps.graph, forms, (f) => touchpointFromForm(f, deps.resolveCampaign), publish);
      for (const f of forms) {
        publish({ topic: Topic.newContactCreated, payload: { ...identityChange(f.event_id, f.ts, identityNodesOfEvent(f)), email: f.email },
          message_id: `${Topic.newContactCreated}:${f.event_id}` });
      }
    },
  };
}
