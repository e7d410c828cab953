// An attributed entity's rows of bi.company_interactions / bi.contact_interactions: every touchpoint of its
// identities, whether it was eligible, and the credit each model gives it.
import { touchpointCredits } from '../../core/attribution/credits.js';
import type { AttributableTouchpoint, ModelResults } from '../../core/attribution/models.js';
import type { Millis } from '../../core/types.js';
import type { InteractionRow } from '../../store/bi/attribution-results.js';
import type { AttributionSettings } from './attribution-settings.js';

export function interactionRows(touchpoints: readonly AttributableTouchpoint[], models: ModelResults, convertedAt: Millis,
  settings: AttributionSettings): InteractionRow[] {
  const credits = touchpointCredits(models, convertedAt, settings.halfLifeDays);
  return touchpoints.map((t) => ({
    touchpoint_id: t.touchpoint_id, occurred_at: t.occurred_at, channel: t.channel, eligible: t.occurred_at <= convertedAt,
    credits: credits.get(t.touchpoint_id) ?? {},
  }));
}
