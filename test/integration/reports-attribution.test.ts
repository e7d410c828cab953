// The attribution report (CONTRACT section 10) against hand-computed numbers on a three-company history: credited
// conversions per key, shares, spend and cost per conversion, the conversion-time range, contacts, markov; and the
// bad parameters of /v1/reports/* over HTTP.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from '../../src/hosts/http/server.js';
import { storedPathModels } from '../../src/app/models-paths.js';
import { T0, DAY, open, session, identify, companyCreated, run, type Harness } from '../support/scenario.js';
import { adSpend, close, closeMap, report } from '../support/reports.js';

const email = 'utm_source=newsletter&utm_medium=email&utm_campaign=Spring';
const social = 'utm_source=facebook&utm_medium=cpc&utm_campaign=Retarget';

// T0 is Tuesday 2026-03-10 12:00 UTC.
// ra-co1 converts at T0:      paid_search (google/cpc/Brand, T0-2d) > email (newsletter/email/Spring, T0-1d)
// ra-co2 converts at T0+1d:   paid_search (google/cpc/Brand, T0-3d)
// ra-co3 converts at T0+2d:   paid_social (facebook/cpc/Retarget, T0-1d) > paid_search (google/cpc/Generic, T0)
// solo@ (a contact, no company) converts at T0+1d: email (newsletter/email/Spring, T0)
// Spend: google/cpc/Brand 30 on 03-09 and 12 on 03-11 (restating 100), bing/cpc (no campaign) 20 on 03-10.
function history() {
  return [
    session('ra-a1', T0 - 2 * DAY, 'Brand'), session('ra-a1', T0 - DAY, null, email),
    identify('ra-a1', 'one@ra.example', T0), companyCreated('ra-co1', T0, { email: 'one@ra.example' }),
    session('ra-a2', T0 - 3 * DAY, 'Brand'),
    identify('ra-a2', 'two@ra.example', T0 + DAY), companyCreated('ra-co2', T0 + DAY, { email: 'two@ra.example' }),
    session('ra-a3', T0 - DAY, null, social), session('ra-a3', T0, 'Generic'),
    identify('ra-a3', 'three@ra.example', T0 + 2 * DAY), companyCreated('ra-co3', T0 + 2 * DAY, { email: 'three@ra.example' }),
    session('ra-a4', T0, null, email), identify('ra-a4', 'solo@ra.example', T0 + DAY),
    adSpend('2026-03-09', 'google', 'cpc', 30, 'Brand'),
    // The restatement arrives first; the earlier figure (earlier ts) must not replace it.
    adSpend('2026-03-11', 'google', 'cpc', 12, 'Brand', '2026-03-12T06:00:00Z'),
    adSpend('2026-03-11', 'google', 'cpc', 100, 'Brand', '2026-03-11T23:00:00Z'),
    adSpend('2026-03-10', 'bing', 'cpc', 20),
  ];
}

const rowsByKey = <R extends { key: string }>(rows: R[]): Record<string, R> => Object.fromEntries(rows.map((r) => [r.key, r]));
const shareSum = (rows: Array<{ share: number }>) => rows.reduce((a, r) => a + r.share, 0);

