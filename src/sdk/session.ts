// The session rule of CONTRACT section 7, pure: a session ends after 30 minutes without activity, or when the page
// URL brings campaign data other than the session's own. Time is passed in, so a test can move it.

export const SESSION_TIMEOUT_MS = 30 * 60 * 1000;

export interface SessionState {
  id: string;
  /** Epoch ms of the last activity. */
  seen: number;
  /** campaignKey of the session's landing URL ('' for none). */
  campaign: string;
}

/** `_trb_sid` holds `<id>.<seen>.<campaign>`: the last activity lives in the value, not in the cookie's expiry. */
export function parseSession(value: string | null): SessionState | null {
  const parts = value ? value.split('.') : [];
  const seen = Number(parts[1]);
  if (parts.length !== 3 || !parts[0] || !(seen > 0)) return null;
  return { id: parts[0], seen, campaign: parts[2] || '' };
}

export const formatSession = (s: SessionState): string => s.id + '.' + s.seen + '.' + s.campaign;

/**
 * The session after an activity at `now` on a page whose campaign fingerprint is `campaign`. A page without
 * campaign data never splits a session (internal navigation keeps the landing campaign); a clock that went
 * backwards does not either.
 */
export function nextSession(stored: SessionState | null, now: number, campaign: string, newId: () => string): { state: SessionState; isNew: boolean } {
  const expired = !stored || now - stored.seen >= SESSION_TIMEOUT_MS;
  if (expired || (campaign !== '' && campaign !== stored.campaign)) {
    return { state: { id: newId(), seen: now, campaign }, isNew: true };
  }
  return { state: { id: stored.id, seen: Math.max(now, stored.seen), campaign: stored.campaign }, isNew: false };
}
