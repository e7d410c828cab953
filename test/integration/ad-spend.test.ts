// ad_spend events (CONTRACT section 10) through ingest: stored per day and (source, medium, campaign), a restated
// day replacing the earlier figure whatever the arrival order, another currency rejected with its reason.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ingest } from '../support/pipeline.js';
import { open, type Harness } from '../support/scenario.js';

const spend = (event_id: string, ts: string, date: string, cost: number, extra: Record<string, unknown> = {}) =>
  ({ type: 'ad_spend', event_id, ts, date, source: 'Google', medium: 'CPC', campaign: 'Brand', cost, currency: 'USD', ...extra });

async function stored(h: Harness) {
  const { rows } = await h.p.store.query<Record<string, unknown>>(
    `SELECT to_char(spend_date, 'YYYY-MM-DD') AS date, source, medium, campaign, channel, cost, currency, event_id
     FROM bi.ad_spend ORDER BY spend_date, campaign COLLATE "C" NULLS FIRST`);
  return rows;
}

describe('ad_spend through ingest', () => {
  let h: Harness;
  before(async () => { h = await open(); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, []); });

  it('stores a day of spend with the channel its source and medium give, and a restatement replaces it in any order', async () => {
    // The restatement (later ts) arrives first: the earlier report must not overwrite it.
    const summary = await ingest(h.p, [
      spend('sp-restated', '2026-03-02T06:00:00Z', '2026-03-01', 130),
      spend('sp-first', '2026-03-01T23:00:00Z', '2026-03-01', 100),
      spend('sp-none', '2026-03-02T06:00:00Z', '2026-03-01', 40, { campaign: undefined }),
      spend('sp-other-day', '2026-03-03T06:00:00Z', '2026-03-02', 55.5),
    ]);
    assert.equal(summary.accepted, 4);
    assert.deepEqual(await stored(h), [
      { date: '2026-03-01', source: 'google', medium: 'cpc', campaign: null, channel: 'paid_search', cost: 40, currency: 'USD', event_id: 'sp-none' },
      { date: '2026-03-01', source: 'google', medium: 'cpc', campaign: 'Brand', channel: 'paid_search', cost: 130, currency: 'USD', event_id: 'sp-restated' },
      { date: '2026-03-02', source: 'google', medium: 'cpc', campaign: 'Brand', channel: 'paid_search', cost: 55.5, currency: 'USD', event_id: 'sp-other-day' },
    ]);
  });

  it('a later restatement in another batch replaces the figure; an older one does not', async () => {
    await ingest(h.p, [spend('sp-older', '2026-03-01T12:00:00Z', '2026-03-02', 1)]);
    await ingest(h.p, [spend('sp-newer', '2026-03-04T12:00:00Z', '2026-03-02', 60)]);
    const day2 = (await stored(h)).filter((r) => r.date === '2026-03-02');
    assert.deepEqual(day2.map((r) => [r.cost, r.event_id]), [[60, 'sp-newer']]);
  });

  it('spend in another currency than TRIBUTARY_CURRENCY is rejected with a reason and kept in bi.rejected_events', async () => {
    const summary = await ingest(h.p, [spend('sp-eur', '2026-03-05T00:00:00Z', '2026-03-04', 10, { currency: 'eur' })]);
    assert.equal(summary.accepted, 0);
    assert.equal(summary.rejected, 1);
    assert.match(summary.reasons[0]!.reason, /^currency: EUR is not this deployment's currency \(USD, TRIBUTARY_CURRENCY\)/);
    const { rows } = await h.p.store.query<{ reason: string }>("SELECT reason FROM bi.rejected_events WHERE event_id = 'sp-eur'");
    assert.equal(rows.length, 1);
    assert.equal((await stored(h)).some((r) => r.date === '2026-03-04'), false);
  });
});

describe('ad_spend with TRIBUTARY_CURRENCY=EUR', () => {
  it('takes EUR and refuses USD', async () => {
    const h = await open({ currency: 'EUR' });
    try {
      const summary = await ingest(h.p, [spend('eu-1', '2026-03-05T00:00:00Z', '2026-03-04', 10, { currency: 'EUR' }), spend('eu-2', '2026-03-05T00:00:00Z', '2026-03-05', 10)]);
      assert.equal(summary.accepted, 1);
      assert.match(summary.reasons[0]!.reason, /^currency: USD is not this deployment's currency \(EUR/);
    } finally {
      await h.p.close();
    }
  });
});