describe('reports: attribution', () => {
  let h: Harness;
  before(async () => { h = await open(); await run(h.p, history()); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, []); });

  it('linear by channel: 1/2 + 1 + 1/2 to paid_search, 1/2 each to email and paid_social; spend 30 + 12 + 20', async () => {
    const { rows } = await report(h, 'attribution', { model: 'linear', by: 'channel' });
    assert.deepEqual(rows.map((r) => r.key), ['paid_search', 'email', 'paid_social']);
    const r = rowsByKey(rows);
    close(r.paid_search!.conversions, 2, 'paid_search'); close(r.email!.conversions, 0.5, 'email'); close(r.paid_social!.conversions, 0.5, 'paid_social');
    close(r.paid_search!.share, 2 / 3, 'share'); close(r.email!.share, 1 / 6, 'share'); close(r.paid_social!.share, 1 / 6, 'share');
    close(shareSum(rows), 1, 'shares');
    // bing/cpc is paid search too, so its spend is in the channel's: 30 + 12 + 20 = 62, over 2 conversions.
    close(r.paid_search!.spend, 62, 'spend'); close(r.paid_search!.cost_per_conversion, 31, 'cost per conversion');
    // No spend reported for email or social: null, not 0.
    assert.equal(r.email!.spend, null); assert.equal(r.email!.cost_per_conversion, null);
  });

  it('first_touch by channel: paid_search 2 (ra-co1, ra-co2), paid_social 1 (ra-co3)', async () => {
    const { rows } = await report(h, 'attribution', { model: 'first_touch' });
    assert.deepEqual(rows.map((r) => [r.key, r.conversions]), [['paid_search', 2], ['paid_social', 1]]);
    close(rows[0]!.share, 2 / 3, 'share'); close(rows[1]!.share, 1 / 3, 'share');
    close(rows[0]!.cost_per_conversion, 31, 'cost per conversion');
  });

  it('linear by campaign: Brand 1/2 + 1, Spring, Retarget and Generic 1/2; bing spend without a campaign is (not set)', async () => {
    const { rows } = await report(h, 'attribution', { model: 'linear', by: 'campaign' });
    const r = rowsByKey(rows);
    closeMap(Object.fromEntries(rows.map((x) => [x.key, x.conversions])), { Brand: 1.5, Spring: 0.5, Retarget: 0.5, Generic: 0.5, '(not set)': 0 }, 'campaign');
    close(shareSum(rows), 1, 'shares');
    close(r.Brand!.spend, 42, 'Brand spend'); close(r.Brand!.cost_per_conversion, 28, 'Brand: 42 / 1.5');
    close(r['(not set)']!.spend, 20, 'bing spend');
    assert.equal(r['(not set)']!.cost_per_conversion, null, 'spend and no conversions: no cost per conversion');
    assert.equal(r['(not set)']!.share, 0);
    assert.equal(rows.at(-1)!.key, '(not set)', 'the key with nothing converted comes last');
  });

  it('first_touch by source_medium: bing / cpc has spend 20, conversions 0, cost_per_conversion null', async () => {
    const { rows } = await report(h, 'attribution', { model: 'first_touch', by: 'source_medium' });
    assert.deepEqual(rows, [
      { key: 'google / cpc', conversions: 2, share: 2 / 3, spend: 42, cost_per_conversion: 21 },
      { key: 'facebook / cpc', conversions: 1, share: 1 / 3, spend: null, cost_per_conversion: null },
      { key: 'bing / cpc', conversions: 0, share: 0, spend: 20, cost_per_conversion: null },
    ]);
  });

  it('from/to bound the conversion time (to exclusive) and the spend days', async () => {
    // [03-11, 03-12): only ra-co2 (converted 03-11 12:00), and only the spend of 03-11 (12, the restated figure).
    const { rows } = await report(h, 'attribution', { model: 'linear', from: '2026-03-11', to: '2026-03-12' });
    assert.deepEqual(rows, [{ key: 'paid_search', conversions: 1, share: 1, spend: 12, cost_per_conversion: 12 }]);
    // [.., 03-11): ra-co1 only (1/2 paid_search, 1/2 email); spend of 03-09 and 03-10: 30 + 20.
    const early = rowsByKey((await report(h, 'attribution', { model: 'linear', to: '2026-03-11' })).rows);
    assert.deepEqual(Object.keys(early).sort(), ['email', 'paid_search']);
    close(early.paid_search!.conversions, 0.5, 'paid_search'); close(early.paid_search!.spend, 50, 'spend');
    close(early.paid_search!.cost_per_conversion, 100, '50 / 0.5');
    // [03-12, ..): ra-co3 (03-12 12:00), no spend day.
    const late = (await report(h, 'attribution', { model: 'first_touch', from: '2026-03-12' })).rows;
    assert.deepEqual(late, [{ key: 'paid_social', conversions: 1, share: 1, spend: null, cost_per_conversion: null }]);
  });

  it('entity=contacts counts solo@ too: email 1/2 + 1', async () => {
    const { rows } = await report(h, 'attribution', { model: 'linear', entity: 'contacts' });
    closeMap(Object.fromEntries(rows.map((r) => [r.key, r.conversions])), { paid_search: 2, email: 1.5, paid_social: 0.5 }, 'contacts');
    close(shareSum(rows), 1, 'shares');
    close(rowsByKey(rows).email!.share, 1.5 / 4, 'email share');
  });

  it('markov by channel: the hand-computed removal effects, and what models paths gives', async () => {
    // Paths: ps > email (conv), ps (conv), social > ps (conv), email (null: solo@'s visitor reaches no company).
    // start: ps 2/4, social 1/4, email 1/4; ps: email 1/3, conv 2/3 (two paths end in ps); social: ps 1;
    // email: conv 1/2, null 1/2. P(email) = 1/2, P(ps) = 2/3 + 1/3*1/2 = 5/6, P(social) = 5/6,
    // P = 1/2*5/6 + 1/4*5/6 + 1/4*1/2 = 3/4.
    // Without ps: P = 1/4*1/2 = 1/8, RE = 1 - 1/6 = 15/18; without social: P = 5/12 + 1/8 = 13/24, RE = 5/18;
    // without email: P(ps) = 2/3, P = 1/3 + 1/6 = 1/2, RE = 1/3 = 6/18. 3 conversions shared 15 : 5 : 6.
    const { rows } = await report(h, 'attribution', { model: 'markov', by: 'channel' });
    const conv = Object.fromEntries(rows.map((r) => [r.key, r.conversions]));
    closeMap(conv, { paid_search: 45 / 26, paid_social: 15 / 26, email: 18 / 26 }, 'markov');
    close(shareSum(rows), 1, 'shares');
    close(rowsByKey(rows).paid_search!.cost_per_conversion, 62 / (45 / 26), 'cost per markov conversion');
    const stored = (await storedPathModels(h.p.store, 'companies', { from: null, to: null })).rows.filter((r) => r.model === 'markov');
    closeMap(conv, Object.fromEntries(stored.map((r) => [r.channel, r.conversions])), 'as models paths');
  });
});

