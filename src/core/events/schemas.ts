// One schema per event type of CONTRACT section 1, built once at module load. Each gives exactly the validated type
// of types.ts (checked at compile time below). Unknown fields are stripped. Fields are declared in the order their
// problems should be reported: `type`, `event_id`, `ts`, then the type's own fields as the contract lists them.
import { z } from 'zod';
import type {
  CallEvent, CompanyCreatedEvent, ContactCreatedEvent, EventType, FormSubmissionEvent, HitEvent, IdentifyEvent,
  MobileEvent, MobileSignupEvent, SessionEvent, SignupEvent, TributaryEvent, AdSpendEvent,
} from './types.js';
import { describeValue, quote } from './describe.js';
import {
  calendarDate, campaignKey, cost, currency, optionalCampaignName, email, eventId, eventName, eventTime, hitName, identifier, optionalCampaign, optionalConsent, optionalCookies, optionalDomain,
  durationSeconds, optionalEmail, optionalIdentifier, optionalIp, optionalJsonObject, optionalText512, optionalUrl,
  optionalUserAgent, site, url,
} from './fields.js';

const base = { event_id: eventId, ts: eventTime };

export const sessionSchema = z.object({
  type: z.literal('session'), ...base,
  client_id: identifier, session_id: identifier, page_url: url,
  referrer: optionalUrl, user_agent: optionalUserAgent, ip: optionalIp,
  consent: optionalConsent, cookies: optionalCookies,
});

export const hitSchema = z.object({
  type: z.literal('hit'), ...base,
  client_id: identifier, session_id: identifier, name: hitName,
  page_url: optionalUrl, properties: optionalJsonObject,
});

export const identifySchema = z.object({
  type: z.literal('identify'), ...base,
  client_id: identifier, email,
});

export const formSubmissionSchema = z.object({
  type: z.literal('form_submission'), ...base,
  email, form_id: identifier, site,
  client_id: optionalIdentifier, session_id: optionalIdentifier, page_url: optionalUrl, fields: optionalJsonObject,
});

export const contactCreatedSchema = z.object({
  type: z.literal('contact_created'), ...base,
  contact_id: identifier, email, client_id: optionalIdentifier,
});

export const companyCreatedSchema = z.object({
  type: z.literal('company_created'), ...base,
  company_id: identifier, name: optionalText512, domain: optionalDomain, email: optionalEmail,
  client_id: optionalIdentifier, referred_by: optionalIdentifier,
});

export const signupSchema = z.object({
  type: z.literal('signup'), ...base,
  company_id: identifier, email, client_id: optionalIdentifier,
});

export const mobileEventSchema = z.object({
  type: z.literal('mobile_event'), ...base,
  device_id: identifier, name: eventName, email: optionalEmail, campaign: optionalCampaign,
});

export const mobileSignupSchema = z.object({
  type: z.literal('mobile_signup'), ...base,
  device_id: identifier, email, company_id: optionalIdentifier, campaign: optionalCampaign,
});

export const callSchema = z.object({
  type: z.literal('call'), ...base,
  call_id: identifier, email: optionalEmail, client_id: optionalIdentifier, page_url: optionalUrl,
  campaign: optionalCampaign, duration_s: durationSeconds,
});

export const adSpendSchema = z.object({
  type: z.literal('ad_spend'), ...base,
  date: calendarDate, source: campaignKey, medium: campaignKey, campaign: optionalCampaignName, cost, currency,
});

/** Every event type, in CONTRACT order. */
export const EVENT_TYPES = [
  'session', 'hit', 'identify', 'form_submission', 'contact_created', 'company_created', 'signup', 'mobile_event',
  'mobile_signup', 'call', 'ad_spend',
] as const satisfies readonly EventType[];

const EXPECTED_TYPES = `expected one of ${EVENT_TYPES.join(', ')}`;

function unknownType(event: unknown): string {
  const type = typeof event === 'object' && event !== null ? (event as { type?: unknown }).type : undefined;
  if (type === undefined) return `required (${EXPECTED_TYPES})`;
  if (typeof type !== 'string') return `must be a string (got ${describeValue(type)}; ${EXPECTED_TYPES})`;
  return `unknown event type ${quote(type)} (${EXPECTED_TYPES})`;
}

/** Any event: a discriminated union on `type`. */
export const eventSchema = z.discriminatedUnion('type', [
  sessionSchema, hitSchema, identifySchema, formSubmissionSchema, contactCreatedSchema, companyCreatedSchema,
  signupSchema, mobileEventSchema, mobileSignupSchema, callSchema, adSpendSchema,
], {
  error: (issue) => issue.code === 'invalid_union'
    ? unknownType(issue.input)
    : `must be a JSON object (got ${describeValue(issue.input)})`,
});

// Compile-time proof that each schema produces exactly the type of types.ts, and that EVENT_TYPES is complete.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Expect<T extends true> = T;
export type SchemaTypeChecks = [
  Expect<Equals<z.output<typeof sessionSchema>, SessionEvent>>,
  Expect<Equals<z.output<typeof hitSchema>, HitEvent>>,
  Expect<Equals<z.output<typeof identifySchema>, IdentifyEvent>>,
  Expect<Equals<z.output<typeof formSubmissionSchema>, FormSubmissionEvent>>,
  Expect<Equals<z.output<typeof contactCreatedSchema>, ContactCreatedEvent>>,
  Expect<Equals<z.output<typeof companyCreatedSchema>, CompanyCreatedEvent>>,
  Expect<Equals<z.output<typeof signupSchema>, SignupEvent>>,
  Expect<Equals<z.output<typeof mobileEventSchema>, MobileEvent>>,
  Expect<Equals<z.output<typeof mobileSignupSchema>, MobileSignupEvent>>,
  Expect<Equals<z.output<typeof callSchema>, CallEvent>>,
  Expect<Equals<z.output<typeof adSpendSchema>, AdSpendEvent>>,
  Expect<Equals<z.output<typeof eventSchema>, TributaryEvent>>,
  Expect<Equals<(typeof EVENT_TYPES)[number], EventType>>,
];
