// markov and shapley in the reports come from the stored paths, kept between requests while nothing is written
// (src/app/reports/data-driven-cache.ts): a write must never leave an old answer behind.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseReportParams } from '../../src/app/reports/params.js';
import { runReport } from '../../src/app/reports/run-report.js';
import { storedPathModels } from '../../src/app/models-paths.js';
import { companyCreated, DAY, identify, open, run, session, T0, type Harness } from '../support/scenario.js';

const markov = async (h: Harness) => Object.fromEntries((await runReport(h.p.store, 'attribution', parseReportParams('attribution', { model: 'markov' }))).rows.map((r) => [r.key, r.conversions]));

describe('reports: the data-driven models stay exact across writes', () => {
  let h: Harness;
  before(async () => {
    h = await open();
    await run(h.p, [
      session('dd-c1', T0 - 2 * DAY, 'Brand'), identify('dd-c1', 'one@dd.example', T0), companyCreated('dd-co1', T0, { email: 'one@dd.example' }),
      session('dd-c2', T0 - 2 * DAY, null, 'utm_source=newsletter&utm_medium=email'), // a visitor who never converts
    ]);
  });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, []); });

  it('answers as models paths does, again and again while nothing changes', async () => {
    const fresh = (await storedPathModels(h.p.store, 'companies', { from: null, to: null })).rows.filter((r) => r.model === 'markov');
    const expected = Object.fromEntries(fresh.map((r) => [r.channel, r.conversions]));
    assert.deepEqual(await markov(h), expected);
    assert.deepEqual(await markov(h), expected);
  });

  it('a conversion written after the first answer is in the next one', async () => {
    // email only ends a path that did not convert: it is listed, with nothing.
    assert.deepEqual(await markov(h), { paid_search: 1, email: 0 });
    await run(h.p, [
      session('dd-c3', T0 - DAY, null, 'utm_source=newsletter&utm_medium=email'), identify('dd-c3', 'two@dd.example', T0),
      companyCreated('dd-co2', T0, { email: 'two@dd.example' }),
    ]);
    // Paths: paid_search converting, email converting, email not. P(conversion) = 1/3 + 2/3 * 1/2 = 2/3; without
    // either channel it is 1/3, so both removal effects are 1/2 and the two conversions are shared equally.
    const after = await markov(h);
    assert.ok(Math.abs(after.paid_search! - 1) < 1e-9 && Math.abs(after.email! - 1) < 1e-9, JSON.stringify(after));
  });
});
