// The quality report (CONTRACT section 10), counted by hand: events accepted, duplicate and rejected per arrival
// day with rejections by reason, bot sessions, unassigned (source, medium) pairs, click IDs whose UTMs name
// another platform, paid touchpoints without a campaign, companies no identity links to a touchpoint.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ingest } from '../support/pipeline.js';
import { T0, HOUR, open, session, companyCreated, type Harness } from '../support/scenario.js';
import { report } from '../support/reports.js';

const GOOGLEBOT = 'Googlebot/2.1 (+http://www.google.com/bot.html)';

describe('reports: quality', () => {
  let h: Harness;
  // Arrival day: bi.intake_batches and bi.rejected_events take received_at from the database clock (now()).
  let today: string;
  let badReason: string;
  const first = session('q-a1', T0, null, 'utm_source=google&utm_medium=cpc'); // paid search, no campaign
  before(async () => {
    h = await open();
    today = new Date().toISOString().slice(0, 10);
    // Batch 1: six valid events on 2026-03-10 and one without a client_id (rejected).
    const one = await ingest(h.p, [
      first,
      session('q-a2', T0 + HOUR, null, 'utm_source=foo&utm_medium=bar'), // unassigned
      session('q-a3', T0 + 2 * HOUR, null, 'gclid=abc&utm_source=facebook&utm_medium=cpc&utm_campaign=Spring'), // google click named meta
      session('q-a4', T0 + 3 * HOUR, null, 'gclid=def&utm_source=google&utm_medium=cpc&utm_campaign=Brand'), // consistent
      { ...session('q-bot', T0 + 4 * HOUR, null), user_agent: GOOGLEBOT },
      companyCreated('q-lonely', T0 + 5 * HOUR),
      { type: 'session', event_id: 'q-bad', ts: T0, session_id: 'q-bad-s', page_url: 'https://www.acme.com/' },
    ]);
    assert.deepEqual([one.accepted, one.duplicate, one.rejected], [6, 0, 1]);
    badReason = one.reasons[0]!.reason;
    // Batch 2: the first session again (same event_id, a duplicate) and one new session on 2026-03-11.
    const two = await ingest(h.p, [first, session('q-a5', T0 + 24 * HOUR, null, 'utm_source=google&utm_medium=cpc&utm_campaign=Brand')]);
    assert.deepEqual([two.accepted, two.duplicate, two.rejected], [1, 1, 0]);
  });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, []); });

  it('accepted, duplicate and rejected per arrival day, rejections by reason', async () => {
    const r = await report(h, 'quality');
    assert.match(badReason, /client_id/);
    assert.deepEqual(r.days, [{ day: today, accepted: 7, duplicate: 1, rejected: 1, rejected_by_reason: { [badReason]: 1 } }]);
    // from/to bound the arrival time for these counts: tomorrow on, nothing.
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    assert.deepEqual((await report(h, 'quality', { from: tomorrow })).days, []);
  });

  it('sessions and bot sessions per day of the session', async () => {
    const r = await report(h, 'quality');
    // 2026-03-10: q-a1..q-a4 and the bot; 2026-03-11: q-a5. The duplicate is one session, not two.
    assert.deepEqual(r.bots, [{ day: '2026-03-10', sessions: 5, bot_sessions: 1 }, { day: '2026-03-11', sessions: 1, bot_sessions: 0 }]);
  });

  it('unassigned pairs with the reason, click ID conflicts, paid touchpoints without a campaign', async () => {
    const r = await report(h, 'quality');
    assert.deepEqual(r.unassigned.map(({ source, medium, touchpoints }) => ({ source, medium, touchpoints })), [{ source: 'foo', medium: 'bar', touchpoints: 1 }]);
    assert.match(r.unassigned[0]!.reason, /medium "bar" matches no channel rule and source "foo"/);
    // The gclid with utm_source=google agrees with itself: only the facebook-tagged one is listed.
    assert.deepEqual(r.click_id_conflicts, [{ click_id_type: 'gclid', source: 'facebook', medium: 'cpc', touchpoints: 1, expected_platform: 'google', named_platform: 'meta' }]);
    assert.deepEqual(r.paid_without_campaign, [{ channel: 'paid_search', source: 'google', medium: 'cpc', touchpoints: 1 }]);
  });

  it('companies no identity links to a touchpoint', async () => {
    const r = await report(h, 'quality');
    assert.deepEqual(r.unreached_companies, { count: 1, examples: ['q-lonely'] });
    // Bounded by conversion time: q-lonely converted on 2026-03-10.
    assert.deepEqual((await report(h, 'quality', { from: '2026-03-11' })).unreached_companies, { count: 0, examples: [] });
  });
});
