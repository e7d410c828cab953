// ClientAttributionRunner's core step, also used by `tributary recompute`: recompute the models of a set of
// companies from the stored touchpoints and identity links, write the ones that changed, and announce each change
// with its previous and new value. Everything is read from the store, so the answer depends only on what has
// been recorded, never on the order it arrived in.
import { randomUUID } from 'node:crypto';
import { attribute, type AttributableTouchpoint } from '../../core/attribution/models.js';
import type { Channel, Millis } from '../../core/types.js';
import { originalSource, type ReferralInfo } from '../../core/attribution/referral-chain.js';
import { touchpointRef, type CompanyAttribution, type ExportedTouchpointRef } from '../../core/export/shapes.js';
import { companyNode } from '../../core/identity/event-nodes.js';
import type { Sql } from '../../ports/sql.js';
import type { OutgoingMessage } from '../../ports/bus.js';
import { companyFingerprint, writeCompanyResults, type CompanyResult } from '../../store/bi/attribution-results.js';
import { withKeyedPlans } from '../../store/bi/sql-values.js';
import type { RememberedInteractions } from '../../store/bi/remembered-interactions.js';
import { companiesReferredBy, loadCompanyProfiles, type CompanyProfile } from '../../store/bi/profiles.js';
import type { ModelTouchpoint } from '../../store/bi/touchpoints.js';
import { claimEntities, LOCK_WAIT_MS, type EntityTargets } from './trigger-attribution.js';
import { storeIdentityGraph, type IdentityGraph } from '../../store/bi/identity-graph.js';
import type { AttributionSettings } from './attribution-settings.js';
import { interactionRows } from './interaction-rows.js';

export const COMPANY_ATTRIBUTION_UPDATED = 'company_attribution_updated';

export interface CompanyAttributionUpdated {
  company_id: string;
  previous: CompanyAttribution | null;
  current: CompanyAttribution;
}

/** Recomputes the targeted companies (unconverted ones are skipped), then those whose referral chain reaches a change. */
export async function attributeCompanies(
  tx: Sql, targets: EntityTargets, settings: AttributionSettings, publish: (m: OutgoingMessage) => void, now: Millis,
  graph: IdentityGraph = storeIdentityGraph, remembered: RememberedInteractions | null = null,
): Promise<number> {
  let changedTotal = 0;
  let claimed = await claimEntities(tx, 'company', targets, settings.maxHops, publish, now, LOCK_WAIT_MS, graph);
  // A change can move the original_source of companies it referred, up to the chain's hop limit.
  for (let round = 0; claimed.length > 0; round++) {
    const changed = await attributeOnce(tx, graph, remembered, claimed, settings, publish);
    changedTotal += changed.length;
    if (round === settings.maxHops) break;
    // `refers` is read with the profile, so a batch whose changes reach no referral asks nothing more. As with the
    // separate read after the write that it replaces, a company that names a changed one, read its model before
    // this commit and committed in between is not followed: the next change of either, or `tributary recompute`,
    // brings it in line.
    const referred = await companiesReferredBy(tx, changed.filter((p) => p.refers).map((p) => p.company_id));
    claimed = await claimEntities(tx, 'company', { ids: referred }, settings.maxHops, publish, now, 0, graph);
  }
  return changedTotal;
}

/** `ids` are locked by this transaction. Returns the profiles of the companies whose models changed. */
async function attributeOnce(tx: Sql, graph: IdentityGraph, remembered: RememberedInteractions | null, ids: string[],
  settings: AttributionSettings, publish: (m: OutgoingMessage) => void): Promise<CompanyProfile[]> {
  const profiles = await loadCompanyProfiles(tx, ids);
  if (profiles.length === 0) return [];
  const touchpointsOf = await graph.touchpointsOf(tx, profiles.map((p) => companyNode(p.company_id)), settings.maxHops);

  const results = new Map<string, CompanyResult>();
  const info: ReferralInfos = new Map();
  for (const p of profiles) results.set(p.company_id, companyResult(p, touchpointsOf(companyNode(p.company_id)), settings, info));
  await loadReferralChains(tx, info, settings.maxHops);
  resolveOriginalSources(results.values(), info, settings.maxHops);

  // Every result that differs from what is stored is written, not only the announced ones: a touchpoint that moves
  // no model (one in the middle of the journey, one after the conversion) is still one of the company's
  // interactions, and may change its reason. One whose digest matches the stored one's has nothing to write.
  const changed = profiles.filter((p) => p.fingerprint !== companyFingerprint(results.get(p.company_id)!));
  const storedFingerprint = new Map(profiles.map((p) => [p.company_id, p.fingerprint]));
  await withKeyedPlans(tx, () => writeCompanyResults(tx, changed.map((p) => results.get(p.company_id)!),
    (id) => remembered?.rowsOf(id, storedFingerprint.get(id) ?? null) ?? null));
  for (const r of results.values()) remembered?.remember(r.company_id, companyFingerprint(r), r.interactions);
  return profiles.filter((p) => announceCompany(p.company_id, p.stored, exportedShape(results.get(p.company_id)!, info), publish));
}

