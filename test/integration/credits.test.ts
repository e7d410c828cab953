// CONTRACT section 9 end to end: per-touchpoint credits of every model, kept current by the workers through late
// data, exported by `export credits`, served with ?include=credits; and the stored paths' channel models.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from '../../src/hosts/http/server.js';
import { exportObjects } from '../../src/app/export.js';
import { storedPathModels } from '../../src/app/models-paths.js';
import { exportAll, recomputeAll } from '../support/pipeline.js';
import { T0, DAY, HOUR, open, session, identify, companyCreated, run, type Harness } from '../support/scenario.js';

const credits = async (h: Harness, id: string, model?: string) =>
  (await exportAll(h.p, 'credits')).filter((l) => l.id === id && (model === undefined || l.model === model));
const byTouchpoint = (lines: any[]) => Object.fromEntries(lines.map((l) => [l.touchpoint_id.replace(/^visit:/, ''), Number(l.credit.toFixed(12))]));

/** paid search 14 days before the conversion, direct 10, email 7, paid social at the conversion itself. */
function journey(client: string, email: string, companyId: string) {
  return [
    { ...session(client, T0 - 14 * DAY, 'Brand'), event_id: `${client}-search` },
    { ...session(client, T0 - 10 * DAY, null), event_id: `${client}-direct` },
    { ...session(client, T0 - 7 * DAY, null, 'utm_source=newsletter&utm_medium=email&utm_campaign=Spring'), event_id: `${client}-email` },
    { ...session(client, T0, null, 'utm_source=facebook&utm_medium=cpc&utm_campaign=Retarget'), event_id: `${client}-social` },
    identify(client, email, T0),
    companyCreated(companyId, T0, { email }),
  ];
}

describe('credits: a converted company, by hand', () => {
  let h: Harness;
  before(async () => { h = await open(); await run(h.p, journey('cr-c1', 'ana@credits.example', 'cr-co1')); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, []); });

  it('linear, position_based and time_decay over the path without the direct visit', async () => {
    const third = Number((1 / 3).toFixed(12));
    assert.deepEqual(byTouchpoint(await credits(h, 'cr-co1', 'linear')), { 'cr-c1-search': third, 'cr-c1-email': third, 'cr-c1-social': third });
    assert.deepEqual(byTouchpoint(await credits(h, 'cr-co1', 'position_based')), { 'cr-c1-search': 0.4, 'cr-c1-email': 0.2, 'cr-c1-social': 0.4 });
    const sevenths = (n: number) => Number((n / 7).toFixed(12));
    assert.deepEqual(byTouchpoint(await credits(h, 'cr-co1', 'time_decay')), { 'cr-c1-search': sevenths(1), 'cr-c1-email': sevenths(2), 'cr-c1-social': sevenths(4) });
  });

  it('the single-touch models give 1 to the touchpoint section 3 picks', async () => {
    assert.deepEqual(byTouchpoint(await credits(h, 'cr-co1', 'first_touch')), { 'cr-c1-search': 1 });
    assert.deepEqual(byTouchpoint(await credits(h, 'cr-co1', 'last_touch')), { 'cr-c1-social': 1 });
    assert.deepEqual(byTouchpoint(await credits(h, 'cr-co1', 'first_touch_28d')), { 'cr-c1-search': 1 });
  });

  it('prints the contract fields, touchpoints in attribution order and models in contract order', async () => {
    const lines = await credits(h, 'cr-co1');
    assert.deepEqual(lines.slice(0, 5).map((l) => l.model), ['first_touch', 'first_touch_28d', 'linear', 'position_based', 'time_decay']);
    assert.deepEqual(lines[0], {
      entity: 'companies', id: 'cr-co1', model: 'first_touch', touchpoint_id: 'visit:cr-c1-search', channel: 'paid_search',
      source: 'google', medium: 'cpc', campaign: 'Brand', credit: 1,
    });
    assert.deepEqual(lines.filter((l) => l.touchpoint_id === 'visit:cr-c1-social').map((l) => [l.channel, l.source, l.campaign]).at(0), ['paid_social', 'facebook', 'Retarget']);
  });

  it('the contact converting with the same email gets the same path, named by its email', async () => {
    const lines = (await exportAll(h.p, 'credits')).filter((l) => l.entity === 'contacts' && l.id === 'ana@credits.example' && l.model === 'linear');
    assert.equal(lines.length, 3);
  });

  it('--model keeps one model', async () => {
    const only: any[] = [];
    for await (const l of exportObjects(h.p.store, 'credits', { model: 'position_based' })) only.push(l);
    assert.ok(only.length >= 6);
    assert.ok(only.every((l) => l.model === 'position_based'));
  });

  it('the attribution endpoints return the credits with ?include=credits, the contract object without', async () => {
    const app = createServer(h.p, { logLevel: 'silent' });
    try {
      const plain = (await app.inject({ method: 'GET', url: '/v1/companies/cr-co1/attribution' })).json();
      assert.equal(plain.credits, undefined);
      const withCredits = (await app.inject({ method: 'GET', url: '/v1/companies/cr-co1/attribution?include=credits' })).json();
      assert.deepEqual(withCredits, { ...plain, credits: await credits(h, 'cr-co1') });
      const contact = (await app.inject({ method: 'GET', url: '/v1/contacts/ana@credits.example/attribution?include=credits' })).json();
      assert.equal(contact.credits.filter((l: any) => l.model === 'linear').length, 3);
      const bad = await app.inject({ method: 'GET', url: '/v1/companies/cr-co1/attribution?include=credit' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().error, /^include: unknown value "credit"/);
    } finally {
      await app.close();
    }
  });

  it('a touchpoint arriving late moves every model at once, as a recompute would', async () => {
    await run(h.p, [{ ...session('cr-c1', T0 - 20 * DAY, null, 'utm_source=bing&utm_medium=cpc'), event_id: 'cr-c1-late' }]);
    assert.deepEqual(byTouchpoint(await credits(h, 'cr-co1', 'linear')), { 'cr-c1-late': 0.25, 'cr-c1-search': 0.25, 'cr-c1-email': 0.25, 'cr-c1-social': 0.25 });
    assert.deepEqual(byTouchpoint(await credits(h, 'cr-co1', 'position_based')), { 'cr-c1-late': 0.4, 'cr-c1-search': 0.1, 'cr-c1-email': 0.1, 'cr-c1-social': 0.4 });
    const streamed = await exportAll(h.p, 'credits');
    await recomputeAll(h.p);
    assert.deepEqual(await exportAll(h.p, 'credits'), streamed);
  });
});

