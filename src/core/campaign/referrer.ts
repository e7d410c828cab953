// Classifies a referrer: absent, internal (same site or an own domain), or an external source with its medium.
import { parse as parseDomain } from 'tldts';
import { parseHost, withoutWww } from './host.js';
import { KNOWN_ANDROID_APPS, KNOWN_BRANDS, KNOWN_DOMAINS, KNOWN_HOSTS, type KnownReferrer } from './known-referrers.js';
import { isOwnHost } from './own-domains.js';
import type { SourceCategories } from './source-categories.js';

export type ReferrerKind = 'search' | 'social' | 'video' | 'shopping' | 'other';

export type ReferrerClass =
  /** No referrer, or one that holds no host (`about:blank`, garbage). */
  | { kind: 'none' }
  /** Same registrable domain as the page, or a configured own domain: not a referral. */
  | { kind: 'internal' }
  | { kind: ReferrerKind; source: string; medium: string; domain: string };

export interface ReferrerContext {
  /** Lower-cased host of the page, or null when the touchpoint has no page URL. */
  pageHost: string | null;
  /** Normalised with normaliseOwnDomains(). */
  ownDomains: readonly string[];
  categories: SourceCategories;
}

const NONE: ReferrerClass = Object.freeze({ kind: 'none' });
const INTERNAL: ReferrerClass = Object.freeze({ kind: 'internal' });

// Private suffixes (github.io, blogspot.com) count: two GitHub Pages sites are different sites.
const TLDTS_OPTIONS = { allowPrivateDomains: true, extractHostname: false, validateHostname: false } as const;

/**
 * Search engines get medium `organic`, social networks `social`. Video and shopping sites get `referral`, as in GA4:
 * their channel (organic_video, organic_shopping) comes from the source category, and medium `social` would make
 * YouTube organic_social, since that row comes first.
 */
const MEDIUM_OF: Readonly<Record<ReferrerKind, string>> = {
  search: 'organic', social: 'social', video: 'referral', shopping: 'referral', other: 'referral',
};

function known(k: KnownReferrer, domain: string): ReferrerClass {
  return { kind: k.kind, source: k.source, medium: MEDIUM_OF[k.kind], domain };
}

function categoryOf(name: string, c: SourceCategories): ReferrerKind | null {
  if (c.search.has(name)) return 'search';
  if (c.social.has(name)) return 'social';
  if (c.video.has(name)) return 'video';
  if (c.shopping.has(name)) return 'shopping';
  return null;
}

function siteOf(host: string): string {
  return parseDomain(host, TLDTS_OPTIONS).domain ?? host;
}

export function classifyReferrer(referrer: string | null, ctx: ReferrerContext): ReferrerClass {
  const parsed = parseHost(referrer);
  if (parsed === null) return NONE;
  const { host, scheme } = parsed;

  if (scheme === 'android-app') {
    const app = KNOWN_ANDROID_APPS.get(host);
    return app ? known(app, host) : { kind: 'other', source: host, medium: 'referral', domain: host };
  }

  if (host === ctx.pageHost || isOwnHost(host, ctx.ownDomains)) return INTERNAL;
  const info = parseDomain(host, TLDTS_OPTIONS);
  const site = info.domain ?? host;
  if (ctx.pageHost !== null && site === siteOf(ctx.pageHost)) return INTERNAL;

  const domain = withoutWww(host);
  const byHost = KNOWN_HOSTS.get(domain);
  if (byHost) return known(byHost, domain);
  const byDomain = KNOWN_DOMAINS.get(site);
  if (byDomain) return known(byDomain, domain);
  const name = info.domainWithoutSuffix;
  if (name !== null && info.isPrivate !== true) {
    const byBrand = KNOWN_BRANDS.get(name);
    if (byBrand) return known(byBrand, domain);
  }

  // The long tail: GA4's source lists name many sites by host (m.yelp.com) or by domain (quora.com). Where the
  // bare name is listed in the same category (yelp, quora) it is the plainer source, as for the brands above.
  let listed = domain;
  let kind = categoryOf(domain, ctx.categories);
  if (kind === null && site !== domain) { listed = site; kind = categoryOf(site, ctx.categories); }
  if (kind !== null) {
    const plain = name !== null && name !== '' && categoryOf(name, ctx.categories) === kind ? name : listed;
    return { kind, source: plain, medium: MEDIUM_OF[kind], domain };
  }
  return { kind: 'other', source: domain, medium: 'referral', domain };
}
