// ContactAttributionRunner's core step, also used by `tributary recompute`: a contact's first touch, from the
// touchpoints of its identities up to its conversion (the earliest event carrying its email).
import { randomUUID } from 'node:crypto';
import { attribute } from '../../core/attribution/models.js';
import { touchpointRef, type ContactAttribution } from '../../core/export/shapes.js';
import { emailNode } from '../../core/identity/event-nodes.js';
import type { Millis } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import type { OutgoingMessage } from '../../ports/bus.js';
import { contactFingerprint, writeContactResults, type ContactResult } from '../../store/bi/attribution-results.js';
import { withKeyedPlans } from '../../store/bi/sql-values.js';
import type { RememberedInteractions } from '../../store/bi/remembered-interactions.js';
import { loadContactProfiles, type ContactProfile } from '../../store/bi/profiles.js';
import type { ModelTouchpoint } from '../../store/bi/touchpoints.js';
import { claimEntities, LOCK_WAIT_MS, type EntityTargets } from './trigger-attribution.js';
import { storeIdentityGraph, type IdentityGraph } from '../../store/bi/identity-graph.js';
import type { AttributionSettings } from './attribution-settings.js';
import { interactionRows } from './interaction-rows.js';

export const CONTACT_ATTRIBUTION_UPDATED = 'contact_attribution_updated';

export interface ContactAttributionUpdated {
  contact_id: string;
  email: string;
  previous: ContactAttribution | null;
  current: ContactAttribution;
}

/** One contact's model and interactions from the touchpoints of its identities. Shared with the bulk recompute. */
export function contactResult(p: Pick<ContactProfile, 'email' | 'converted_at'>, tps: readonly ModelTouchpoint[], settings: AttributionSettings): ContactResult {
  const models = attribute(tps, p.converted_at, { windowDays: settings.windowDays });
  return {
    email: p.email, converted_at: p.converted_at, first_touch: models.first_touch, unattributed_reason: models.unattributed_reason,
    interactions: interactionRows(tps, models, p.converted_at, settings),
  };
}

/** Publishes `contact_attribution_updated` when `current` differs from what was stored; says whether it did. */
export function announceContact(previous: ContactAttribution | null, current: ContactAttribution, publish: (m: OutgoingMessage) => void): boolean {
  if (previous !== null && JSON.stringify(previous) === JSON.stringify(current)) return false;
  const update: ContactAttributionUpdated = { contact_id: current.contact_id, email: current.email, previous, current };
  publish({ topic: CONTACT_ATTRIBUTION_UPDATED, payload: update, message_id: `contact_attribution_updated:${current.email}:${randomUUID()}` });
  return true;
}

/** A result in the exported shape of CONTRACT section 5. */
export function contactShape(p: Pick<ContactProfile, 'contact_id' | 'email'>, r: ContactResult): ContactAttribution {
  return { contact_id: p.contact_id, email: p.email, converted_at: new Date(r.converted_at).toISOString(), first_touch: touchpointRef(r.first_touch) };
}

export async function attributeContacts(
  tx: Sql, targets: EntityTargets, settings: AttributionSettings, publish: (m: OutgoingMessage) => void, now: Millis,
  graph: IdentityGraph = storeIdentityGraph, remembered: RememberedInteractions | null = null,
): Promise<number> {
  const profiles = await loadContactProfiles(tx, await claimEntities(tx, 'contact', targets, settings.maxHops, publish, now, LOCK_WAIT_MS, graph));
  if (profiles.length === 0) return 0;
  const touchpointsOf = await graph.touchpointsOf(tx, profiles.map((p) => emailNode(p.email)), settings.maxHops);
  const results: ContactResult[] = [];
  const computed: ContactResult[] = [];
  let changed = 0;
  for (const p of profiles) {
    const result = contactResult(p, touchpointsOf(emailNode(p.email)), settings);
    computed.push(result);
    // Stored whether or not the model moved, as the interactions and the reason may have, unless its digest says
    // nothing did (see attributeCompanies).
    if (p.fingerprint !== contactFingerprint(result)) results.push(result);
    if (announceContact(p.stored, contactShape(p, result), publish)) changed++;
  }
  const storedFingerprint = new Map(profiles.map((p) => [p.email, p.fingerprint]));
  await withKeyedPlans(tx, () => writeContactResults(tx, results, (email) => remembered?.rowsOf(email, storedFingerprint.get(email) ?? null) ?? null));
  for (const r of computed) remembered?.remember(r.email, contactFingerprint(r), r.interactions);
  return changed;
}
