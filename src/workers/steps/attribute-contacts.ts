// ContactAttributionRunner's core step, also used by `tributary recompute`: a contact's first touch, from the
// touchpoints of its identities up to its conversion (the earliest event carrying its email).
import { randomUUID } from 'node:crypto';
import { attribute } from '../../core/attribution/models.js';
import { touchpointRef, type ContactAttribution } from '../../core/export/shapes.js';
import { emailNode } from '../../core/identity/event-nodes.js';
import type { Millis } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import type { OutgoingMessage } from '../../ports/bus.js';
import { writeContactResults, type ContactResult } from '../../store/bi/attribution-results.js';
import { loadContactProfiles } from '../../store/bi/profiles.js';
import { claimEntities, LOCK_WAIT_MS, type EntityTargets } from './trigger-attribution.js';
import { collectEntityTouchpoints } from './entity-touchpoints.js';
import type { AttributionSettings } from './attribution-settings.js';
import { interactionRows } from './interaction-rows.js';

export const CONTACT_ATTRIBUTION_UPDATED = 'contact_attribution_updated';

export interface ContactAttributionUpdated {
  contact_id: string;
  email: string;
  previous: ContactAttribution | null;
  current: ContactAttribution;
}

export async function attributeContacts(
  tx: Sql, targets: EntityTargets, settings: AttributionSettings, publish: (m: OutgoingMessage) => void, now: Millis,
): Promise<number> {
  const profiles = await loadContactProfiles(tx, await claimEntities(tx, 'contact', targets, settings.maxHops, publish, now, LOCK_WAIT_MS));
  if (profiles.length === 0) return 0;
  const touchpointsOf = await collectEntityTouchpoints(tx, profiles.map((p) => emailNode(p.email)), settings.maxHops);
  const results: ContactResult[] = [];
  let changed = 0;
  for (const p of profiles) {
    const tps = touchpointsOf(emailNode(p.email));
    const models = attribute(tps, p.converted_at, { windowDays: settings.windowDays });
    // Stored whether or not the model moved: the interactions and the reason may have (see attributeCompanies).
    results.push({
      email: p.email, converted_at: p.converted_at, first_touch: models.first_touch,
      unattributed_reason: models.unattributed_reason,
      interactions: interactionRows(tps, models, p.converted_at, settings),
    });
    const current: ContactAttribution = {
      contact_id: p.contact_id, email: p.email, converted_at: new Date(p.converted_at).toISOString(),
      first_touch: touchpointRef(models.first_touch),
    };
    const before = p.stored;
    if (before !== null && JSON.stringify(before) === JSON.stringify(current)) continue;
    changed++;
    const update: ContactAttributionUpdated = { contact_id: p.contact_id, email: p.email, previous: before, current };
    publish({ topic: CONTACT_ATTRIBUTION_UPDATED, payload: update, message_id: `contact_attribution_updated:${p.email}:${randomUUID()}` });
  }
  await writeContactResults(tx, results);
  return changed;
}