/** Publishes `company_attribution_updated` when `current` differs from what was stored; says whether it did. */
export function announceCompany(companyId: string, previous: CompanyAttribution | null, current: CompanyAttribution, publish: (m: OutgoingMessage) => void): boolean {
  if (previous !== null && JSON.stringify(previous) === JSON.stringify(current)) return false;
  const payload: CompanyAttributionUpdated = { company_id: companyId, previous, current };
  publish({ topic: COMPANY_ATTRIBUTION_UPDATED, payload, message_id: `company_attribution_updated:${companyId}:${randomUUID()}` });
  return true;
}

export type ReferralInfos = Map<string, ReferralInfo<ChainTouchpoint>>;

/**
 * One converted company's models and interactions from the touchpoints of its identities, its original source left
 * to `resolveOriginalSources`; what the referral walk needs of it goes into `info`. Shared with the bulk recompute.
 */
export function companyResult(p: Pick<CompanyProfile, 'company_id' | 'converted_at' | 'referred_by'>, tps: readonly ModelTouchpoint[],
  settings: AttributionSettings, info: ReferralInfos): CompanyResult {
  const models = attribute(tps, p.converted_at, { windowDays: settings.windowDays });
  info.set(p.company_id, { referred_by: p.referred_by, first_touch: chainTouchpoint(touchpointRef(models.first_touch)), has_eligible: models.eligible.length > 0 });
  return {
    company_id: p.company_id, converted_at: p.converted_at, first_touch: models.first_touch,
    last_touch: models.last_touch, first_touch_28d: models.first_touch_28d, original_source: null,
    unattributed_reason: models.unattributed_reason,
    interactions: interactionRows(tps, models, p.converted_at, settings),
  };
}

/** Each result's original_source, by the referral chain over `info` (CONTRACT section 3). */
export function resolveOriginalSources(results: Iterable<CompanyResult>, info: ReferralInfos, maxHops: number): void {
  for (const result of results) {
    const origin = originalSource(result.company_id, (id) => info.get(id), maxHops);
    result.original_source = origin.touchpoint === null ? null : { touchpoint_id: origin.touchpoint.touchpoint_id, company_id: origin.from_company! };
  }
}

/** Adds the stored models of the referrers (and their referrers, up to `maxHops`) that the walk may visit. */
async function loadReferralChains(tx: Sql, info: ReferralInfos, maxHops: number): Promise<void> {
  const asked = new Set<string>();
  let wanted = referrersMissing(info);
  for (let hop = 0; hop < maxHops && wanted.length > 0; hop++) {
    for (const p of await loadCompanyProfiles(tx, wanted)) {
      const firstTouch = chainTouchpoint(p.stored?.first_touch ?? null);
      info.set(p.company_id, { referred_by: p.referred_by, first_touch: firstTouch, has_eligible: firstTouch !== null });
    }
    // A referrer not known yet stays unknown: the walk ends there until its company_created arrives.
    for (const id of wanted) asked.add(id);
    wanted = referrersMissing(info).filter((id) => !asked.has(id));
  }
}

function referrersMissing(info: ReferralInfos): string[] {
  const missing = new Set<string>();
  for (const i of info.values()) {
    if (!i.has_eligible && i.referred_by !== null && !info.has(i.referred_by)) missing.add(i.referred_by);
  }
  return [...missing];
}

/** A result in the exported shape of CONTRACT section 5. */
export function exportedShape(r: CompanyResult, info: ReferralInfos): CompanyAttribution {
  const origin = r.original_source === null ? null : r.original_source.company_id === r.company_id
    ? touchpointRef(r.first_touch) : info.get(r.original_source.company_id)?.first_touch?.ref ?? null;
  return {
    company_id: r.company_id, converted_at: new Date(r.converted_at).toISOString(),
    first_touch: touchpointRef(r.first_touch), last_touch: touchpointRef(r.last_touch),
    first_touch_28d: touchpointRef(r.first_touch_28d), original_source: origin,
  };
}

/** The referral walk orders nothing, but its touchpoints carry the models' minimal shape. */
interface ChainTouchpoint extends AttributableTouchpoint { ref: ExportedTouchpointRef }

function chainTouchpoint(ref: ExportedTouchpointRef | null): ChainTouchpoint | null {
  return ref === null ? null : { touchpoint_id: ref.touchpoint_id, occurred_at: Date.parse(ref.occurred_at), channel: ref.channel as Channel, ref };
}
