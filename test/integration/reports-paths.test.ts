// The paths report (CONTRACT section 10): converting channel paths with repeats collapsed, how many entities took
// each, and the medians of their lengths and of the days from first touchpoint to conversion, hand-computed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { T0, DAY, HOUR, open, session, identify, companyCreated, run, type Harness } from '../support/scenario.js';
import { report } from '../support/reports.js';

const email = 'utm_source=newsletter&utm_medium=email';
const social = 'utm_source=facebook&utm_medium=cpc&utm_campaign=Retarget';

function convert(client: string, n: number, at: number) {
  return [identify(client, `${client}@rp.example`, at), companyCreated(`rp-co${n}`, at, { email: `${client}@rp.example` })];
}

// rp-a1: paid_search (10 d) > paid_search (6 d) > email (1 d)          path paid_search > email, 3 touchpoints, 10 days
// rp-a2: paid_search (4 d) > direct (3 d) > email (2 d)                path paid_search > email, 2 touchpoints (direct left out), 4 days
// rp-a3: email (1 d)                                                    path email, 1 touchpoint, 1 day
// rp-a4: paid_social (2 d 12 h)                                         path paid_social, 1 touchpoint, 2.5 days
// rp-a5: direct (3 d) > direct (1 d)                                     all direct: path direct, 2 touchpoints, 3 days
// rp-a6: paid_search (8 d) > email (5 d) > paid_search (1 d)           path paid_search > email > paid_search (not collapsed)
function history() {
  return [
    session('rp-a1', T0 - 10 * DAY, 'Brand'), session('rp-a1', T0 - 6 * DAY, 'Brand'), session('rp-a1', T0 - DAY, null, email), ...convert('rp-a1', 1, T0),
    session('rp-a2', T0 - 4 * DAY, 'Brand'), session('rp-a2', T0 - 3 * DAY, null), session('rp-a2', T0 - 2 * DAY, null, email), ...convert('rp-a2', 2, T0),
    session('rp-a3', T0 - DAY, null, email), ...convert('rp-a3', 3, T0),
    session('rp-a4', T0 - 2 * DAY - 12 * HOUR, null, social), ...convert('rp-a4', 4, T0),
    session('rp-a5', T0 - 3 * DAY, null), session('rp-a5', T0 - DAY, null), ...convert('rp-a5', 5, T0),
    session('rp-a6', T0 - 8 * DAY, 'Brand'), session('rp-a6', T0 - 5 * DAY, null, email), session('rp-a6', T0 - DAY, 'Brand'), ...convert('rp-a6', 6, T0 + DAY),
  ];
}

describe('reports: paths', () => {
  let h: Harness;
  before(async () => { h = await open(); await run(h.p, history()); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, []); });

  it('collapses repeats, counts conversions per path, medians with the mean of the middle two for an even count', async () => {
    const { rows } = await report(h, 'paths');
    assert.deepEqual(rows, [
      // median touchpoints (3 + 2) / 2, median days (10 + 4) / 2
      { path: 'paid_search > email', conversions: 2, median_touchpoints: 2.5, median_days_to_convert: 7 },
      // ties (1 conversion each) by path, in code-unit order
      { path: 'direct', conversions: 1, median_touchpoints: 2, median_days_to_convert: 3 },
      { path: 'email', conversions: 1, median_touchpoints: 1, median_days_to_convert: 1 },
      // rp-co6 converts at T0+1d: first touchpoint 9 days before
      { path: 'paid_search > email > paid_search', conversions: 1, median_touchpoints: 3, median_days_to_convert: 9 },
      { path: 'paid_social', conversions: 1, median_touchpoints: 1, median_days_to_convert: 2.5 },
    ]);
  });

  it('limit keeps the most frequent first, ties by path', async () => {
    const { rows } = await report(h, 'paths', { limit: '2' });
    assert.deepEqual(rows.map((r) => r.path), ['paid_search > email', 'direct']);
  });

  it('from/to on conversion time', async () => {
    const { rows } = await report(h, 'paths', { from: '2026-03-11' });
    assert.deepEqual(rows, [{ path: 'paid_search > email > paid_search', conversions: 1, median_touchpoints: 3, median_days_to_convert: 9 }]);
    assert.deepEqual((await report(h, 'paths', { to: '2026-03-10' })).rows, []);
  });

  it('entity=contacts: each email converts with its company here, so the same paths', async () => {
    assert.deepEqual(await report(h, 'paths', { entity: 'contacts', limit: '3' }), await report(h, 'paths', { limit: '3' }));
    assert.equal((await report(h, 'paths', { entity: 'contacts' })).rows.reduce((a, r) => a + r.conversions, 0), 6);
  });
});
