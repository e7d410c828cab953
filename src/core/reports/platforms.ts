// Which ad platform a click ID or a utm_source names, for the quality report's "click IDs whose UTMs name another
// platform": a gclid on a visit tagged utm_source=facebook means a tagging mistake (a copied URL template, a
// shortener rewriting the query), and one of the two platforms is being credited for the other's click.
import type { ClickIdType } from '../types.js';

export type Platform = 'google' | 'microsoft' | 'meta' | 'linkedin' | 'tiktok' | 'x' | 'reddit';

/** The platform that appends each click ID to its ad clicks (the same table as CLICK_ID_IMPLIES). */
export const CLICK_ID_PLATFORM: Readonly<Record<ClickIdType, Platform>> = {
  gclid: 'google', gbraid: 'google', wbraid: 'google', dclid: 'google',
  msclkid: 'microsoft', fbclid: 'meta', li_fat_id: 'linkedin', ttclid: 'tiktok', twclid: 'x', rdt_cid: 'reddit',
};

// Source names as GA4's source lists and the flow document (`cpc-google-brand`) spell them.
const SOURCE_PLATFORM: ReadonlyArray<readonly [Platform, readonly string[]]> = [
  ['google', ['google', 'googleads', 'adwords', 'youtube', 'dv360', 'gdn', 'doubleclick']],
  ['microsoft', ['bing', 'microsoft', 'msn', 'microsoftads']],
  ['meta', ['facebook', 'fb', 'instagram', 'ig', 'meta', 'messenger']],
  ['linkedin', ['linkedin', 'lnkd.in']],
  ['tiktok', ['tiktok']],
  ['x', ['twitter', 'x', 't.co', 'x.com']],
  ['reddit', ['reddit']],
];

/** The platform a (lower-cased) utm_source names, or null for a source that is no ad platform (newsletter, partner.com). */
export function platformOfSource(source: string): Platform | null {
  const name = source.startsWith('cpc-') ? source.slice(4) : source;
  for (const [platform, names] of SOURCE_PLATFORM) {
    if (names.some((n) => name === n || name.startsWith(`${n}-`) || name.startsWith(`${n}.`) || name.startsWith(`${n}_`))) return platform;
  }
  return null;
}

/** The platform the source names when it is not the click ID's own; null when they agree or the source names none. */
export function contradictingPlatform(clickIdType: ClickIdType, source: string): Platform | null {
  const named = platformOfSource(source);
  return named !== null && named !== CLICK_ID_PLATFORM[clickIdType] ? named : null;
}
