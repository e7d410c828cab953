// How a visit arrives: the landing URL (UTMs, click IDs) and the referrer, per marketing channel, as ad platforms,
// search engines and email tools really produce them. Classifying them is the pipeline's job, not this file's: here
// we only make sure every family of CONTRACT section 2 shows up, in believable proportions.
import { PAGES } from './catalog.js';
import type { Country } from './catalog.js';
import { weighted, type Random } from './random.js';

export type ChannelKind =
  | 'direct' | 'internal' | 'organic_search' | 'google_ads' | 'microsoft_ads' | 'meta_ads' | 'linkedin_ads'
  | 'tiktok_ads' | 'organic_social' | 'youtube' | 'referral' | 'email' | 'affiliate' | 'display';

/** The first visit of a person: how people discover a B2B product. */
export const FIRST_VISIT = weighted<ChannelKind>([
  ['organic_search', 24], ['google_ads', 17], ['direct', 11], ['referral', 8], ['meta_ads', 7],
  ['organic_social', 6], ['linkedin_ads', 6], ['microsoft_ads', 4], ['affiliate', 3], ['display', 3],
  ['email', 2], ['youtube', 1.5], ['tiktok_ads', 1.5],
]);

/** Later visits before converting: mostly direct and branded search, nurture emails, retargeting. */
export const RETURN_VISIT = weighted<ChannelKind>([
  ['direct', 34], ['organic_search', 16], ['google_ads', 11], ['email', 12], ['internal', 4], ['meta_ads', 4],
  ['referral', 4], ['organic_social', 4], ['linkedin_ads', 3], ['microsoft_ads', 2], ['display', 3],
  ['affiliate', 1], ['youtube', 1], ['tiktok_ads', 0.5],
]);

/** Visits of a customer after converting: logging in, onboarding emails, the odd branded search ad. */
export const CUSTOMER_VISIT = weighted<ChannelKind>([
  ['direct', 64], ['internal', 8], ['email', 16], ['google_ads', 6], ['organic_search', 6],
]);

export interface Landing {
  pageUrl: string;
  referrer: string | null;
  /** Set when Meta's ad or share link carried one: the site's pixel turns it into `_fbc`. */
  fbclid: string | null;
  /** A Meta ad visit: the pixel sets `_fbp` if it was not set yet. */
  meta: boolean;
}

export const clickIds = {
  gclid: (rng: Random): string => rng.base64url(70, 'Cj0KCQjw', '_BwE'),
  gbraid: (rng: Random): string => rng.base64url(30, '0AAAAAD'),
  wbraid: (rng: Random): string => rng.base64url(44, 'CjkKCQjw'),
  fbclid: (rng: Random): string => rng.base64url(58, 'IwAR'),
  msclkid: (rng: Random): string => rng.hex(32),
  li_fat_id: (rng: Random): string => rng.uuid(),
  ttclid: (rng: Random): string => rng.base64url(52, 'E.C.P.'),
};

const enc = encodeURIComponent;

function withQuery(page: string, pairs: readonly (readonly [string, string])[]): string {
  const parts: string[] = [page];
  pairs.forEach(([key, value], i) => parts.push(i === 0 ? '?' : '&', key, '=', enc(value)));
  return parts.join(''); // one flat string, not a tree of cons strings
}

const GOOGLE_CAMPAIGNS: readonly { name: string; terms: readonly string[] }[] = [
  { name: 'brand_search', terms: ['tributary', 'tributary attribution', 'tributary pricing', 'tributary login'] },
  {
    name: 'nonbrand_attribution_software',
    terms: ['marketing attribution software', 'multi touch attribution tool', 'b2b attribution platform',
      'attribution tracking', 'first touch attribution'],
  },
  { name: 'competitor_conquest', terms: ['hockeystack alternative', 'dreamdata pricing', 'segment alternative'] },
  { name: 'pmax_free_trial', terms: [] },
  { name: 'dsa_all_pages', terms: [] },
];
const AD_CONTENT = ['rsa_v3', 'rsa_v4_pricing', 'ad_1127', 'ad_1342'] as const;

function googleAds(rng: Random, country: Country): Landing {
  const page = rng.pick(PAGES.paidLanding);
  const campaign = rng.pick(GOOGLE_CAMPAIGNS);
  const referrer = rng.chance(0.6) ? country.google : null;
  const variant = rng.next();
  let pageUrl: string;
  if (variant < 0.5) {
    const pairs: [string, string][] = [
      ['utm_source', 'google'], ['utm_medium', 'cpc'],
      ['utm_campaign', `${campaign.name}_${country.code.toLowerCase()}`],
    ];
    if (campaign.terms.length > 0) pairs.push(['utm_term', rng.pick(campaign.terms)]);
    pairs.push(['utm_content', rng.pick(AD_CONTENT)], ['gclid', clickIds.gclid(rng)]);
    pageUrl = withQuery(page, pairs);
  } else if (variant < 0.72) {
    pageUrl = withQuery(page, [['gclid', clickIds.gclid(rng)]]); // auto-tagging only
  } else if (variant < 0.84) {
    // iOS traffic: Google sends gbraid (app to web) or wbraid (web to web) instead of gclid.
    pageUrl = rng.chance(0.5)
      ? withQuery(page, [['gbraid', clickIds.gbraid(rng)]])
      : withQuery(page, [['utm_source', 'google'], ['utm_medium', 'cpc'], ['wbraid', clickIds.wbraid(rng)]]);
  } else {
    // The flow document's naming convention.
    const brand = campaign.name === 'brand_search' || rng.chance(0.4);
    pageUrl = withQuery(page, [
      ['utm_source', brand ? 'cpc-google-brand' : 'cpc-google-nonbrand'], ['utm_medium', 'cpc'],
      ['utm_campaign', brand ? 'brand_exact' : campaign.name], ['gclid', clickIds.gclid(rng)],
    ]);
  }
  return { pageUrl, referrer, fbclid: null, meta: false };
}

