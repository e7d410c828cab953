// Which ad platform a click ID or a utm_source names, for the quality report's "click IDs whose UTMs name another
// platform": a gclid on a visit tagged utm_source=facebook means a tagging mistake (a copied URL template, a
// shortener rewriting the query), and one of the two platforms is being credited for the other's click.
import { CLICK_ID_IMPLIES } from '../campaign/click-ids.js';
import type { ClickIdType } from '../types.js';

export type Platform = 'google' | 'microsoft' | 'meta' | 'linkedin' | 'tiktok' | 'x' | 'reddit';


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

/** The platform that appends a click ID to its ad clicks: the one the source it implies names. */
export const clickIdPlatform = (type: ClickIdType): Platform => platformOfSource(CLICK_ID_IMPLIES[type].source)!;

/** The platform the source names when it is not the click ID's own; null when they agree or the source names none. */
export function contradictingPlatform(clickIdType: ClickIdType, source: string): Platform | null {
  const named = platformOfSource(source);
  return named !== null && named !== clickIdPlatform(clickIdType) ? named : null;
}