describe('credits: the half-life is configurable', () => {
  it('TRIBUTARY_HALF_LIFE_DAYS=14 weighs 14 days and 0 days apart 1 : 2', async () => {
    const h = await open({ halfLifeDays: 14 });
    try {
      await run(h.p, [
        { ...session('hl-c1', T0 - 14 * DAY, 'Brand'), event_id: 'hl-old' }, { ...session('hl-c1', T0 - HOUR * 0, 'Other'), event_id: 'hl-new' },
        identify('hl-c1', 'hl@credits.example', T0), companyCreated('hl-co1', T0, { email: 'hl@credits.example' }),
      ]);
      assert.deepEqual(byTouchpoint(await credits(h, 'hl-co1', 'time_decay')), { 'hl-old': Number((1 / 3).toFixed(12)), 'hl-new': Number((2 / 3).toFixed(12)) });
    } finally {
      await h.p.close();
    }
  });
});

describe('models paths over the stored paths', () => {
  let h: Harness;
  before(async () => {
    h = await open();
    await run(h.p, [
      ...journey('mp-c1', 'mp@credits.example', 'mp-co1'),
      // A visitor who never converts: one non-converting path (paid social), and one who never comes back identified.
      { ...session('mp-c9', T0 - 3 * DAY, null, 'utm_source=facebook&utm_medium=cpc'), event_id: 'mp-c9-social' },
    ]);
  });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, []); });
  const pick = (rows: any[], model: string) => Object.fromEntries(rows.filter((r) => r.model === model).map((r) => [r.channel, Number(r.conversions.toFixed(12))]));

  it('counts one converting and one non-converting path, and gives the hand-computed markov shares', async () => {
    const r = await storedPathModels(h.p.store, 'companies', { from: null, to: null });
    assert.equal(r.converting, 1);
    assert.equal(r.nonConverting, 1);
    // start -> search 1, start -> social 1; search -> email -> social; social converts half the time. Every journey
    // visits social (RE 1), half visit search and email (RE 0.5 each): shares 0.25, 0.25, 0.5.
    assert.deepEqual(pick(r.rows, 'markov'), { email: 0.25, paid_search: 0.25, paid_social: 0.5 });
    assert.deepEqual(pick(r.rows, 'shapley'), { email: 0.333333333333, paid_search: 0.333333333333, paid_social: 0.333333333333 });
    assert.deepEqual(pick(r.rows, 'time_decay'), { email: 0.285714285714, paid_search: 0.142857142857, paid_social: 0.571428571429 });
    assert.deepEqual(pick(r.rows, 'first_touch'), { paid_search: 1 });
  });

  it('limits the converting paths to conversions in [from, to)', async () => {
    const none = await storedPathModels(h.p.store, 'companies', { from: null, to: T0 });
    assert.equal(none.converting, 0);
    const one = await storedPathModels(h.p.store, 'companies', { from: T0, to: T0 + 1 });
    assert.equal(one.converting, 1);
  });

  it('contacts have their own converting paths', async () => {
    const r = await storedPathModels(h.p.store, 'contacts', { from: null, to: null });
    assert.equal(r.converting, 1);
    assert.deepEqual(pick(r.rows, 'linear'), { email: 0.333333333333, paid_search: 0.333333333333, paid_social: 0.333333333333 });
  });
});
