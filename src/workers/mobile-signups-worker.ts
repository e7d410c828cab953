// MobileSignupsWorker (flow document): mobile app events and signups. Records the device's links and its
// campaign touchpoint, then publishes `mobile_event_hit` (DelayedAttributionRunner schedules the short re-check
// from it) and, for signups, the short-delay `delayed_attribution_trigger` of the signed-up company and contact.
import type { CampaignResolver } from '../core/campaign/resolve-campaign.js';
import type { MobileEvent, MobileSignupEvent, TributaryEvent } from '../core/events/types.js';
import { identityNodesOfEvent } from '../core/identity/event-nodes.js';
import { touchpointFromMobile } from '../core/touchpoints/create-touchpoints.js';
import { decodeEvents } from './steps/decode-messages.js';
import { recordIdentityFactsOf } from './steps/record-identity-facts.js';
import { scheduleDelayedAttribution, SHORT_DELAY_MS } from './steps/schedule-delayed-attribution.js';
import { storeTouchpointsOf } from './steps/store-touchpoints.js';
import { Topic, identityChange } from './topics.js';
import type { IdentityGraph } from '../store/bi/identity-graph.js';
import type { Worker } from '../ports/worker.js';

const isMobile = (e: TributaryEvent): e is MobileEvent | MobileSignupEvent => e.type === 'mobile_event' || e.type === 'mobile_signup';

export function createMobileSignupsWorker(deps: { resolveCampaign: CampaignResolver; graph: IdentityGraph }): Worker {
  return {
    name: 'MobileSignupsWorker',
    queue: 'mobile_signups',
    bindings: [`${Topic.mobileAppEvent}.#`, Topic.mobileAppSignup],
    prepare: recordIdentityFactsOf(deps.graph),
    async handle(batch, { tx, publish, now }) {
      const events = (await decodeEvents(tx, batch, 'MobileSignupsWorker')).filter(isMobile);
      await storeTouchpointsOf(tx, deps.graph, events, (e) => touchpointFromMobile(e, deps.resolveCampaign), publish);
      for (const e of events) {
        publish({ topic: Topic.mobileEventHit, payload: identityChange(e.event_id, e.ts, identityNodesOfEvent(e)),
          message_id: `${Topic.mobileEventHit}:${e.event_id}` });
      }
      const signups = events.filter((e): e is MobileSignupEvent => e.type === 'mobile_signup');
      await scheduleDelayedAttribution(tx, [
        ...signups.flatMap((s) => (s.company_id === null ? [] : [{ kind: 'company' as const, id: s.company_id }])),
        ...signups.map((s) => ({ kind: 'contact' as const, id: s.email })),
      ], now + SHORT_DELAY_MS);
    },
  };
}
