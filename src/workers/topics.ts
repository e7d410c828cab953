// The topic catalog: every topic the system publishes or consumes, and the payload of the derived ones
// (input topics carry the validated event itself). Payloads are checked where they are consumed.
import { z } from 'zod';
import type { IdentityNode, Millis } from '../core/types.js';

export const Topic = {
  sessionWebhook: 'session_webhook',
  eventHit: 'event_hit',
  leadFormSubmitted: 'lead_form_submitted',
  marketingFormSubmitted: 'marketing_form_submitted',
  newContactCreated: 'new_contact_created',
  companyCreated: 'companyCreated',
  signup: 'signup',
  mobileAppEvent: 'mobile_app_event',
  mobileAppSignup: 'mobileAppSignup',
  invoca: 'invoca',
  newInteractionTouchpoint: 'new_interaction_touchpoint',
  mobileEventHit: 'mobile_event_hit',
  delayedAttributionTrigger: 'delayed_attribution_trigger',
  companyAttributionUpdated: 'company_attribution_updated',
  contactAttributionUpdated: 'contact_attribution_updated',
} as const;

const node = z.string().regex(/^(client|device|email|company):/) as unknown as z.ZodType<IdentityNode>;

/** What a derived topic says: these identity nodes gained a touchpoint or a link, at this event time. */
export const IdentityChange = z.object({
  source_event_id: z.string(),
  ts: z.number(),
  nodes: z.array(node),
});
export type IdentityChange = z.infer<typeof IdentityChange>;

export const NewInteractionTouchpoint = IdentityChange.extend({ touchpoint_id: z.string() });
export type NewInteractionTouchpoint = z.infer<typeof NewInteractionTouchpoint>;

export const DelayedAttributionTrigger = z.object({
  entity_kind: z.enum(['company', 'contact']),
  entity_id: z.string(),
  due_at: z.number(),
});
export type DelayedAttributionTrigger = z.infer<typeof DelayedAttributionTrigger>;

export function identityChange(sourceEventId: string, ts: Millis, nodes: IdentityNode[]): IdentityChange {
  return { source_event_id: sourceEventId, ts, nodes };
}
