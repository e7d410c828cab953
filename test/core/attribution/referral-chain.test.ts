import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  buildReferralIndex, DEFAULT_REFERRAL_HOPS, originalSource, referralDependents, type ReferralInfo,
} from '../../../src/core/attribution/referral-chain.js';
import type { AttributableTouchpoint } from '../../../src/core/attribution/models.js';

type Tp = AttributableTouchpoint;
const tp = (id: string): Tp => ({ touchpoint_id: id, occurred_at: 1_000, channel: 'paid_search' });

interface Company { referred_by: string | null; touchpoint?: string }
const info = (company: Company): ReferralInfo<Tp> => ({
  referred_by: company.referred_by,
  first_touch: company.touchpoint === undefined ? null : tp(company.touchpoint),
  has_eligible: company.touchpoint !== undefined,
});
const lookupOf = (companies: Record<string, Company>) => (id: string) =>
  Object.hasOwn(companies, id) ? info(companies[id]!) : undefined;

/** k0 referred by k1 referred by k2 ... referred by k<length>; only k<length> has a touchpoint. */
function chain(length: number): Record<string, Company> {
  const companies: Record<string, Company> = {};
  for (let i = 0; i < length; i++) companies[`k${i}`] = { referred_by: `k${i + 1}` };
  companies[`k${length}`] = { referred_by: null, touchpoint: `tp-k${length}` };
  return companies;
}
const sourceId = (result: { touchpoint: Tp | null }) => result.touchpoint?.touchpoint_id ?? null;

describe('originalSource', () => {
  it('is the company\'s own first_touch when it has an eligible touchpoint, even when referred', () => {
    const lookup = lookupOf({ a: { referred_by: 'b', touchpoint: 'tp-a' }, b: { referred_by: null, touchpoint: 'tp-b' } });
    assert.deepEqual(originalSource('a', lookup), { touchpoint: tp('tp-a'), from_company: 'a' });
  });

  it('is null for a company with no touchpoints and no referrer', () => {
    assert.deepEqual(originalSource('a', lookupOf({ a: { referred_by: null } })), { touchpoint: null, from_company: null });
  });

  it('is null for an unknown company', () => {
    assert.deepEqual(originalSource('nope', lookupOf({})), { touchpoint: null, from_company: null });
  });

  it('takes the referrer\'s first_touch when the company has no eligible touchpoint', () => {
    const result = originalSource('k0', lookupOf(chain(1)));
    assert.deepEqual(result, { touchpoint: tp('tp-k1'), from_company: 'k1' });
  });

  it('follows referred_by through referrers without touchpoints, 1 to 5 hops', () => {
    for (let hops = 1; hops <= 5; hops++) {
      assert.deepEqual(originalSource('k0', lookupOf(chain(hops))), { touchpoint: tp(`tp-k${hops}`), from_company: `k${hops}` },
        `${hops} hops`);
    }
  });

  it('does not follow a 6th hop', () => {
    assert.equal(DEFAULT_REFERRAL_HOPS, 5);
    assert.deepEqual(originalSource('k0', lookupOf(chain(6))), { touchpoint: null, from_company: null });
    // From one step further along the same chain, it is 5 hops again.
    assert.equal(sourceId(originalSource('k1', lookupOf(chain(6)))), 'tp-k6');
  });

  it('takes the hop limit as a parameter', () => {
    assert.equal(sourceId(originalSource('k0', lookupOf(chain(6)), 6)), 'tp-k6');
    assert.equal(sourceId(originalSource('k0', lookupOf(chain(2)), 1)), null);
    assert.equal(sourceId(originalSource('k0', lookupOf(chain(1)), 0)), null);
    assert.throws(() => originalSource('k0', lookupOf(chain(1)), -1), RangeError);
  });

  it('stops at the first company on the chain with its own touchpoint', () => {
    const companies = chain(3);
    companies['k2'] = { referred_by: 'k3', touchpoint: 'tp-k2' };
    assert.deepEqual(originalSource('k0', lookupOf(companies)), { touchpoint: tp('tp-k2'), from_company: 'k2' });
  });

  it('ends with null on a cycle', () => {
    const ring = lookupOf({ a: { referred_by: 'b' }, b: { referred_by: 'c' }, c: { referred_by: 'a' } });
    assert.equal(sourceId(originalSource('a', ring)), null);
    assert.equal(sourceId(originalSource('a', ring, 100)), null);
    assert.equal(sourceId(originalSource('s', lookupOf({ s: { referred_by: 's' } }))), null);
  });

  it('finds a touchpoint on a cycle before coming back', () => {
    const ring = lookupOf({ a: { referred_by: 'b' }, b: { referred_by: 'c' }, c: { referred_by: 'a', touchpoint: 'tp-c' } });
    assert.equal(sourceId(originalSource('a', ring)), 'tp-c');
  });

  it('is null when the referrer is not known (yet)', () => {
    assert.equal(sourceId(originalSource('a', lookupOf({ a: { referred_by: 'ghost' } }))), null);
    const companies = chain(3);
    delete companies['k2'];
    assert.equal(sourceId(originalSource('k0', lookupOf(companies))), null);
  });

  it('is null when the chain ends at a company with neither touchpoints nor referrer', () => {
    const lookup = lookupOf({ a: { referred_by: 'b' }, b: { referred_by: null } });
    assert.deepEqual(originalSource('a', lookup), { touchpoint: null, from_company: null });
  });
});