describe('reports over HTTP: bad parameters', () => {
  let h: Harness;
  before(async () => { h = await open(); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, []); });

  it('a 400 naming the parameter, a 404 for an unknown report, 200 for good ones', async () => {
    const app = createServer(h.p, { logLevel: 'silent' });
    try {
      const bad = async (url: string, pattern: RegExp) => {
        const res = await app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 400, url);
        assert.match(res.json().error, pattern, url);
      };
      await bad('/v1/reports/attribution?model=bogus', /^model: unknown value "bogus"/);
      await bad('/v1/reports/attribution?from=2026-03-12&to=2026-03-10', /\bfrom\b/);
      await bad('/v1/reports/attribution?from=yesterday', /^from\b/);
      await bad('/v1/reports/attribution?to=2026-02-30', /^to\b/);
      await bad('/v1/reports/attribution?modle=linear', /^modle: unknown parameter/);
      await bad('/v1/reports/attribution?model=markov&by=campaign', /^by: markov/);
      await bad('/v1/reports/attribution?by=country', /^by: unknown value "country"/);
      await bad('/v1/reports/paths?limit=0', /^limit\b/);
      await bad('/v1/reports/trend?model=shapley', /^model: shapley/);
      await bad('/v1/reports/attribution?model=linear&model=first_touch', /^model: given 2 times/);
      const missing = await app.inject({ method: 'GET', url: '/v1/reports/revenue' });
      assert.equal(missing.statusCode, 404);
      assert.match(missing.json().error, /revenue/);
      const ok = await app.inject({ method: 'GET', url: '/v1/reports/attribution?model=linear&by=source_medium&from=2026-03-01&to=2026-03-31' });
      assert.equal(ok.statusCode, 200);
      assert.deepEqual(ok.json(), { rows: [] });
    } finally {
      await app.close();
    }
  });
});
