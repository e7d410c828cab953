// Shared vocabulary of the domain core. Plain data only: the core never does I/O.

/** Epoch milliseconds. Event time everywhere in the core. */
export type Millis = number;

export const CLICK_ID_TYPES = [
  'gclid', 'gbraid', 'wbraid', 'msclkid', 'fbclid', 'li_fat_id', 'ttclid', 'twclid', 'rdt_cid', 'dclid',
] as const;
/** Click IDs read from a landing URL or a `campaign` object, in the order that picks the primary one. */
export type ClickIdType = (typeof CLICK_ID_TYPES)[number];

/** Meta's browser cookies: kept for the conversion APIs, never the touchpoint's primary click ID. */
export interface MetaCookies { fbp: string | null; fbc: string | null }

export interface ClickId { type: ClickIdType; value: string }

export const CHANNELS = [
  'direct', 'cross_network', 'paid_shopping', 'paid_search', 'paid_social', 'paid_video', 'display', 'paid_other',
  'organic_shopping', 'organic_social', 'organic_video', 'organic_search', 'referral', 'email', 'affiliates',
  'audio', 'sms', 'mobile_push_notifications', 'unassigned',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** The campaign attributes of one touchpoint, resolved per CONTRACT section 2. */
export interface ResolvedCampaign {
  channel: Channel;
  source: string;
  medium: string;
  campaign: string | null;
  term: string | null;
  content: string | null;
  /** The primary click ID (first of CLICK_ID_TYPES present), or null. */
  click_id: ClickId | null;
  /** Every click ID seen, for the conversion workers. */
  click_ids: Partial<Record<ClickIdType, string>>;
  meta_cookies: MetaCookies;
  /** Host of an external referrer without `www.`, or null. */
  referrer_domain: string | null;
  landing_url: string | null;
}

export type TouchpointOrigin = 'visit' | 'form' | 'call' | 'mobile';

export interface Touchpoint extends ResolvedCampaign {
  touchpoint_id: string;
  occurred_at: Millis;
  origin: TouchpointOrigin;
  client_id: string | null;
  device_id: string | null;
  email: string | null;
  session_id: string | null;
}

/**
 * A node of the identity graph, as a prefixed string so it can be a map key and a SQL text value:
 * `client:<id>`, `device:<id>`, `email:<normalised email>`, `company:<id>`.
 */
export type IdentityNode = `${'client' | 'device' | 'email' | 'company'}:${string}`;
