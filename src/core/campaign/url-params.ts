// Reads the campaign parameters of a landing URL: utm_* and the ad platforms' click IDs.
// Tolerant by design: any string is accepted (relative URLs, missing scheme, broken escapes) and nothing throws.
import { CLICK_ID_TYPES, type ClickIdType } from '../types.js';
import { decodeQueryComponent } from './decode.js';

export type ClickIds = Partial<Record<ClickIdType, string>>;

export interface CampaignParams {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  term: string | null;
  content: string | null;
  /** Click IDs present, with non-empty values; null when there are none. */
  clickIds: ClickIds | null;
}

export const NO_CAMPAIGN_PARAMS: CampaignParams = Object.freeze({
  source: null, medium: null, campaign: null, term: null, content: null, clickIds: null,
});

type UtmField = 'source' | 'medium' | 'campaign' | 'term' | 'content';
const UTM_KEYS: ReadonlyMap<string, UtmField> = new Map<string, UtmField>([
  ['utm_source', 'source'], ['utm_medium', 'medium'], ['utm_campaign', 'campaign'],
  ['utm_term', 'term'], ['utm_content', 'content'],
]);
const CLICK_ID_KEYS: ReadonlySet<string> = new Set<string>(CLICK_ID_TYPES);
const MAX_KEY_LENGTH = 12; // the longest key we read, 'utm_campaign'
const UPPER = /[A-Z]/;

/** Trimmed value, or null when empty. */
export function nonEmpty(value: string): string | null {
  const t = value.trim();
  return t === '' ? null : t;
}

function readKey(rawKey: string): string {
  const key = rawKey.indexOf('%') === -1 ? rawKey : decodeQueryComponent(rawKey);
  // Keys are matched case-insensitively: `UTM_Source` is a typo we would rather honour than drop.
  return UPPER.test(key) ? key.toLowerCase() : key;
}

/**
 * The query of `url` (between the first `?` and the fragment). A `?` inside the fragment (`/#/page?utm_source=x`)
 * does not count, as in GA4. The first non-empty value of a repeated key wins. Values are decoded and trimmed.
 */
export function parseCampaignParams(url: string | null): CampaignParams {
  if (url === null) return NO_CAMPAIGN_PARAMS;
  const q = url.indexOf('?');
  if (q === -1) return NO_CAMPAIGN_PARAMS;
  const hash = url.indexOf('#');
  if (hash !== -1 && hash < q) return NO_CAMPAIGN_PARAMS;
  const end = hash === -1 ? url.length : hash;

  let source: string | null = null;
  let medium: string | null = null;
  let campaign: string | null = null;
  let term: string | null = null;
  let content: string | null = null;
  let clickIds: ClickIds | null = null;

  let start = q + 1;
  while (start < end) {
    let amp = url.indexOf('&', start);
    if (amp === -1 || amp > end) amp = end;
    const eq = url.indexOf('=', start);
    if (eq !== -1 && eq < amp && eq - start <= MAX_KEY_LENGTH * 3) {
      const key = readKey(url.slice(start, eq));
      const utm = UTM_KEYS.get(key);
      if (utm !== undefined || CLICK_ID_KEYS.has(key)) {
        const value = nonEmpty(decodeQueryComponent(url.slice(eq + 1, amp)));
        if (value !== null) {
          switch (utm) {
            case 'source': source ??= value; break;
            case 'medium': medium ??= value; break;
            case 'campaign': campaign ??= value; break;
            case 'term': term ??= value; break;
            case 'content': content ??= value; break;
            case undefined: {
              const type = key as ClickIdType;
              if (clickIds === null) clickIds = { [type]: value };
              else clickIds[type] ??= value;
              break;
            }
            default: {
              const never: never = utm;
              throw new Error(`unreachable: ${String(never)}`);
            }
          }
        }
      }
    }
    start = amp + 1;
  }

  if (source === null && medium === null && campaign === null && term === null && content === null && clickIds === null) {
    return NO_CAMPAIGN_PARAMS;
  }
  return { source, medium, campaign, term, content, clickIds };
}
