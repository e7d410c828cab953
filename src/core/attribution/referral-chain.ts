// The referral chain of CONTRACT section 3 ("recursive discovery, max 5 hops" in the flow document): a company with
// `referred_by` set and no eligible touchpoint of its own takes `original_source` from the company that referred it,
// following `referred_by` up to 5 hops (cycle-safe); otherwise `original_source` is its own `first_touch`.
import type { AttributableTouchpoint } from './models.js';

/** Referral chain length followed by default (the flow document's "max 5 hops"). */
export const DEFAULT_REFERRAL_HOPS = 5;

/** What the walk needs to know about one company: its own models, computed at its own conversion time. */
export interface ReferralInfo<T extends AttributableTouchpoint = AttributableTouchpoint> {
  referred_by: string | null;
  first_touch: T | null;
  /** Whether the company has at least one eligible touchpoint of its own (then first_touch is non-null). */
  has_eligible: boolean;
}

export interface OriginalSource<T extends AttributableTouchpoint = AttributableTouchpoint> {
  touchpoint: T | null;
  /** The company whose first_touch this is (`companyId` itself when it is its own); null when touchpoint is null. */
  from_company: string | null;
}

/** A company's info, or undefined when the company is not known (yet): its `company_created` has not arrived. */
export type ReferralLookup<T extends AttributableTouchpoint> = (companyId: string) => ReferralInfo<T> | undefined;

const NONE: OriginalSource<never> = Object.freeze({ touchpoint: null, from_company: null });

/**
 * The original source of `companyId`.
 *
 * - A company with an eligible touchpoint of its own, or with no `referred_by`, keeps its own first_touch (null when
 *   it has no touchpoints and no referrer).
 * - Otherwise the walk follows `referred_by`, one hop per company, and takes the first_touch of the first company on
 *   the chain that has an eligible touchpoint. A referrer with no eligible touchpoint of its own is passed through
 *   when it is itself referred (that is "following referred_by"), so the result equals the referrer's own
 *   original_source whenever the chain fits in `maxHops`.
 * - The walk ends with null when: it would need a (maxHops + 1)-th hop; it comes back to a company already on the
 *   chain (a cycle, including a company referred by itself); it reaches a referrer that is not known (yet) —
 *   the company's result then changes when the referrer arrives (see `referralDependents`); or it reaches a company
 *   with neither an eligible touchpoint nor a referrer.
 * - An unknown `companyId` has no original source.
 */
export function originalSource<T extends AttributableTouchpoint>(
  companyId: string, lookup: ReferralLookup<T>, maxHops: number = DEFAULT_REFERRAL_HOPS,
): OriginalSource<T> {
  assertHops(maxHops);
  let current = companyId;
  let info = lookup(current);
  if (info === undefined) return NONE;
  const onChain = new Set<string>([current]);
  for (let hops = 0; !info.has_eligible && info.referred_by !== null; hops++) {
    if (hops === maxHops) return NONE;
    current = info.referred_by;
    if (onChain.has(current)) return NONE;
    onChain.add(current);
    info = lookup(current);
    if (info === undefined) return NONE;
  }
  // Here the company has an eligible touchpoint, or the chain ended at a company with no referrer: its first_touch
  // (null in the second case, since first_touch is non-null exactly when there is an eligible touchpoint).
  return info.first_touch === null ? NONE : { touchpoint: info.first_touch, from_company: current };
}

/** The companies a company referred (the reverse of `referred_by`). */
export type ReferredCompanies = (companyId: string) => Iterable<string>;

/**
 * The companies whose original_source may change when `changedCompanyId` changes (its touchpoints, its models, its
 * `referred_by`, or its first appearance): every company whose `referred_by` chain reaches it in at most `maxHops`
 * hops. A superset: a walk that stops earlier, at a company with its own touchpoint, is not affected, but whether it
 * stops there can itself change, so every company within reach is returned. `changedCompanyId` itself is not (the
 * caller recomputes it anyway), even when a cycle leads back to it. It may be a company not known yet: companies
 * referred by an unknown company are its dependents as soon as the reverse index lists them.
 */
export function referralDependents(
  changedCompanyId: string, referredCompanies: ReferredCompanies, maxHops: number = DEFAULT_REFERRAL_HOPS,
): Set<string> {
  assertHops(maxHops);
  const seen = new Set<string>([changedCompanyId]);
  let frontier = [changedCompanyId];
  for (let depth = 0; depth < maxHops && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const company of frontier) {
      for (const referred of referredCompanies(company)) {
        if (!seen.has(referred)) {
          seen.add(referred);
          next.push(referred);
        }
      }
    }
    frontier = next;
  }
  seen.delete(changedCompanyId);
  return seen;
}

/** The reverse index of `referred_by` over [company_id, referred_by] pairs, for `referralDependents`. */
export function buildReferralIndex(companies: Iterable<readonly [string, string | null]>): ReferredCompanies {
  const referred = new Map<string, string[]>();
  for (const [companyId, referredBy] of companies) {
    if (referredBy === null) continue;
    const list = referred.get(referredBy);
    if (list === undefined) referred.set(referredBy, [companyId]);
    else list.push(companyId);
  }
  const none: readonly string[] = [];
  return (companyId) => referred.get(companyId) ?? none;
}

function assertHops(maxHops: number): void {
  if (!(Number.isInteger(maxHops) && maxHops >= 0)) {
    throw new RangeError(`maxHops must be a non-negative integer, got ${maxHops}`);
  }
}
