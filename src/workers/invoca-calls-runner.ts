// The Invoca call input: phone calls tracked by Invoca become touchpoints (from the page the caller dialled from,
// or the call's campaign) and link the caller's email to their browser.
import type { CampaignResolver } from '../core/campaign/resolve-campaign.js';
import type { CallEvent, TributaryEvent } from '../core/events/types.js';
import { identityNodesOfEvent } from '../core/identity/event-nodes.js';
import { touchpointFromCall } from '../core/touchpoints/create-touchpoints.js';
import { decodeEvents } from './steps/decode-messages.js';
import { recordIdentityFactsOf } from './steps/record-identity-facts.js';
import { storeTouchpointsOf } from './steps/store-touchpoints.js';
import { Topic, identityChange } from './topics.js';
import type { IdentityGraph } from '../store/bi/identity-graph.js';
import type { Worker } from '../ports/worker.js';

const isCall = (e: TributaryEvent): e is CallEvent => e.type === 'call';

export function createInvocaCallsRunner(deps: { resolveCampaign: CampaignResolver; graph: IdentityGraph }): Worker {
  return {
    name: 'InvocaCallsRunner',
    queue: 'invoca_calls',
    bindings: [Topic.invoca],
    prepare: recordIdentityFactsOf(deps.graph),
    async handle(batch, { tx, publish }) {
      const calls = (await decodeEvents(tx, batch, 'InvocaCallsRunner')).filter(isCall);
      await storeTouchpointsOf(tx, deps.graph, calls, (c) => touchpointFromCall(c, deps.resolveCampaign), publish);
      // A call without a touchpoint can still join an email to a browser: announce the link.
      for (const c of calls) {
        if (c.email !== null) {
          publish({ topic: Topic.newContactCreated, payload: { ...identityChange(c.event_id, c.ts, identityNodesOfEvent(c)), email: c.email },
            message_id: `${Topic.newContactCreated}:${c.event_id}` });
        }
      }
    },
  };
}
