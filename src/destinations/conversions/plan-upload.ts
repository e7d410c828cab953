// Which upload, if any, a company's attribution gives one ad platform. Pure: the worker reads the facts and records
// the decision. The click ID that counts is taken from the attribution's own touchpoints, most recent model first
// (last_touch, then first_touch_28d, then first_touch), among those carrying this platform's click ID: the ad
// platforms credit the latest click inside their window, and the most recent click is the likeliest to be inside it.
// The referral chain's original_source is not a candidate: it may be another company's click.
import type { CompanyAttribution, ExportedTouchpointRef } from '../../core/export/shapes.js';
import type { ClickRef, ConversionRules, ConversionTouchpoint, PlannedUpload } from './types.js';

export const ADS_CONSENT_DENIED = 'ads consent denied';

/** The attribution's touchpoints in the order their click IDs count. */
export function candidateTouchpoints(attribution: CompanyAttribution): ExportedTouchpointRef[] {
  const seen = new Set<string>();
  const out: ExportedTouchpointRef[] = [];
  for (const ref of [attribution.last_touch, attribution.first_touch_28d, attribution.first_touch]) {
    if (ref === null || seen.has(ref.touchpoint_id)) continue;
    seen.add(ref.touchpoint_id);
    out.push(ref);
  }
  return out;
}

export function planUpload(
  rules: ConversionRules,
  attribution: CompanyAttribution,
  touchpoints: ReadonlyMap<string, ConversionTouchpoint>,
  email: string | null,
): PlannedUpload {
  const convertedAt = Date.parse(attribution.converted_at);
  const base = { platform: rules.platform, company_id: attribution.company_id, conversion_action: rules.conversion_action, converted_at: convertedAt };
  const skipped = (reason: string, tp: ConversionTouchpoint | null = null): PlannedUpload =>
    ({ ...base, status: 'skipped', reason, request: null, touchpoint_id: tp?.touchpoint_id ?? null, click_at: tp?.occurred_at ?? null });

  let chosen: { tp: ConversionTouchpoint; click: ClickRef } | null = null;
  for (const ref of candidateTouchpoints(attribution)) {
    const tp = touchpoints.get(ref.touchpoint_id);
    const click = tp ? rules.clickOf(tp) : null;
    if (tp && click) { chosen = { tp, click }; break; }
  }
  if (chosen === null) return skipped(rules.no_click_reason);
  const { tp, click } = chosen;
  // The visitor said no to ads measurement on the visit that carries the click: nothing of it leaves.
  if (tp.ads_consent === false) return skipped(ADS_CONSENT_DENIED, tp);
  if (rules.click_window && convertedAt - tp.occurred_at > rules.click_window.ms) return skipped(rules.click_window.reason, tp);

  const request = rules.buildRequest({ company_id: attribution.company_id, converted_at: convertedAt, touchpoint: tp, click, email });
  return { ...base, status: 'pending', reason: null, request, touchpoint_id: tp.touchpoint_id, click_at: tp.occurred_at };
}

/** Picks the first click ID present among `types`, in that order (the platforms take exactly one). */
export function firstClickId(touchpoint: ConversionTouchpoint, types: readonly string[]): ClickRef | null {
  for (const type of types) {
    const value = touchpoint.click_ids[type];
    if (typeof value === 'string' && value !== '') return { type, value };
  }
  return null;
}

/** Whether personal data (a hashed email) may go with the upload: not when consent was denied. */
export const mayShareHashedEmail = (t: ConversionTouchpoint): boolean => t.ads_consent !== false;
/** Whether raw identifiers the platform receives in clear (IP, user agent) may go: only with explicit consent. */
export const mayShareClientData = (t: ConversionTouchpoint): boolean => t.ads_consent === true;

/**
 * The conversion's own id, the same for every send of it (Meta's event_id, LinkedIn's eventId, the Data Manager API's
 * transactionId): the platform deduplicates a resend whose earlier answer was lost.
 */
export const companyEventId = (companyId: string): string => `company_created:${companyId}`;
