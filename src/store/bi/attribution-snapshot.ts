// Everything attribution reads, read whole for the bulk recompute (`tributary recompute`): the identity graph,
// every touchpoint, every converted company and contact, and the fingerprint of what is stored for each. Streamed with COPY
// (Sql.copyOut), several times faster than rows through the query protocol on both stores.
import type { ClickIdType, IdentityNode, Millis, Touchpoint } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import { eachCopied, epochMs } from './sql-values.js';
import type { Adjacency } from './identity-links.js';
import type { ModelTouchpoint } from './touchpoints.js';


export async function loadAdjacency(tx: Sql): Promise<Adjacency> {
  const adjacency: Adjacency = new Map();
  await eachLink(tx, (a, b) => {
    const list = adjacency.get(a);
    if (list) list.push(b); else adjacency.set(a, [b]);
  });
  return adjacency;
}

/** Every link of the graph, in both directions, with the time it was first seen. */
export function eachLink(tx: Sql, each: (a: IdentityNode, b: IdentityNode, at: Millis) => void): Promise<void> {
  return eachCopied(tx, `SELECT a, b, ${epochMs('first_seen_at')} FROM bi.identity_links`,
    ([a, b, at]) => each(a as IdentityNode, b as IdentityNode, Number(at)));
}

export async function loadModelTouchpoints(tx: Sql): Promise<ModelTouchpoint[]> {
  const touchpoints: ModelTouchpoint[] = [];
  await eachModelTouchpoint(tx, (t) => touchpoints.push(t));
  return touchpoints;
}

export function eachModelTouchpoint(tx: Sql, each: (t: ModelTouchpoint) => void): Promise<void> {
  return eachCopied(tx, `SELECT touchpoint_id, ${epochMs('occurred_at')}, origin, client_id, device_id, email, channel, source, medium,
      campaign, term, content, click_id_type, click_id_value FROM bi.interaction_touchpoints`,
  ([id, time, origin, client, device, email, channel, source, medium, campaign, term, content, clickType, clickValue]) => {
    each({
      touchpoint_id: id!, occurred_at: Number(time), origin: origin as Touchpoint['origin'], client_id: client ?? null,
      device_id: device ?? null, email: email ?? null, channel: channel as Touchpoint['channel'], source: source!, medium: medium!,
      campaign: campaign ?? null, term: term ?? null, content: content ?? null,
      click_id: clickType == null ? null : { type: clickType as ClickIdType, value: clickValue ?? '' },
    });
  });
}

export interface CompanySnapshot { company_id: string; converted_at: Millis; referred_by: string | null }
export interface ContactSnapshot { email: string; contact_id: string; converted_at: Millis }

/** Converted companies (at company_created, else the first signup), as loadCompanyProfiles has them. */
export async function loadConvertedCompanies(tx: Sql): Promise<CompanySnapshot[]> {
  const out: CompanySnapshot[] = [];
  await eachCopied(tx, `SELECT company_id, ${epochMs('COALESCE(created_at, first_signup_at)')}, referred_by FROM bi.company_profile_meta_data
      WHERE COALESCE(created_at, first_signup_at) IS NOT NULL`,
  ([id, time, referredBy]) => out.push({ company_id: id!, converted_at: Number(time), referred_by: referredBy ?? null }));
  return out;
}

export async function loadContacts(tx: Sql): Promise<ContactSnapshot[]> {
  const out: ContactSnapshot[] = [];
  await eachCopied(tx, `SELECT email, contact_id, ${epochMs('first_seen_at')} FROM bi.contact_profile_metadata`,
    ([email, contactId, time]) => out.push({ email: email!, contact_id: contactId ?? email!, converted_at: Number(time) }));
  return out;
}

/** The fingerprint stored with each attributed entity's result (companyFingerprint, contactFingerprint). */
export async function loadFingerprints(tx: Sql, kind: 'company' | 'contact'): Promise<Map<string, string>> {
  const fingerprints = new Map<string, string>();
  await eachCopied(tx, kind === 'company' ? 'SELECT company_id, result_fingerprint FROM bi.company_profile_attribution'
    : 'SELECT email, result_fingerprint FROM bi.contact_profile_attribution_first', ([id, f]) => fingerprints.set(id!, f ?? ''));
  return fingerprints;
}
