// The comparison report (CONTRACT section 10): every model's conversions side by side per key, hand-computed on a
// three-company history; markov and shapley only per channel (null per campaign).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHANNEL_MODELS } from '../../src/core/attribution/channel-paths.js';
import { T0, DAY, open, session, identify, companyCreated, run, type Harness } from '../support/scenario.js';
import { close, report } from '../support/reports.js';

const email = 'utm_source=newsletter&utm_medium=email&utm_campaign=Spring';
const social = 'utm_source=facebook&utm_medium=cpc&utm_campaign=Retarget';

// rc-co1 converts at T0:    paid_search Brand (2 days before) > email Spring (1 day before)
// rc-co2 converts at T0+1d: paid_search Brand (4 days before)
// rc-co3 converts at T0+2d: paid_social Retarget (3 days before) > paid_search Generic (2 days before)
function history() {
  return [
    session('rc-a1', T0 - 2 * DAY, 'Brand'), session('rc-a1', T0 - DAY, null, email),
    identify('rc-a1', 'one@rc.example', T0), companyCreated('rc-co1', T0, { email: 'one@rc.example' }),
    session('rc-a2', T0 - 3 * DAY, 'Brand'),
    identify('rc-a2', 'two@rc.example', T0 + DAY), companyCreated('rc-co2', T0 + DAY, { email: 'two@rc.example' }),
    session('rc-a3', T0 - DAY, null, social), session('rc-a3', T0, 'Generic'),
    identify('rc-a3', 'three@rc.example', T0 + 2 * DAY), companyCreated('rc-co3', T0 + 2 * DAY, { email: 'three@rc.example' }),
  ];
}

// time_decay, half-life 7 days: a touchpoint d days before the conversion weighs 2^(-d/7).
const w = (days: number) => 2 ** (-days / 7);
const decayPs = 1 + w(2) / (w(2) + w(1)) + w(2) / (w(3) + w(2)); // all of rc-co2, share of rc-co1, share of rc-co3
const decayEmail = w(1) / (w(2) + w(1));
const decaySocial = w(3) / (w(3) + w(2));

function assertRow(row: Record<string, unknown> | undefined, expected: Record<string, number | null>, what: string) {
  assert.ok(row, `${what}: a row`);
  for (const [m, v] of Object.entries(expected)) {
    if (v === null) assert.equal(row[m], null, `${what} ${m}`);
    else close(row[m] as number, v, `${what} ${m}`);
  }
}

describe('reports: comparison', () => {
  let h: Harness;
  before(async () => { h = await open(); await run(h.p, history()); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, []); });

  it('by channel: every model side by side, markov and shapley included', async () => {
    const r = await report(h, 'comparison', { by: 'channel' });
    assert.deepEqual(r.models, CHANNEL_MODELS);
    // Sorted by linear (2, 0.5, 0.5), ties by key.
    assert.deepEqual(r.rows.map((x) => x.key), ['paid_search', 'email', 'paid_social']);
    const rows = Object.fromEntries(r.rows.map((x) => [x.key, x as unknown as Record<string, unknown>]));
    // Every path converts (no nulls): P = 1. Removing paid_search loses every path (RE 1); removing email loses
    // paid_search's 1/3 to email (RE 1/3); removing paid_social loses start's 1/3 to it (RE 1/3): 3 x 1, 1/3, 1/3 over 5/3.
    // shapley: {ps, email} 1 -> 1/2 each, {ps} 1 -> ps, {social, ps} 1 -> 1/2 each.
    // Two-touch paths: position_based gives 0.5 each, as linear does.
    assertRow(rows.paid_search, { first_touch: 2, last_touch: 2, first_touch_28d: 2, linear: 2, position_based: 2, time_decay: decayPs, markov: 9 / 5, shapley: 2 }, 'paid_search');
    assertRow(rows.email, { first_touch: 0, last_touch: 1, first_touch_28d: 0, linear: 0.5, position_based: 0.5, time_decay: decayEmail, markov: 3 / 5, shapley: 0.5 }, 'email');
    assertRow(rows.paid_social, { first_touch: 1, last_touch: 0, first_touch_28d: 1, linear: 0.5, position_based: 0.5, time_decay: decaySocial, markov: 3 / 5, shapley: 0.5 }, 'paid_social');
    // Every model credits the three conversions in all.
    for (const m of CHANNEL_MODELS) close(r.rows.reduce((a, x) => a + (x[m] ?? 0), 0), 3, `${m} total`);
  });

  it('by campaign: the per-touchpoint models, markov and shapley null', async () => {
    const r = await report(h, 'comparison', { by: 'campaign' });
    assert.deepEqual(r.rows.map((x) => x.key), ['Brand', 'Generic', 'Retarget', 'Spring']);
    const rows = Object.fromEntries(r.rows.map((x) => [x.key, x as unknown as Record<string, unknown>]));
    // last touch: rc-co1 email Spring, rc-co2 Brand, rc-co3 paid_search Generic.
    assertRow(rows.Brand, { first_touch: 2, last_touch: 1, first_touch_28d: 2, linear: 1.5, position_based: 1.5, time_decay: 1 + w(2) / (w(2) + w(1)), markov: null, shapley: null }, 'Brand');
    assertRow(rows.Generic, { first_touch: 0, last_touch: 1, first_touch_28d: 0, linear: 0.5, position_based: 0.5, time_decay: w(2) / (w(3) + w(2)), markov: null, shapley: null }, 'Generic');
    assertRow(rows.Retarget, { first_touch: 1, last_touch: 0, first_touch_28d: 1, linear: 0.5, position_based: 0.5, time_decay: decaySocial, markov: null, shapley: null }, 'Retarget');
    assertRow(rows.Spring, { first_touch: 0, last_touch: 1, first_touch_28d: 0, linear: 0.5, position_based: 0.5, time_decay: decayEmail, markov: null, shapley: null }, 'Spring');
  });

  it('from/to keep the conversions of the range for every model, markov included', async () => {
    // [03-11, ..): rc-co2 and rc-co3. markov over ps (conv), social > ps (conv): every path needs ps (RE 1), half
    // need social (RE 1/2): 2 x 2/3 and 2 x 1/3.
    const r = await report(h, 'comparison', { by: 'channel', from: '2026-03-11' });
    assert.deepEqual(r.rows.map((x) => x.key), ['paid_search', 'paid_social']);
    assertRow(r.rows[0] as unknown as Record<string, unknown>, { first_touch: 1, last_touch: 2, linear: 1.5, markov: 4 / 3, shapley: 1.5 }, 'paid_search');
    assertRow(r.rows[1] as unknown as Record<string, unknown>, { first_touch: 1, last_touch: 0, linear: 0.5, markov: 2 / 3, shapley: 0.5 }, 'paid_social');
  });
});