function microsoftAds(rng: Random): Landing {
  const page = rng.pick(PAGES.paidLanding);
  const msclkid = clickIds.msclkid(rng);
  const variant = rng.next();
  const pageUrl = variant < 0.6
    ? withQuery(page, [['utm_source', 'bing'], ['utm_medium', 'cpc'], ['utm_campaign', 'nonbrand_attribution_software'],
      ['utm_term', 'marketing attribution'], ['msclkid', msclkid]])
    : variant < 0.8
      ? withQuery(page, [['msclkid', msclkid]])
      : withQuery(page, [['utm_source', 'cpc-bing-brand'], ['utm_medium', 'cpc'], ['utm_campaign', 'brand_exact'],
        ['msclkid', msclkid]]);
  return { pageUrl, referrer: rng.chance(0.5) ? 'https://www.bing.com/' : null, fbclid: null, meta: false };
}

const META_CAMPAIGNS = ['prospecting_lookalike_1pct', 'retargeting_site_visitors_30d', 'webinar_promo_q2'] as const;
const META_CREATIVES = ['video_15s_v2', 'carousel_case_study', 'static_quote_card'] as const;

function metaAds(rng: Random): Landing {
  const page = rng.pick(PAGES.paidLanding);
  const fbclid = clickIds.fbclid(rng);
  const instagram = rng.chance(0.2);
  const flowNaming = rng.chance(0.25);
  const pageUrl = withQuery(page, [
    ['utm_source', flowNaming ? 'cpc-facebook' : instagram ? 'instagram' : 'facebook'],
    ['utm_medium', flowNaming ? 'cpc' : 'paid_social'], ['utm_campaign', rng.pick(META_CAMPAIGNS)],
    ['utm_content', rng.pick(META_CREATIVES)], ['fbclid', fbclid],
  ]);
  // In-app browsers often send no referrer at all.
  const referrer = rng.chance(0.35) ? null : instagram ? 'https://l.instagram.com/' : 'https://l.facebook.com/';
  return { pageUrl, referrer, fbclid, meta: true };
}

function linkedinAds(rng: Random): Landing {
  const page = rng.pick(PAGES.paidLanding);
  const flowNaming = rng.chance(0.25);
  const pageUrl = withQuery(page, [
    ['utm_source', flowNaming ? 'cpc-linkedin' : 'linkedin'], ['utm_medium', flowNaming ? 'cpc' : 'paid_social'],
    ['utm_campaign', rng.pick(['abm_mid_market_q2', 'lead_gen_attribution_guide', 'thought_leader_ads'])],
    ['li_fat_id', clickIds.li_fat_id(rng)],
  ]);
  return { pageUrl, referrer: rng.chance(0.6) ? 'https://www.linkedin.com/' : null, fbclid: null, meta: false };
}

function tiktokAds(rng: Random): Landing {
  const pageUrl = withQuery(rng.pick(PAGES.paidLanding), [
    ['utm_source', 'tiktok'], ['utm_medium', 'paid_social'], ['utm_campaign', 'spark_ads_founder_story'],
    ['ttclid', clickIds.ttclid(rng)],
  ]);
  return { pageUrl, referrer: rng.chance(0.5) ? 'https://www.tiktok.com/' : null, fbclid: null, meta: false };
}

function organicSearch(rng: Random, country: Country): Landing {
  const x = rng.next();
  const referrer = x < 0.55 ? country.google
    : x < 0.68 ? 'https://www.google.com/'
      : x < 0.8 ? 'https://www.bing.com/'
        : x < 0.9 ? 'https://duckduckgo.com/'
          : x < 0.95 ? 'https://search.yahoo.com/'
            : 'https://www.ecosia.org/';
  return { pageUrl: rng.pick(PAGES.content), referrer, fbclid: null, meta: false };
}

const SOCIAL_REFERRERS = [
  'https://t.co/', 'https://t.co/', 'https://www.linkedin.com/feed/', 'https://www.linkedin.com/feed/',
  'https://www.linkedin.com/', 'https://www.reddit.com/', 'https://www.facebook.com/', 'https://m.facebook.com/',
] as const;

