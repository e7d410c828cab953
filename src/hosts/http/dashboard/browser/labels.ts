// The names a reader sees for the API's enums. Typed as complete records: a model or key added to the reports
// without a label here fails to compile instead of showing a raw identifier.
import type { ChannelModel } from '../../../../core/attribution/channel-paths.js';
import type { CreditEntity } from '../../../../store/bi/attribution-credits.js';
import type { ReportKey } from '../../../../store/bi/reports/scope.js';

export const MODEL_LABELS: Record<ChannelModel, string> = {
  first_touch: 'First touch', last_touch: 'Last touch', first_touch_28d: 'First touch (28 days)', linear: 'Linear',
  position_based: 'Position-based (40/20/40)', time_decay: 'Time decay', markov: 'Markov chain', shapley: 'Shapley value',
};

export const KEY_LABELS: Record<ReportKey, string> = {
  channel: 'Channel', source: 'Source', medium: 'Medium', campaign: 'Campaign', source_medium: 'Source / medium',
};

export const ENTITY_LABELS: Record<CreditEntity, string> = { companies: 'Companies', contacts: 'Contacts' };
