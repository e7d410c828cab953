// What an event says about people and companies, independent of which worker reads it (its identity-graph nodes
// are `identityNodesOfEvent`): the emails it sights (a contact converts at its earliest sighting) and what it says about a company.
// Every consumer of an event records these facts idempotently, so no worker depends on another having run first.
import type { TributaryEvent } from '../events/types.js';
import type { Millis } from '../types.js';

/** The email an event carries, if any: its time is a sighting of that contact. */
export function emailOf(event: TributaryEvent): string | null {
  return 'email' in event ? event.email : null;
}

export interface EmailSighting { email: string; at: Millis; contact_id: string | null }

export function sightingOf(event: TributaryEvent): EmailSighting | null {
  const email = emailOf(event);
  if (email === null) return null;
  return { email, at: event.ts, contact_id: event.type === 'contact_created' ? event.contact_id : null };
}

export interface CompanyFact {
  company_id: string;
  event_id: string;
  /** company_created: the conversion; signup: a fallback conversion time when no company_created exists. */
  kind: 'created' | 'signup';
  at: Millis;
  name: string | null;
  domain: string | null;
  creator_email: string | null;
  client_id: string | null;
  referred_by: string | null;
}

export function companyFactOf(event: TributaryEvent): CompanyFact | null {
  if (event.type === 'company_created') {
    return { company_id: event.company_id, event_id: event.event_id, kind: 'created', at: event.ts, name: event.name, domain: event.domain,
      creator_email: event.email, client_id: event.client_id, referred_by: event.referred_by };
  }
  if (event.type === 'signup') {
    return { company_id: event.company_id, event_id: event.event_id, kind: 'signup', at: event.ts, name: null, domain: null,
      creator_email: null, client_id: event.client_id, referred_by: null };
  }
  return null;
}
