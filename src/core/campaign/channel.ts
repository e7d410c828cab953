// GA4's default channel group, row by row in GA4's order (DESIGN.md "Channel rules"); the first match wins.
import type { Channel } from '../types.js';
import { flowDocumentCategory } from './flow-document.js';
import type { SourceCategories } from './source-categories.js';

/** GA4's paid-medium regex. */
export const PAID = /^(.*cp.*|ppc|retargeting|paid.*)$/;
/** GA4's shopping-campaign regex. */
export const SHOP_CAMPAIGN = /^(.*(([^a-df-z]|^)shop|shopping).*)$/;
/** GA4's video-medium regex. */
export const VIDEO_MEDIUM = /^(.*video.*)$/;

/** The channels whose traffic is bought (a touchpoint in one without a campaign cannot be matched to its spend). */
export const BOUGHT_CHANNELS: readonly Channel[] = ['paid_search', 'paid_social', 'paid_video', 'paid_shopping', 'paid_other', 'display', 'cross_network'];

const DISPLAY_MEDIUMS: ReadonlySet<string> = new Set(['display', 'banner', 'expandable', 'interstitial', 'cpm']);
const SOCIAL_MEDIUMS: ReadonlySet<string> = new Set([
  'social', 'social-network', 'social-media', 'sm', 'social network', 'social media',
]);
const REFERRAL_MEDIUMS: ReadonlySet<string> = new Set(['referral', 'app', 'link']);
const EMAIL_NAMES: ReadonlySet<string> = new Set(['email', 'e-mail', 'e_mail', 'e mail']);

export interface ChannelInput {
  /** Trimmed and lower-cased, `(direct)` / `(not set)` included. */
  source: string;
  /** Trimmed and lower-cased. */
  medium: string;
  /** As given (any case), or null. */
  campaign: string | null;
}

/**
 * The channel of a source / medium / campaign. GA4 matches conditions without regard to case, so the campaign is
 * lower-cased here for `cross-network` and SHOP_CAMPAIGN (source and medium already are).
 */
export function defaultChannelGroup(input: ChannelInput, categories: SourceCategories): Channel {
  const { source, medium } = input;
  if (source === '(direct)' && (medium === '(none)' || medium === '(not set)')) return 'direct';

  const campaign = input.campaign === null ? '' : input.campaign.toLowerCase();
  if (campaign.includes('cross-network')) return 'cross_network';

  const flow = flowDocumentCategory(source);
  const paid = flow !== null || PAID.test(medium);
  const shoppingSite = categories.shopping.has(source) || SHOP_CAMPAIGN.test(campaign);
  const searchSite = flow === 'search' || categories.search.has(source);
  const socialSite = flow === 'social' || categories.social.has(source);
  const videoSite = categories.video.has(source);

  if (paid) {
    if (shoppingSite) return 'paid_shopping';
    if (searchSite) return 'paid_search';
    if (socialSite) return 'paid_social';
    if (videoSite) return 'paid_video';
  }
  if (DISPLAY_MEDIUMS.has(medium)) return 'display';
  if (paid) return 'paid_other';
  if (shoppingSite) return 'organic_shopping';
  if (socialSite || SOCIAL_MEDIUMS.has(medium)) return 'organic_social';
  if (videoSite || VIDEO_MEDIUM.test(medium)) return 'organic_video';
  if (searchSite || medium === 'organic') return 'organic_search';
  if (REFERRAL_MEDIUMS.has(medium)) return 'referral';
  if (EMAIL_NAMES.has(source) || EMAIL_NAMES.has(medium)) return 'email';
  if (medium === 'affiliate') return 'affiliates';
  if (medium === 'audio') return 'audio';
  if (source === 'sms' || medium === 'sms') return 'sms';
  if (medium.endsWith('push') || medium.includes('mobile') || medium.includes('notification') || source === 'firebase') {
    return 'mobile_push_notifications';
  }
  return 'unassigned';
}