describe('referralDependents', () => {
  const index = buildReferralIndex([
    ['k0', 'k1'], ['k1', 'k2'], ['k2', 'k3'], ['k3', 'k4'], ['k4', 'k5'], ['k5', 'k6'], ['side', 'k2'], ['root', null],
  ]);

  it('lists every company whose chain reaches the changed one within 5 hops', () => {
    assert.deepEqual([...referralDependents('k6', index)].sort(), ['k1', 'k2', 'k3', 'k4', 'k5', 'side']);
    assert.deepEqual([...referralDependents('k2', index)].sort(), ['k0', 'k1', 'side']);
    assert.deepEqual([...referralDependents('k0', index)], []);
    assert.deepEqual([...referralDependents('root', index)], []);
  });

  it('takes the hop limit as a parameter', () => {
    assert.deepEqual([...referralDependents('k6', index, 1)], ['k5']);
    assert.ok(referralDependents('k6', index, 6).has('k0'));
  });

  it('includes companies referred by a company not known yet', () => {
    const byGhost = buildReferralIndex([['a', 'ghost'], ['b', 'a']]);
    assert.deepEqual([...referralDependents('ghost', byGhost)].sort(), ['a', 'b']);
  });

  it('is cycle-safe and leaves out the changed company itself', () => {
    const ring = buildReferralIndex([['a', 'b'], ['b', 'c'], ['c', 'a']]);
    assert.deepEqual([...referralDependents('a', ring)].sort(), ['b', 'c']);
  });
});

// --- properties -------------------------------------------------------------------------------------------------

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const companyArb: fc.Arbitrary<Company | undefined> = fc.option(
  fc.record({
    referred_by: fc.option(fc.constantFrom(...NAMES, 'ghost'), { nil: null, freq: 3 }),
    touchpoint: fc.option(fc.constantFrom('t1', 't2'), { nil: undefined, freq: 2 }),
  }, { requiredKeys: ['referred_by'] }),
  { nil: undefined, freq: 8 },
);
const worldArb = fc.tuple(...NAMES.map(() => companyArb)).map((list) => {
  const companies: Record<string, Company> = {};
  list.forEach((company, i) => { if (company !== undefined) companies[NAMES[i]!] = company; });
  return companies;
});

describe('referral chain: properties', () => {
  it('a company without touchpoints has its referrer\'s original source when the chain is short enough', () => {
    fc.assert(fc.property(worldArb, fc.constantFrom(...NAMES), (companies, name) => {
      const company = companies[name];
      if (company === undefined || company.touchpoint !== undefined || company.referred_by === null) return;
      const lookup = lookupOf(companies);
      // With an unlimited budget, a company's source is its referrer's unless the referrer's walk comes back to it.
      const mine = originalSource(name, lookup, 100);
      const theirs = originalSource(company.referred_by, lookup, 100);
      if (theirs.from_company !== null && theirs.from_company !== name) assert.deepEqual(mine, theirs);
    }), { numRuns: 500 });
  });

  it('every company whose original source a change alters is among the changed company\'s dependents', () => {
    const change = fc.record({
      target: fc.constantFrom(...NAMES),
      replacement: companyArb,
    });
    fc.assert(fc.property(worldArb, change, (before, { target, replacement }) => {
      const after = { ...before };
      if (replacement === undefined) delete after[target];
      else after[target] = replacement;
      const dependents = referralDependents(
        target, buildReferralIndex(Object.entries(after).map(([id, c]) => [id, c.referred_by] as const)));
      for (const name of NAMES) {
        if (name === target) continue;
        const old = originalSource(name, lookupOf(before));
        const now = originalSource(name, lookupOf(after));
        if (sourceId(old) !== sourceId(now) || old.from_company !== now.from_company) {
          assert.ok(dependents.has(name), `${name} changed but is not a dependent of ${target}`);
        }
      }
    }), { numRuns: 1000 });
  });
});
