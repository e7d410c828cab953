// Campaign data in a page URL, as the browser needs it: what starts a new session, and which parameters are click
// IDs (ads consent gates those). Pure — URL text in, values out — so it is unit-tested in Node.

/** The click IDs of CONTRACT section 2 that arrive as URL parameters. */
export const CLICK_IDS = ['gclid', 'gbraid', 'wbraid', 'fbclid', 'msclkid', 'li_fat_id', 'ttclid', 'twclid', 'rdt_cid', 'dclid'];

const isCampaignParam = (name: string): boolean => name.indexOf('utm_') === 0 || CLICK_IDS.indexOf(name) >= 0;

/** The URL without its click IDs: what may leave the page when ads consent is not given. Unparseable: ''. */
export function stripClickIds(href: string): string {
  try {
    const url = new URL(href);
    let changed = false;
    for (const id of CLICK_IDS) {
      if (url.searchParams.has(id)) { url.searchParams.delete(id); changed = true; }
    }
    // Untouched URLs are returned as they were: re-serialising would change their encoding for nothing.
    return changed ? url.href : href;
  } catch {
    return '';
  }
}

/**
 * A short fingerprint of the URL's campaign parameters (UTMs and click IDs), '' when it has none. Two landings
 * with the same campaign data (a reload, a back button) give the same fingerprint and so keep the session.
 */
export function campaignKey(href: string): string {
  let pairs: string[] = [];
  try {
    new URL(href).searchParams.forEach((value, name) => { if (value && isCampaignParam(name)) pairs.push(name + '=' + value); });
  } catch {
    return '';
  }
  pairs = pairs.sort();
  if (pairs.length === 0) return '';
  // djb2: short enough for a cookie, and a collision only keeps a session that could have been split.
  let hash = 5381;
  const text = pairs.join('&');
  for (let i = 0; i < text.length; i++) hash = (hash * 33) ^ text.charCodeAt(i);
  return (hash >>> 0).toString(36);
}

/**
 * Meta's `_fbc` cookie value for a landing URL: `fb.1.<ms>.<fbclid>`. Keeps the existing value when it already
 * carries this fbclid (Meta's rule: the timestamp is the first time that click was seen); null when the URL has no
 * fbclid (the existing cookie, if any, stays as it is).
 */
export function fbcFor(href: string, existing: string | null, now: number): string | null {
  let fbclid: string | null = null;
  try { fbclid = new URL(href).searchParams.get('fbclid'); } catch { /* no URL, no click */ }
  // A value that would break the cookie syntax is not a click ID Meta issued.
  if (!fbclid || /[\s;,]/.test(fbclid)) return null;
  if (existing && existing.split('.').slice(3).join('.') === fbclid) return existing;
  return 'fb.1.' + now + '.' + fbclid;
}
