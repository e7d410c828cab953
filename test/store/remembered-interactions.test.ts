// The attribution runners remember what they last wrote of each entity's interactions, and send only the rows that
// changed. The stored rows must end exactly as a full write would leave them, and a remembered list may be used only
// while the stored fingerprint says it is still what is stored.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/app/pipeline.js';
import type { Store } from '../../src/ports/sql.js';
import { companyFingerprint, writeCompanyResults, type CompanyResult, type InteractionRow } from '../../src/store/bi/attribution-results.js';
import { RememberedInteractions } from '../../src/store/bi/remembered-interactions.js';
import { migratedTemplate } from '../support/pipeline.js';

const row = (touchpoint_id: string, linear: number, eligible = true): InteractionRow =>
  ({ touchpoint_id, occurred_at: Date.UTC(2026, 0, 1) + Number(touchpoint_id.slice(1)) * 1000, channel: 'paid_search', eligible, credits: { linear } });
const result = (interactions: InteractionRow[]): CompanyResult => ({
  company_id: 'co1', converted_at: Date.UTC(2026, 1, 1), first_touch: null, last_touch: null, first_touch_28d: null,
  original_source: null, unattributed_reason: 'no_eligible_touchpoint', interactions,
});

describe('RememberedInteractions', () => {
  let store: Store;
  before(async () => { store = await openStore({ dataDir: null }, { from: await migratedTemplate() }); });
  after(() => store.close());

  const storedRows = async () => (await store.query<{ tp: string; linear: number; eligible: boolean }>(
    "SELECT touchpoint_id AS tp, credit_linear AS linear, eligible FROM bi.company_interactions WHERE company_id = 'co1' ORDER BY 1")).rows;
  const storedFingerprint = async () => (await store.query<{ f: string }>(
    "SELECT result_fingerprint AS f FROM bi.company_profile_attribution WHERE company_id = 'co1'")).rows[0]?.f ?? null;
  it('sends only the rows that changed, deletes those gone, and leaves the rows a full write would', async () => {
    const remembered = new RememberedInteractions();
    const first = result([row('t1', 0.5), row('t2', 0.5), row('t3', 0, false)]);
    await writeCompanyResults(store, [first], (id) => remembered.rowsOf(id, null));
    remembered.remember('co1', companyFingerprint(first), first.interactions);

    // t1's credit moves, t2 stays, t3 is gone, t4 is new.
    const second = result([row('t1', 0.25), row('t2', 0.5), row('t4', 0.25)]);
    const stored = remembered.rowsOf('co1', await storedFingerprint());
    assert.ok(stored, 'remembered under the fingerprint that is stored');
    const upserted: Array<readonly unknown[]> = [];
    await writeCompanyResults({ ...store, query: (text, params) => {
      if (text.includes('INSERT INTO bi.company_interactions')) upserted.push(params!.find((v) => Array.isArray(v) && v.includes('t1')) as unknown[]);
      return store.query(text, params);
    } }, [second], () => stored);
    assert.deepEqual(await storedRows(), [{ tp: 't1', linear: 0.25, eligible: true }, { tp: 't2', linear: 0.5, eligible: true }, { tp: 't4', linear: 0.25, eligible: true }]);
    assert.equal(upserted.length, 1);
    assert.deepEqual(upserted[0], ['t1', 't4'], 'only the changed and new rows are sent');
    remembered.remember('co1', companyFingerprint(second), second.interactions);

    // The same interactions, a different reason: the model row is written, and no interaction row is sent.
    const third = { ...result(second.interactions), unattributed_reason: 'no_touchpoints' };
    upserted.length = 0;
    await writeCompanyResults(store, [third], () => remembered.rowsOf('co1', companyFingerprint(second)));
    assert.equal((await store.query<{ r: string }>("SELECT unattributed_reason AS r FROM bi.company_profile_attribution WHERE company_id = 'co1'")).rows[0]!.r, 'no_touchpoints');
    assert.equal(await storedFingerprint(), companyFingerprint(third));
    assert.deepEqual((await storedRows()).map((r) => r.tp), ['t1', 't2', 't4']);
    remembered.remember('co1', companyFingerprint(third), third.interactions);

    // A row gone and nothing else changed: only a delete.
    const fourth = { ...third, interactions: third.interactions.filter((i) => i.touchpoint_id !== 't4') };
    await writeCompanyResults(store, [fourth], () => remembered.rowsOf('co1', companyFingerprint(third)));
    assert.deepEqual((await storedRows()).map((r) => r.tp), ['t1', 't2']);
  });

  it('without a remembered list, deletes the stored rows no longer listed and keeps the others', async () => {
    await writeCompanyResults(store, [result([row('t1', 0.5), row('t2', 0.25), row('t3', 0.25)])]);
    await writeCompanyResults(store, [result([row('t1', 0.5), row('t4', 0.5)])]);
    assert.deepEqual(await storedRows(), [{ tp: 't1', linear: 0.5, eligible: true }, { tp: 't4', linear: 0.5, eligible: true }]);
  });

  it('forgets a list whose stored fingerprint is no longer the one it was remembered with', async () => {
    const remembered = new RememberedInteractions();
    const written = result([row('t1', 1)]);
    await writeCompanyResults(store, [written]);
    remembered.remember('co1', companyFingerprint(written), written.interactions);
    assert.ok(remembered.rowsOf('co1', await storedFingerprint()));
    // A write that rolled back: remembered, never stored.
    const rolledBack = result([row('t1', 0.5), row('t9', 0.5)]);
    remembered.remember('co1', companyFingerprint(rolledBack), rolledBack.interactions);
    assert.equal(remembered.rowsOf('co1', await storedFingerprint()), null);
    assert.equal(remembered.rowsOf('co2', null), null);
  });

  it('holds at most its bound in rows, forgetting the entities written longest ago', () => {
    const remembered = new RememberedInteractions(6);
    remembered.remember('big', 'f', [row('t1', 1), row('t2', 1), row('t3', 1), row('t4', 1), row('t5', 1), row('t6', 1)]);
    assert.equal(remembered.rowsOf('big', 'f'), null, 'more rows than the bound: not remembered');
    remembered.remember('a', 'fa', [row('t1', 1), row('t2', 1)]);
    remembered.remember('b', 'fb', [row('t1', 1)]);
    assert.ok(remembered.rowsOf('a', 'fa') && remembered.rowsOf('b', 'fb'));
    remembered.remember('c', 'fc', [row('t1', 1), row('t2', 1)]);
    assert.equal(remembered.rowsOf('a', 'fa'), null);
    assert.deepEqual([...remembered.rowsOf('c', 'fc')!.keys()], ['t1', 't2']);
  });
});
