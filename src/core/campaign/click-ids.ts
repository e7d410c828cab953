// Click IDs: which ones a touchpoint carries, which is primary, and what one implies when no UTMs name the source.
import { CLICK_ID_TYPES, type ClickId, type ClickIdType } from '../types.js';
import type { ClickIds } from './url-params.js';

/**
 * Source and medium a click ID implies when the touchpoint has no utm_source / utm_medium.
 *
 * - gclid, gbraid, wbraid: Google Ads, `google` / `cpc` (paid_search). msclkid: Microsoft Ads, `bing` / `cpc`.
 *   Both are CONTRACT section 2.
 * - fbclid: `facebook` / `social` (organic_social), per the contract: Meta appends fbclid to organic shares as well
 *   as to ad clicks, so it does not prove payment. A paid Meta click is told apart by its UTMs (`cpc-facebook`).
 * - li_fat_id (LinkedIn), ttclid (TikTok), twclid (X), rdt_cid (Reddit): these platforms add the parameter to ad
 *   clicks only, so `cpc` (paid_social). Sources are the names GA4 lists as social: `linkedin`, `tiktok`,
 *   `twitter` (X's current domain x.com is a referrer alias of the same source), `reddit`.
 * - dclid: Campaign Manager 360 / Display & Video 360, `google` / `display` (display). Not `cpm`: that matches the
 *   PAID regex and, with a search-site source, would become paid_search.
 */
export const CLICK_ID_IMPLIES: Readonly<Record<ClickIdType, { readonly source: string; readonly medium: string }>> = {
  gclid: { source: 'google', medium: 'cpc' },
  gbraid: { source: 'google', medium: 'cpc' },
  wbraid: { source: 'google', medium: 'cpc' },
  msclkid: { source: 'bing', medium: 'cpc' },
  fbclid: { source: 'facebook', medium: 'social' },
  li_fat_id: { source: 'linkedin', medium: 'cpc' },
  ttclid: { source: 'tiktok', medium: 'cpc' },
  twclid: { source: 'twitter', medium: 'cpc' },
  rdt_cid: { source: 'reddit', medium: 'cpc' },
  dclid: { source: 'google', medium: 'display' },
};

/**
 * Click IDs of a `campaign` object. Reads every type of CLICK_ID_TYPES, including those CampaignInput does not
 * declare (twclid, rdt_cid, dclid), so a validator that passes them through is honoured. Non-strings and empty
 * values are ignored.
 */
export function clickIdsOf(obj: object | null): ClickIds | null {
  if (obj === null) return null;
  const rec = obj as Readonly<Record<string, unknown>>;
  let out: ClickIds | null = null;
  for (const type of CLICK_ID_TYPES) {
    const v = rec[type];
    if (typeof v !== 'string') continue;
    const t = v.trim();
    if (t === '') continue;
    (out ??= {})[type] = t;
  }
  return out;
}

/** Both sets of click IDs, in CLICK_ID_TYPES order; for a type present in both, `first` (the landing URL's) wins. */
export function mergeClickIds(first: ClickIds | null, second: ClickIds | null): ClickIds {
  const out: ClickIds = {};
  if (first === null && second === null) return out;
  for (const type of CLICK_ID_TYPES) {
    const value = first?.[type] ?? second?.[type];
    if (value !== undefined) out[type] = value;
  }
  return out;
}

/** The first click ID present, in CLICK_ID_TYPES order. */
export function primaryClickId(ids: ClickIds): ClickId | null {
  for (const type of CLICK_ID_TYPES) {
    const value = ids[type];
    if (value !== undefined) return { type, value };
  }
  return null;
}
