// The topic each event is published on (CONTRACT section 1, the flow document's names).
import type { TributaryEvent } from './types.js';

export { normaliseEmail } from './email.js';

export function topicFor(event: TributaryEvent): string {
  switch (event.type) {
    case 'session': return 'session_webhook';
    case 'hit': return `event_hit.${event.name}`;
    case 'identify': return 'event_hit.identify';
    case 'form_submission': return event.site === 'app' ? 'lead_form_submitted' : 'marketing_form_submitted';
    case 'contact_created': return 'new_contact_created';
    case 'company_created': return 'companyCreated';
    case 'signup': return 'signup';
    case 'mobile_event': return `mobile_app_event.${event.name}`;
    case 'mobile_signup': return 'mobileAppSignup';
    case 'call': return 'invoca';
    case 'ad_spend': return 'ad_spend';
    default: {
      const unhandled: never = event;
      throw new Error(`no topic for event type ${JSON.stringify((unhandled as { type?: unknown }).type)}`);
    }
  }
}
