// The trend report (CONTRACT section 10): credited conversions per Monday-week (UTC) and key, hand-computed; a
// conversion late on a Sunday and one early the next Monday land in different weeks.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DAY, open, session, identify, companyCreated, run, type Harness } from '../support/scenario.js';
import { report } from '../support/reports.js';

const email = 'utm_source=newsletter&utm_medium=email&utm_campaign=Spring';
const at = (iso: string) => Date.parse(iso);

// rt-co1 converts Sunday 2026-03-15 23:30 UTC (week of Monday 03-09): paid_search Brand.
// rt-co2 converts Monday 2026-03-16 00:30 UTC (week of 03-16): paid_search Brand > email Spring.
// rt-co3 converts Tuesday 2026-03-10 12:00 UTC (week of 03-09): email Spring.
// rt-co4 converts Monday 2026-03-09 00:00 UTC exactly (week of 03-09, its first instant): paid_search Generic.
function history() {
  return [
    session('rt-a1', at('2026-03-14T10:00:00Z'), 'Brand'),
    identify('rt-a1', 'one@rt.example', at('2026-03-15T23:30:00Z')), companyCreated('rt-co1', at('2026-03-15T23:30:00Z'), { email: 'one@rt.example' }),
    session('rt-a2', at('2026-03-12T10:00:00Z'), 'Brand'), session('rt-a2', at('2026-03-15T10:00:00Z'), null, email),
    identify('rt-a2', 'two@rt.example', at('2026-03-16T00:30:00Z')), companyCreated('rt-co2', at('2026-03-16T00:30:00Z'), { email: 'two@rt.example' }),
    session('rt-a3', at('2026-03-10T12:00:00Z') - DAY, null, email),
    identify('rt-a3', 'three@rt.example', at('2026-03-10T12:00:00Z')), companyCreated('rt-co3', at('2026-03-10T12:00:00Z'), { email: 'three@rt.example' }),
    session('rt-a4', at('2026-03-08T20:00:00Z'), 'Generic'),
    identify('rt-a4', 'four@rt.example', at('2026-03-09T00:00:00Z')), companyCreated('rt-co4', at('2026-03-09T00:00:00Z'), { email: 'four@rt.example' }),
  ];
}

describe('reports: trend', () => {
  let h: Harness;
  before(async () => { h = await open(); await run(h.p, history()); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, []); });

  it('linear by channel: week 03-09 has rt-co1, rt-co3, rt-co4; week 03-16 has rt-co2 split in halves', async () => {
    const { rows } = await report(h, 'trend', { model: 'linear', by: 'channel' });
    // Within a week: most conversions first, ties by key.
    assert.deepEqual(rows, [
      { week: '2026-03-09', key: 'paid_search', conversions: 2 },
      { week: '2026-03-09', key: 'email', conversions: 1 },
      { week: '2026-03-16', key: 'email', conversions: 0.5 },
      { week: '2026-03-16', key: 'paid_search', conversions: 0.5 },
    ]);
  });

  it('first_touch by campaign: keys without conversions in a week are left out', async () => {
    const { rows } = await report(h, 'trend', { model: 'first_touch', by: 'campaign' });
    assert.deepEqual(rows, [
      { week: '2026-03-09', key: 'Brand', conversions: 1 },
      { week: '2026-03-09', key: 'Generic', conversions: 1 },
      { week: '2026-03-09', key: 'Spring', conversions: 1 },
      { week: '2026-03-16', key: 'Brand', conversions: 1 },
    ]);
  });

  it('from/to on conversion time: [03-10, 03-16) keeps rt-co3 and rt-co1 (Sunday) and not rt-co2 (Monday) nor rt-co4', async () => {
    const { rows } = await report(h, 'trend', { model: 'last_touch', from: '2026-03-10', to: '2026-03-16' });
    assert.deepEqual(rows, [
      { week: '2026-03-09', key: 'email', conversions: 1 },
      { week: '2026-03-09', key: 'paid_search', conversions: 1 },
    ]);
  });

  it('contacts convert at the same times here: the same weeks', async () => {
    const { rows } = await report(h, 'trend', { model: 'first_touch', entity: 'contacts' });
    assert.deepEqual(rows, [
      { week: '2026-03-09', key: 'paid_search', conversions: 2 },
      { week: '2026-03-09', key: 'email', conversions: 1 },
      { week: '2026-03-16', key: 'paid_search', conversions: 1 },
    ]);
  });
});
