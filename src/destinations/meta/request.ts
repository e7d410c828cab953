// Meta Conversions API server events, as pure functions.
//   POST {META_API_URL}/{api-version}/{pixel-id}/events?access_token=...   {"data": [server event...]}, at most 1,000
// A server event: event_name, event_time (unix seconds), event_id (deduplication), action_source, user_data with
// em (SHA-256 hex of the normalised email), fbc, fbp, and client_ip_address / client_user_agent.
// Meta refuses a whole request for one bad event, and refuses event_time more than 7 days old.
import type { Millis } from '../../core/types.js';
import { hashEmail } from '../hash.js';
import { DAY_MS } from '../conversions/outcomes.js';
import { companyEventId, mayShareClientData, mayShareHashedEmail } from '../conversions/plan-upload.js';
import type { ClickRef, ConversionFacts, ConversionTouchpoint } from '../conversions/types.js';

/**
 * Available until 2028-07-29 (https://developers.facebook.com/docs/graph-api/changelog/versions/: v25.0 released
 * 2026-02-18; v26.0, 2026-07-29, is the latest). Kept: moving to v26.0 is a separate, tested change.
 */
export const META_API_VERSION = 'v25.0';
export const META_DEFAULT_URL = 'https://graph.facebook.com';
export const META_BATCH_LIMIT = 1000;
/** A company created is an account registration, Meta's standard CompleteRegistration event. */
export const META_EVENT_NAME = 'CompleteRegistration';
/**
 * Uploaded from the attribution, after the fact, not from the browser: `website` would claim an event_source_url and
 * a browser context the conversion did not come with.
 */
export const META_ACTION_SOURCE = 'system_generated';
export const META_MAX_EVENT_AGE_MS = 7 * DAY_MS;

export interface ServerEvent {
  event_name: string;
  event_time: number;
  event_id: string;
  action_source: string;
  user_data: {
    em?: string[];
    fbc?: string;
    fbp?: string;
    client_ip_address?: string;
    client_user_agent?: string;
  };
}

/** Meta's click: the URL's fbclid, or else the _fbc cookie (which carries one). */
export function metaClickOf(t: ConversionTouchpoint): ClickRef | null {
  const fbclid = t.click_ids.fbclid;
  if (typeof fbclid === 'string' && fbclid !== '') return { type: 'fbclid', value: fbclid };
  return t.fbc ? { type: 'fbc', value: t.fbc } : null;
}

/**
 * The fbc to send: the browser's _fbc cookie when it carries this click, else built as Meta specifies,
 * fb.1.<creation time in ms>.<fbclid>, the creation time being when the fbclid was seen (the touchpoint).
 */
export function fbcOf(t: ConversionTouchpoint, click: ClickRef): string {
  if (click.type === 'fbc') return click.value;
  if (t.fbc && t.fbc.endsWith(`.${click.value}`)) return t.fbc;
  return `fb.1.${t.occurred_at}.${click.value}`;
}


export const unixSeconds = (ms: Millis): number => Math.floor(ms / 1000);

export function serverEvent(facts: ConversionFacts): ServerEvent {
  const t = facts.touchpoint;
  const user: ServerEvent['user_data'] = { fbc: fbcOf(t, facts.click) };
  if (t.fbp) user.fbp = t.fbp;
  if (facts.email !== null && mayShareHashedEmail(t)) user.em = [hashEmail(facts.email)];
  // IP and user agent travel in clear: only with the visitor's explicit yes to ads measurement.
  if (mayShareClientData(t)) {
    if (t.ip) user.client_ip_address = t.ip;
    if (t.user_agent) user.client_user_agent = t.user_agent;
  }
  return {
    event_name: META_EVENT_NAME, event_time: unixSeconds(facts.converted_at), event_id: companyEventId(facts.company_id),
    action_source: META_ACTION_SOURCE, user_data: user,
  };
}

export const eventsPath = (version: string, pixelId: string): string => `/${version}/${encodeURIComponent(pixelId)}/events`;

export interface MetaError { message?: string; type?: string; code?: number; error_subcode?: number; is_transient?: boolean; error_user_msg?: string; fbtrace_id?: string }

export const metaErrorOf = (body: unknown): MetaError | null => {
  const e = (body as { error?: unknown } | null)?.error;
  return e && typeof e === 'object' ? (e as MetaError) : null;
};

/** Graph API errors that go away by waiting: temporary errors and the rate limits (sent with HTTP 400). */
const TRANSIENT_CODES = new Set([1, 2, 4, 17, 32, 341, 613]);
export const isTransient = (e: MetaError): boolean => e.is_transient === true || (e.code !== undefined && TRANSIENT_CODES.has(e.code));
/** Invalid parameter: one event of the batch may be the cause. */
export const isInvalidParameter = (e: MetaError): boolean => e.code === 100;

export function metaErrorReason(e: MetaError | null, fallback: string): string {
  if (e === null) return fallback;
  const code = `${e.type ?? 'Error'} ${e.code ?? '?'}${e.error_subcode ? `/${e.error_subcode}` : ''}`;
  return `${code}: ${e.error_user_msg ?? e.message ?? 'no message'}`;
}
