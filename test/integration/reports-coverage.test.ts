// The coverage report (CONTRACT section 10): how many conversions the attribution reaches, why the others are not
// reached, overall and per week of conversion, counted by hand on five companies.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { T0, DAY, HOUR, open, session, identify, companyCreated, run, type Harness } from '../support/scenario.js';
import { report } from '../support/reports.js';

// Week of Monday 2026-03-09 (T0 is Tuesday 03-10 12:00):
//   cv-co1: a paid search visit the day before                     attributed
//   cv-co2: its only visit comes a day after its company_created     unattributed, all_after_conversion
//   cv-co3: two direct visits only                                   attributed, direct_only
//   cv-co4: referred_by cv-co1, no identity of its own               unattributed (no_touchpoints), via_referral_chain
// Week of Monday 2026-03-16:
//   cv-co5: a company_created and nothing else                       unattributed, no_touchpoints
function history() {
  return [
    session('cv-a1', T0 - DAY, 'Brand'), identify('cv-a1', 'one@cv.example', T0), companyCreated('cv-co1', T0, { email: 'one@cv.example' }),
    companyCreated('cv-co2', T0, { email: 'after@cv.example' }), session('cv-a2', T0 + DAY, 'Brand'), identify('cv-a2', 'after@cv.example', T0 + DAY),
    session('cv-a3', T0 - 2 * DAY, null), session('cv-a3', T0 - DAY, null), identify('cv-a3', 'direct@cv.example', T0),
    companyCreated('cv-co3', T0, { email: 'direct@cv.example' }),
    companyCreated('cv-co4', T0 + HOUR, { referred_by: 'cv-co1' }),
    companyCreated('cv-co5', T0 + 7 * DAY),
  ];
}

describe('reports: coverage', () => {
  let h: Harness;
  before(async () => { h = await open(); await run(h.p, history()); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, []); });

  it('overall and per week of conversion', async () => {
    const r = await report(h, 'coverage');
    // 5 converted, 2 attributed (cv-co1, cv-co3); unattributed 3 = no_touchpoints 2 (cv-co4, cv-co5) + after 1 (cv-co2).
    assert.deepEqual(r.overall, {
      converted: 5, attributed: 2, unattributed: { no_touchpoints: 2, all_after_conversion: 1 },
      direct_only: 1, via_referral_chain: 1, attributed_share: 2 / 5,
    });
    assert.deepEqual(r.weeks, [
      { week: '2026-03-09', converted: 4, attributed: 2, unattributed: { no_touchpoints: 1, all_after_conversion: 1 }, direct_only: 1, via_referral_chain: 1, attributed_share: 0.5 },
      { week: '2026-03-16', converted: 1, attributed: 0, unattributed: { no_touchpoints: 1, all_after_conversion: 0 }, direct_only: 0, via_referral_chain: 0, attributed_share: 0 },
    ]);
  });

  it('from/to on conversion time; an empty range has no share', async () => {
    const r = await report(h, 'coverage', { from: '2026-03-16' });
    assert.deepEqual(r.overall, { converted: 1, attributed: 0, unattributed: { no_touchpoints: 1, all_after_conversion: 0 }, direct_only: 0, via_referral_chain: 0, attributed_share: 0 });
    const none = await report(h, 'coverage', { to: '2026-03-01' });
    assert.deepEqual(none, { overall: { converted: 0, attributed: 0, unattributed: { no_touchpoints: 0, all_after_conversion: 0 }, direct_only: 0, via_referral_chain: 0, attributed_share: null }, weeks: [] });
  });

  it('entity=contacts: the three emails, no referral chain for contacts', async () => {
    // one@ attributed; after@ converts at cv-co2's company_created (T0), its visit a day later; direct@ direct only.
    const r = await report(h, 'coverage', { entity: 'contacts' });
    assert.deepEqual(r.overall, {
      converted: 3, attributed: 2, unattributed: { no_touchpoints: 0, all_after_conversion: 1 },
      direct_only: 1, via_referral_chain: 0, attributed_share: 2 / 3,
    });
  });
});
