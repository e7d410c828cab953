// Public surface of the campaign module.
export {
  resolveCampaign, createCampaignResolver,
  type ResolveCampaignInput, type CampaignEvidence, type CampaignResolverOptions, type CampaignResolver,
  type MetaCookieInput,
} from './resolve-campaign.js';
export {
  DEFAULT_SOURCE_CATEGORIES, SOURCE_CATEGORY_NAMES, mergeSourceCategories,
  type SourceCategories, type SourceCategoryLists, type SourceCategoryName,
} from './source-categories.js';
export { defaultChannelGroup, PAID, SHOP_CAMPAIGN, VIDEO_MEDIUM, type ChannelInput } from './channel.js';
export { classifyReferrer, type ReferrerClass, type ReferrerKind, type ReferrerContext } from './referrer.js';
export { parseCampaignParams, type CampaignParams, type ClickIds } from './url-params.js';
export { CLICK_ID_IMPLIES } from './click-ids.js';
export { normaliseOwnDomains } from './own-domains.js';
