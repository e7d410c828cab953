// CONTRACT section 3, the referral chain, end to end: a company with `referred_by` and no eligible touchpoint of its
// own takes original_source from its referrer, following referred_by up to 5 hops, cycle-safe; otherwise its
// original_source is its own first_touch.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pipeline } from '../../src/app/pipeline.js';
import { exportAll, recomputeAll } from '../support/pipeline.js';
import { T0, DAY, HOUR, open, uid, session, run, type Harness } from '../support/scenario.js';

/** A company whose creator browser is `${id}-client`, optionally referred by another company. */
const companyCreated = (company_id: string, ts: number, referred_by: string | null = null) =>
  ({ type: 'company_created', event_id: uid('cc'), ts, company_id, client_id: `${company_id}-client`, referred_by });
const visitOf = (company_id: string, ts: number, campaign: string | null, query?: string) => session(`${company_id}-client`, ts, campaign, query);

async function companies(p: Pipeline): Promise<Map<string, any>> {
  return new Map((await exportAll(p, 'companies')).map((c) => [c.company_id, c]));
}

describe('section 3: referral chain', () => {
  let h: Harness;
  before(async () => { h = await open(); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, [], 'no worker may fail'); });

  it('a referred company with no touchpoints takes original_source from its referrer (and keeps null models)', async () => {
    const a = uid('ref-a');
    const b = uid('ref-b');
    await run(h.p, [visitOf(a, T0 - 10 * DAY, 'ReferrerAd'), companyCreated(a, T0 - 5 * DAY), companyCreated(b, T0, a)]);
    const all = await companies(h.p);
    assert.equal(all.get(a).first_touch.campaign, 'ReferrerAd');
    assert.deepEqual(all.get(b).original_source, all.get(a).first_touch);
    assert.equal(all.get(b).first_touch, null);
    assert.equal(all.get(b).last_touch, null);
    assert.equal(all.get(b).first_touch_28d, null);
  });

  it('a referred company with an eligible touchpoint of its own keeps its own first_touch as original_source', async () => {
    const a = uid('own-a');
    const b = uid('own-b');
    await run(h.p, [
      visitOf(a, T0 - 10 * DAY, 'ReferrerAd'), companyCreated(a, T0 - 5 * DAY),
      visitOf(b, T0 - DAY, null), companyCreated(b, T0, a),
    ]);
    const all = await companies(h.p);
    assert.equal(all.get(b).first_touch.channel, 'direct');
    assert.deepEqual(all.get(b).original_source, all.get(b).first_touch, 'even a direct first touch of its own wins over the referrer');
  });

  it('referred_by is not an identity link: the referrer\'s touchpoints are not the referred company\'s', async () => {
    const a = uid('nolink-a');
    const b = uid('nolink-b');
    await run(h.p, [
      visitOf(a, T0 - 10 * DAY, 'ReferrerAd'), companyCreated(a, T0 - 5 * DAY),
      visitOf(b, T0 - DAY, null, 'utm_source=partner.com&utm_medium=referral&utm_campaign=OwnReferral'), companyCreated(b, T0, a),
    ]);
    const all = await companies(h.p);
    assert.equal(all.get(b).first_touch.campaign, 'OwnReferral');
    assert.equal(all.get(b).last_touch.campaign, 'OwnReferral');
    assert.equal(all.get(b).original_source.campaign, 'OwnReferral');
  });

  it('a referred company whose touchpoints all come after its conversion follows its referrer', async () => {
    const a = uid('late-a');
    const b = uid('late-b');
    await run(h.p, [visitOf(a, T0 - 10 * DAY, 'ReferrerAd'), companyCreated(a, T0 - 5 * DAY), companyCreated(b, T0, a), visitOf(b, T0 + HOUR, 'TooLate')]);
    const all = await companies(h.p);
    assert.equal(all.get(b).first_touch, null);
    assert.equal(all.get(b).original_source?.campaign, 'ReferrerAd');
  });

  it('the referrer\'s first_touch is taken at the referrer\'s own conversion time', async () => {
    const a = uid('conv-a');
    const b = uid('conv-b');
    await run(h.p, [
      visitOf(a, T0 - 20 * DAY, null),
      companyCreated(a, T0 - 10 * DAY),
      visitOf(a, T0 - 5 * DAY, 'AfterReferrerConverted'),
      companyCreated(b, T0, a),
    ]);
    const all = await companies(h.p);
    assert.equal(all.get(a).first_touch.channel, 'direct');
    assert.deepEqual(all.get(b).original_source, all.get(a).first_touch);
  });

  it('a company without referred_by and without touchpoints has original_source null', async () => {
    const a = uid('alone');
    await run(h.p, [companyCreated(a, T0)]);
    assert.equal((await companies(h.p)).get(a).original_source, null);
  });

  it('a referrer that never converted (unknown company) gives original_source null', async () => {
    const b = uid('orphan-b');
    await run(h.p, [companyCreated(b, T0, uid('never-created')), visitOf(b, T0 + HOUR, 'TooLate')]);
    assert.equal((await companies(h.p)).get(b).original_source, null);
  });

  it('the chain is followed up to 5 hops; a company 6 hops from the first touch gets null', async () => {
    // co0 has a touchpoint; co_k is referred by co_(k-1) and has none: co_k is k hops from co0.
    const p = uid('chain');
    const co = (k: number) => `${p}-co${k}`;
    const events: Record<string, unknown>[] = [visitOf(co(0), T0 - 30 * DAY, 'ChainRoot'), companyCreated(co(0), T0 - 20 * DAY)];
    for (let k = 1; k <= 7; k++) events.push(companyCreated(co(k), T0 - 20 * DAY + k * DAY, co(k - 1)));
    await run(h.p, events);
    const all = await companies(h.p);
    const root = all.get(co(0)).first_touch;
    assert.equal(root.campaign, 'ChainRoot');
    for (let k = 1; k <= 5; k++) assert.deepEqual(all.get(co(k)).original_source, root, `${k} hops`);
    assert.equal(all.get(co(6)).original_source, null, '6 hops is past the limit');
    assert.equal(all.get(co(7)).original_source, null, '7 hops is past the limit');
  });

  it('the walk stops at the first company of the chain with an eligible touchpoint', async () => {
    const p = uid('stop');
    const co = (k: number) => `${p}-co${k}`;
    await run(h.p, [
      visitOf(co(0), T0 - 30 * DAY, 'Root'), companyCreated(co(0), T0 - 20 * DAY),
      visitOf(co(1), T0 - 15 * DAY, 'Middle'), companyCreated(co(1), T0 - 10 * DAY, co(0)),
      companyCreated(co(2), T0 - 5 * DAY, co(1)),
      companyCreated(co(3), T0, co(2)),
    ]);
    const all = await companies(h.p);
    assert.equal(all.get(co(1)).original_source.campaign, 'Middle');
    assert.equal(all.get(co(2)).original_source.campaign, 'Middle');
    assert.equal(all.get(co(3)).original_source.campaign, 'Middle');
  });

  it('a referral cycle without touchpoints ends with null and does not hang', async () => {
    const a = uid('cyc-a');
    const b = uid('cyc-b');
    const self = uid('cyc-self');
    await run(h.p, [companyCreated(a, T0, b), companyCreated(b, T0, a), companyCreated(self, T0, self)]);
    const all = await companies(h.p);
    assert.equal(all.get(a).original_source, null);
    assert.equal(all.get(b).original_source, null);
    assert.equal(all.get(self).original_source, null);
  });

  it('a referral cycle with one attributed member gives every member that member\'s first touch', async () => {
    const [a, b, c] = [uid('tri-a'), uid('tri-b'), uid('tri-c')];
    await run(h.p, [companyCreated(a, T0, b), companyCreated(b, T0, c), companyCreated(c, T0, a), visitOf(c, T0 - DAY, 'CycleMember')]);
    const all = await companies(h.p);
    for (const id of [a, b, c]) assert.equal(all.get(id).original_source?.campaign, 'CycleMember', id);
  });

  it('a referred company arriving before its referrer is resolved once the referrer arrives', async () => {
    const a = uid('arr-a');
    const b = uid('arr-b');
    await run(h.p, [companyCreated(b, T0, a)]);
    assert.equal((await companies(h.p)).get(b).original_source, null);
    await run(h.p, [companyCreated(a, T0 - 5 * DAY), visitOf(a, T0 - 10 * DAY, 'ArrivedLater')]);
    assert.equal((await companies(h.p)).get(b).original_source?.campaign, 'ArrivedLater');
  });

  it('when the referrer\'s first touch changes, the referred companies follow, down the whole chain', async () => {
    const p = uid('follow');
    const co = (k: number) => `${p}-co${k}`;
    await run(h.p, [visitOf(co(0), T0 - 10 * DAY, 'Original'), companyCreated(co(0), T0 - 5 * DAY),
      companyCreated(co(1), T0 - 4 * DAY, co(0)), companyCreated(co(2), T0 - 3 * DAY, co(1)), companyCreated(co(3), T0, co(2))]);
    assert.equal((await companies(h.p)).get(co(3)).original_source?.campaign, 'Original');
    await run(h.p, [visitOf(co(0), T0 - 20 * DAY, 'EarlierArrivedLate')]);
    const all = await companies(h.p);
    assert.equal(all.get(co(0)).first_touch.campaign, 'EarlierArrivedLate');
    for (let k = 1; k <= 3; k++) assert.equal(all.get(co(k)).original_source?.campaign, 'EarlierArrivedLate', co(k));
  });

  it('a full recompute gives the same referral results', async () => {
    const before = await exportAll(h.p, 'companies');
    await recomputeAll(h.p);
    assert.deepEqual(await exportAll(h.p, 'companies'), before);
  });
});
