// Which identity nodes an event carries (CONTRACT section 3). Together with `linksOfEvent` this gives the event's
// edges: the events the contract lists as linking (`identify`, `form_submission`, `signup`, `company_created`,
// `contact_created`, `mobile_signup`, `mobile_event` with email, `call` with email and client ID) are exactly those
// that can carry two or more nodes.
import type { TributaryEvent } from '../events/types.js';
import type { IdentityNode } from '../types.js';

export const clientNode = (clientId: string): IdentityNode => `client:${clientId}`;
export const deviceNode = (deviceId: string): IdentityNode => `device:${deviceId}`;
/** `email` must already be normalised (trimmed, lower-cased), as validated events are. */
export const emailNode = (email: string): IdentityNode => `email:${email}`;
export const companyNode = (companyId: string): IdentityNode => `company:${companyId}`;

/**
 * The identity nodes present in one validated event. `referred_by` is not an identity (a referral joins two
 * companies' attribution, not their identities) and `contact_id` is not a node (a contact is its email).
 */
export function identityNodesOfEvent(event: TributaryEvent): IdentityNode[] {
  const nodes: IdentityNode[] = [];
  const add = (node: IdentityNode | null): void => {
    if (node !== null) nodes.push(node);
  };
  const client = (id: string | null) => (id === null ? null : clientNode(id));
  const email = (value: string | null) => (value === null ? null : emailNode(value));
  switch (event.type) {
    case 'session':
    case 'hit':
      add(clientNode(event.client_id));
      break;
    case 'identify':
      add(clientNode(event.client_id));
      add(emailNode(event.email));
      break;
    case 'form_submission':
    case 'contact_created':
      add(emailNode(event.email));
      add(client(event.client_id));
      break;
    case 'company_created':
      add(companyNode(event.company_id));
      add(email(event.email));
      add(client(event.client_id));
      break;
    case 'signup':
      add(companyNode(event.company_id));
      add(emailNode(event.email));
      add(client(event.client_id));
      break;
    case 'mobile_event':
      add(deviceNode(event.device_id));
      add(email(event.email));
      break;
    case 'mobile_signup':
      add(deviceNode(event.device_id));
      add(emailNode(event.email));
      add(event.company_id === null ? null : companyNode(event.company_id));
      break;
    case 'call':
      add(email(event.email));
      add(client(event.client_id));
      break;
    case 'ad_spend': // spend belongs to a campaign, not to anyone
      break;
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled event type: ${JSON.stringify(unhandled)}`);
    }
  }
  return nodes;
}
