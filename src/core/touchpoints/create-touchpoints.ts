// Touchpoint normalisation (the flow document's create_interaction_from_visit, and its equivalents for forms,
// calls and mobile events): one event in, at most one touchpoint out, at the event's time.
import type { CampaignResolver } from '../campaign/resolve-campaign.js';
import type { CallEvent, FormSubmissionEvent, MobileEvent, MobileSignupEvent, SessionEvent } from '../events/types.js';
import type { Touchpoint, TouchpointOrigin } from '../types.js';

/** A touchpoint's id is derived from its event, so a replayed event produces the same touchpoint. */
export const touchpointIdOf = (origin: TouchpointOrigin, eventId: string): string => `${origin}:${eventId}`;

type Identity = Pick<Touchpoint, 'client_id' | 'device_id' | 'email' | 'session_id'>;

export function createInteractionFromVisit(event: SessionEvent, resolve: CampaignResolver): Touchpoint {
  // Meta's cookies only travel when the visitor allowed ads measurement.
  const cookies = event.consent?.ads === false ? null : event.cookies;
  return build('visit', event.event_id, event.ts, resolve({ pageUrl: event.page_url, referrer: event.referrer, campaign: null, cookies }),
    { client_id: event.client_id, device_id: null, email: null, session_id: event.session_id });
}

/** A form fill is a touchpoint when it says where it happened (its page URL); otherwise it only links identities. */
export function touchpointFromForm(event: FormSubmissionEvent, resolve: CampaignResolver): Touchpoint | null {
  if (event.page_url === null) return null;
  return build('form', event.event_id, event.ts, resolve({ pageUrl: event.page_url, referrer: null, campaign: null }),
    { client_id: event.client_id, device_id: null, email: event.email, session_id: event.session_id });
}

export function touchpointFromCall(event: CallEvent, resolve: CampaignResolver): Touchpoint | null {
  if (event.page_url === null && event.campaign === null) return null;
  return build('call', event.event_id, event.ts, resolve({ pageUrl: event.page_url, referrer: null, campaign: event.campaign }),
    { client_id: event.client_id, device_id: null, email: event.email, session_id: null });
}

/** Mobile apps have no URL: a mobile event is a touchpoint when it carries campaign data (from the install referrer). */
export function touchpointFromMobile(event: MobileEvent | MobileSignupEvent, resolve: CampaignResolver): Touchpoint | null {
  if (event.campaign === null) return null;
  return build('mobile', event.event_id, event.ts, resolve({ pageUrl: null, referrer: null, campaign: event.campaign }),
    { client_id: null, device_id: event.device_id, email: event.email, session_id: null });
}

function build(origin: TouchpointOrigin, eventId: string, ts: number, campaign: ReturnType<CampaignResolver>, who: Identity): Touchpoint {
  return { touchpoint_id: touchpointIdOf(origin, eventId), occurred_at: ts, origin, ...who, ...campaign };
}
