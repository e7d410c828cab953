// The events of CONTRACT section 1 as they are after validation: absent optional fields are null, `ts` is
// epoch milliseconds, emails are normalised (trimmed, lower-cased).
import type { Millis } from '../types.js';

export interface CampaignInput {
  source?: string; medium?: string; campaign?: string; term?: string; content?: string;
  gclid?: string; gbraid?: string; wbraid?: string; fbclid?: string; msclkid?: string; li_fat_id?: string;
  ttclid?: string;
}

export interface Consent { analytics: boolean; ads: boolean }

interface EventBase { event_id: string; ts: Millis }

export interface SessionEvent extends EventBase {
  type: 'session';
  client_id: string; session_id: string; page_url: string;
  referrer: string | null; user_agent: string | null; ip: string | null;
  consent: Consent | null;
  cookies: { _fbp: string | null; _fbc: string | null } | null;
}
export interface HitEvent extends EventBase {
  type: 'hit';
  client_id: string; session_id: string; name: string;
  page_url: string | null; properties: Record<string, unknown> | null;
}
export interface IdentifyEvent extends EventBase { type: 'identify'; client_id: string; email: string }
export interface FormSubmissionEvent extends EventBase {
  type: 'form_submission';
  email: string; form_id: string; site: 'app' | 'marketing';
  client_id: string | null; session_id: string | null; page_url: string | null;
  fields: Record<string, unknown> | null;
}
export interface ContactCreatedEvent extends EventBase {
  type: 'contact_created'; contact_id: string; email: string; client_id: string | null;
}
export interface CompanyCreatedEvent extends EventBase {
  type: 'company_created';
  company_id: string; name: string | null; domain: string | null; email: string | null;
  client_id: string | null; referred_by: string | null;
}
export interface SignupEvent extends EventBase {
  type: 'signup'; company_id: string; email: string; client_id: string | null;
}
export interface MobileEvent extends EventBase {
  type: 'mobile_event'; device_id: string; name: string; email: string | null; campaign: CampaignInput | null;
}
export interface MobileSignupEvent extends EventBase {
  type: 'mobile_signup'; device_id: string; email: string; company_id: string | null; campaign: CampaignInput | null;
}
export interface CallEvent extends EventBase {
  type: 'call';
  call_id: string; email: string | null; client_id: string | null; page_url: string | null;
  campaign: CampaignInput | null; duration_s: number | null;
}

/**
 * A day's cost of a (source, medium[, campaign]) on an ad platform (CONTRACT section 10). Source and medium are
 * normalised as a touchpoint's are, so that spend and conversions meet on the same keys.
 */
export interface AdSpendEvent extends EventBase {
  type: 'ad_spend';
  /** The day the money was spent, YYYY-MM-DD (UTC). */
  date: string;
  source: string; medium: string; campaign: string | null;
  cost: number;
  /** ISO 4217, upper case. */
  currency: string;
}

export type TributaryEvent =
  | SessionEvent | HitEvent | IdentifyEvent | FormSubmissionEvent | ContactCreatedEvent | CompanyCreatedEvent
  | SignupEvent | MobileEvent | MobileSignupEvent | CallEvent | AdSpendEvent;

export type EventType = TributaryEvent['type'];

export type ValidationResult =
  | { ok: true; event: TributaryEvent }
  | { ok: false; reason: string; event_id: string | null };