function organicSocial(rng: Random): Landing {
  if (rng.chance(0.15)) {
    // A shared link opened from Facebook: Meta appends fbclid even though nobody paid.
    const fbclid = clickIds.fbclid(rng);
    const pageUrl = withQuery(rng.pick(PAGES.content), [['fbclid', fbclid]]);
    return { pageUrl, referrer: 'https://l.facebook.com/', fbclid, meta: false };
  }
  return { pageUrl: rng.pick(PAGES.content), referrer: rng.pick(SOCIAL_REFERRERS), fbclid: null, meta: false };
}

const REFERRAL_SITES = [
  'https://www.g2.com/products/tributary/reviews', 'https://www.capterra.com/p/240011/Tributary/',
  'https://martechweekly.blog/best-attribution-tools', 'https://www.growthcollective.io/resources/attribution',
  'https://brightfunnel-agency.com/our-stack', 'https://github.com/tributary-dev/tributary',
  'https://www.producthunt.com/products/tributary', 'https://stackoverflow.com/questions/7723121',
  'https://news.ycombinator.com/item?id=39012344',
] as const;

function referral(rng: Random): Landing {
  const page = rng.chance(0.5) ? PAGES.home : rng.pick(PAGES.content);
  return { pageUrl: page, referrer: rng.pick(REFERRAL_SITES), fbclid: null, meta: false };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;

function email(rng: Random, t: number, customer: boolean): Landing {
  const date = new Date(t);
  const pairs: [string, string][] = customer
    ? [['utm_source', 'customer.io'], ['utm_medium', 'email'],
      ['utm_campaign', rng.pick(['onboarding_day_2', 'onboarding_day_7', 'feature_announcement'])]]
    : rng.chance(0.6)
      ? [['utm_source', 'newsletter'], ['utm_medium', 'email'],
        ['utm_campaign', `newsletter_${MONTHS[date.getUTCMonth()]}_${date.getUTCFullYear()}`],
        ['utm_content', rng.pick(['hero_link', 'blog_link', 'footer_cta'])]]
      : [['utm_source', 'hubspot'], ['utm_medium', 'email'], ['utm_campaign', `nurture_step_${rng.int(1, 5)}`]];
  const page = customer ? PAGES.login : rng.pick(PAGES.content);
  return {
    pageUrl: withQuery(page, pairs), referrer: rng.chance(0.1) ? 'https://outlook.live.com/' : null,
    fbclid: null, meta: false,
  };
}

const AFFILIATES = ['saasreviewhub', 'growthstack', 'martechdeals'] as const;

function affiliate(rng: Random): Landing {
  const partner = rng.pick(AFFILIATES);
  const pageUrl = withQuery(PAGES.home, [
    ['utm_source', 'partnerstack'], ['utm_medium', 'affiliate'], ['utm_campaign', `partner_${partner}`],
    ['ps_partner_key', partner], ['ps_xid', rng.base62(12)],
  ]);
  return { pageUrl, referrer: `https://www.${partner}.com/best-attribution-tools`, fbclid: null, meta: false };
}

function display(rng: Random): Landing {
  const pageUrl = rng.chance(0.6)
    ? withQuery(PAGES.pricing, [['utm_source', 'google'], ['utm_medium', 'display'],
      ['utm_campaign', 'gdn_retargeting_30d'], ['utm_content', '300x250_v2'], ['gclid', clickIds.gclid(rng)]])
    : withQuery(PAGES.pricing, [['utm_source', 'adroll'], ['utm_medium', 'banner'],
      ['utm_campaign', 'retargeting_pricing_visitors']]);
  return { pageUrl, referrer: null, fbclid: null, meta: false };
}

/** The landing page and referrer of one visit through `kind`. */
export function landing(rng: Random, kind: ChannelKind, t: number, country: Country, customer = false): Landing {
  switch (kind) {
    case 'direct':
      return { pageUrl: customer ? PAGES.login : rng.pick(PAGES.direct), referrer: null, fbclid: null, meta: false };
    case 'internal':
      // A session that timed out mid-browse, or a jump from the app: a same-site referrer, still direct.
      return {
        pageUrl: rng.pick(PAGES.browse), referrer: rng.pick(PAGES.internalReferrers), fbclid: null, meta: false,
      };
    case 'organic_search': return organicSearch(rng, country);
    case 'google_ads': return googleAds(rng, country);
    case 'microsoft_ads': return microsoftAds(rng);
    case 'meta_ads': return metaAds(rng);
    case 'linkedin_ads': return linkedinAds(rng);
    case 'tiktok_ads': return tiktokAds(rng);
    case 'organic_social': return organicSocial(rng);
    case 'youtube':
      return { pageUrl: rng.pick(PAGES.content), referrer: 'https://www.youtube.com/', fbclid: null, meta: false };
    case 'referral': return referral(rng);
    case 'email': return email(rng, t, customer);
    case 'affiliate': return affiliate(rng);
    case 'display': return display(rng);
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown channel ${String(unreachable)}`);
    }
  }
}
