// The objects of CONTRACT section 5, shared by `tributary export`, the HTTP API and the `*_updated` events.
// Missing values are null, never absent; times are ISO-8601 in UTC with milliseconds.
import type { ClickId, Millis, Touchpoint } from '../types.js';

export interface ExportedTouchpointRef {
  touchpoint_id: string;
  occurred_at: string;
  channel: string;
  source: string;
  medium: string;
  campaign: string | null;
  click_id: ClickId | null;
}

export interface CompanyAttribution {
  company_id: string;
  converted_at: string;
  first_touch: ExportedTouchpointRef | null;
  last_touch: ExportedTouchpointRef | null;
  first_touch_28d: ExportedTouchpointRef | null;
  original_source: ExportedTouchpointRef | null;
}

export interface ContactAttribution {
  contact_id: string;
  email: string;
  converted_at: string;
  first_touch: ExportedTouchpointRef | null;
}

export interface ExportedTouchpoint {
  touchpoint_id: string; occurred_at: string; origin: string; client_id: string | null; device_id: string | null;
  email: string | null; session_id: string | null; channel: string; source: string; medium: string;
  campaign: string | null; term: string | null; content: string | null; click_id: ClickId | null;
  referrer_domain: string | null; landing_url: string | null;
}

export const isoTime = (ms: Millis): string => new Date(ms).toISOString();

export function touchpointRef(t: Pick<Touchpoint, 'touchpoint_id' | 'occurred_at' | 'channel' | 'source' | 'medium' | 'campaign' | 'click_id'> | null): ExportedTouchpointRef | null {
  if (t === null) return null;
  return {
    touchpoint_id: t.touchpoint_id, occurred_at: isoTime(t.occurred_at), channel: t.channel, source: t.source,
    medium: t.medium, campaign: t.campaign, click_id: t.click_id,
  };
}

export function exportedTouchpoint(t: Touchpoint): ExportedTouchpoint {
  return {
    touchpoint_id: t.touchpoint_id, occurred_at: isoTime(t.occurred_at), origin: t.origin, client_id: t.client_id,
    device_id: t.device_id, email: t.email, session_id: t.session_id, channel: t.channel, source: t.source,
    medium: t.medium, campaign: t.campaign, term: t.term, content: t.content, click_id: t.click_id,
    referrer_domain: t.referrer_domain, landing_url: t.landing_url,
  };
}
