// Turns a landing URL, a referrer and/or a `campaign` object into the campaign attributes of one touchpoint
// (CONTRACT section 2). Pure and allocation-light: it runs once per session, form, call and mobile event.
import type { CampaignInput } from '../events/types.js';
import type { ResolvedCampaign } from '../types.js';
import { defaultChannelGroup } from './channel.js';
import { CLICK_ID_IMPLIES, clickIdsOf, mergeClickIds, primaryClickId } from './click-ids.js';
import { FLOW_DOCUMENT_DEFAULT_MEDIUM, flowDocumentCategory } from './flow-document.js';
import { parseHost } from './host.js';
import { normaliseOwnDomains } from './own-domains.js';
import { classifyReferrer } from './referrer.js';
import { DEFAULT_SOURCE_CATEGORIES, type SourceCategories } from './source-categories.js';
import { nonEmpty, parseCampaignParams } from './url-params.js';

export interface MetaCookieInput { _fbp: string | null; _fbc: string | null }

/** One touchpoint's raw campaign evidence. */
export interface CampaignEvidence {
  pageUrl: string | null;
  referrer: string | null;
  campaign: CampaignInput | null;
  cookies?: MetaCookieInput | null;
}

export interface CampaignResolverOptions {
  /** Domains whose referrers (subdomains included) are internal navigation, e.g. the app beside the marketing site. */
  ownDomains?: readonly string[];
  /** Defaults to GA4's lists; extend with mergeSourceCategories(). */
  categories?: SourceCategories;
}

export type ResolveCampaignInput = CampaignEvidence & CampaignResolverOptions;

export type CampaignResolver = (evidence: CampaignEvidence) => ResolvedCampaign;

const NOT_SET = '(not set)';

function field(obj: Readonly<Record<string, unknown>> | null, key: string): string | null {
  if (obj === null) return null;
  const v = obj[key];
  return typeof v === 'string' ? nonEmpty(v) : null;
}

function cookie(value: unknown): string | null {
  return typeof value === 'string' ? nonEmpty(value) : null;
}

function resolve(e: CampaignEvidence, ownDomains: readonly string[], categories: SourceCategories): ResolvedCampaign {
  const pageUrl = typeof e.pageUrl === 'string' ? e.pageUrl : null;
  const obj = e.campaign !== null && typeof e.campaign === 'object'
    ? (e.campaign as unknown as Readonly<Record<string, unknown>>) : null;

  // Precedence, field by field: the landing URL's query, then the `campaign` object.
  const url = parseCampaignParams(pageUrl);
  const rawSource = url.source ?? field(obj, 'source');
  const rawMedium = url.medium ?? field(obj, 'medium');
  const campaign = url.campaign ?? field(obj, 'campaign');
  const term = url.term ?? field(obj, 'term');
  const content = url.content ?? field(obj, 'content');
  const clickIds = mergeClickIds(url.clickIds, clickIdsOf(obj));
  const clickId = primaryClickId(clickIds);
  const implied = clickId === null ? null : CLICK_ID_IMPLIES[clickId.type];

  const pageHost = pageUrl === null ? null : (parseHost(pageUrl)?.host ?? null);
  const ref = classifyReferrer(typeof e.referrer === 'string' ? e.referrer : null, { pageHost, ownDomains, categories });
  const external = ref.kind !== 'none' && ref.kind !== 'internal' ? ref : null;

  let source: string;
  let medium: string;
  if (rawSource !== null || rawMedium !== null) {
    // UTMs name the traffic. A missing half is filled from the click ID when there is one (utm_medium=cpc&gclid=…
    // is google), else GA4's `(not set)`; a flow-document source without a medium is `cpc`.
    source = rawSource !== null ? rawSource.toLowerCase() : (implied?.source ?? NOT_SET);
    medium = rawMedium !== null
      ? rawMedium.toLowerCase()
      : flowDocumentCategory(source) !== null ? FLOW_DOCUMENT_DEFAULT_MEDIUM : (implied?.medium ?? NOT_SET);
  } else if (implied !== null) {
    source = implied.source;
    medium = implied.medium;
  } else if (external !== null) {
    source = external.source;
    medium = external.medium;
  } else if (campaign !== null || term !== null || content !== null) {
    // Campaign data without a source, and no external referrer to name one: not direct (CONTRACT 2), not known.
    source = NOT_SET;
    medium = NOT_SET;
  } else {
    source = '(direct)';
    medium = '(none)';
  }

  const cookies = e.cookies !== null && typeof e.cookies === 'object' ? e.cookies : null;
  return {
    channel: defaultChannelGroup({ source, medium, campaign }, categories),
    source,
    medium,
    campaign,
    term,
    content,
    click_id: clickId,
    click_ids: clickIds,
    meta_cookies: { fbp: cookie(cookies?._fbp), fbc: cookie(cookies?._fbc) },
    referrer_domain: external === null ? null : external.domain,
    landing_url: pageUrl === null || pageUrl.trim() === '' ? null : pageUrl,
  };
}

/**
 * A resolver with the deployment's options prepared once (own domains normalised). Prefer it on the hot path.
 */
export function createCampaignResolver(options: CampaignResolverOptions = {}): CampaignResolver {
  const ownDomains = normaliseOwnDomains(options.ownDomains ?? []);
  const categories = options.categories ?? DEFAULT_SOURCE_CATEGORIES;
  return function resolveTouchpointCampaign(evidence: CampaignEvidence): ResolvedCampaign {
    return resolve(evidence, ownDomains, categories);
  };
}

const NO_OWN_DOMAINS: readonly string[] = Object.freeze([]);

/** Resolves one touchpoint's campaign. Never throws, whatever the strings hold. */
export function resolveCampaign(input: ResolveCampaignInput): ResolvedCampaign {
  const ownDomains = input.ownDomains && input.ownDomains.length > 0
    ? normaliseOwnDomains(input.ownDomains) : NO_OWN_DOMAINS;
  return resolve(input, ownDomains, input.categories ?? DEFAULT_SOURCE_CATEGORIES);
}
