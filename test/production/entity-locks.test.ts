// Attribution locks on a real PostgreSQL (PGlite has one connection, where every lock is free): a batch waits for
// the entities another transaction is attributing, batches overlapping in any order never deadlock, a stalled holder
// is waited for only so long, and an entity a transaction reaches later (a referral chain) is handed back instead of
// waited for. Attributions and the bulk recompute wait for each other.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OutgoingMessage } from '../../src/ports/bus.js';
import type { IdentityNode } from '../../src/core/types.js';
import type { Sql, Store } from '../../src/ports/sql.js';
import { recordFacts } from '../../src/store/bi/identity-facts.js';
import { claimEntities, LOCK_WAIT_MS } from '../../src/workers/steps/trigger-attribution.js';
import { Topic } from '../../src/workers/topics.js';
import { ownDatabase, productionSkipReason } from '../support/production.js';

const skip = await productionSkipReason();
const NOW = Date.UTC(2026, 2, 1, 9, 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A transaction that claims `ids` (and the companies within 5 hops of `near`), then stays open until `release` is
 * called; `claimed` settles with what it got.
 */
function holdClaim(store: Store, ids: string[], waitMs: number, near?: IdentityNode[]) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  const published: OutgoingMessage[] = [];
  let claimedNow: string[] | null = null;
  const claimed = new Promise<string[]>((resolve, reject) => {
    store.transaction(async (tx: Sql) => {
      claimedNow = await claimEntities(tx, 'company', { ids, ...(near && { near }) }, 5, (m) => published.push(m), NOW, waitMs);
      resolve(claimedNow);
      await released;
    }).catch(reject);
  });
  return { claimed, release, published, done: () => claimedNow !== null };
}

describe('attribution locks on PostgreSQL', { skip }, () => {
  // Enough connections for every transaction of a test to be open at once.
  const database = ownDatabase('locks', 12);

  it('a batch waits for the entities another transaction is attributing, then takes them all', async () => {
    const store = database();
    const first = holdClaim(store, ['co_a', 'co_b'], LOCK_WAIT_MS);
    assert.deepEqual(await first.claimed, ['co_a', 'co_b']);
    const second = holdClaim(store, ['co_b', 'co_c'], LOCK_WAIT_MS);
    await sleep(300);
    assert.equal(second.done(), false, 'co_b is being attributed: the second batch waits');
    first.release();
    assert.deepEqual(await second.claimed, ['co_b', 'co_c']);
    second.release();
    assert.deepEqual([...first.published, ...second.published], [], 'nothing is handed back');
  });

  it('batches overlapping on the same entities in any order all finish, none deadlocks', async () => {
    const store = database();
    const ids = Array.from({ length: 40 }, (_, i) => `co_${String(i).padStart(3, '0')}`);
    const shuffled = (seed: number) => [...ids].sort((x, y) => ((x.charCodeAt(5) * seed) % 41) - ((y.charCodeAt(5) * seed) % 41) || x.localeCompare(y));
    const failures: string[] = [];
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.transaction(async (tx) => {
      // Every batch holds its locks a while, so the batches overlap in time as well as in entities.
      const claimed = await claimEntities(tx, 'company', { ids: i % 2 === 0 ? shuffled(i + 2) : [...shuffled(i + 2)].reverse() }, 5,
        () => failures.push(`batch ${i} handed back`), NOW, LOCK_WAIT_MS);
      if (claimed.length !== ids.length) failures.push(`batch ${i} claimed ${claimed.length}`);
      await sleep(20);
    })));
    assert.deepEqual(failures, []);
  });

  it('a holder that keeps a lock past the wait is not waited for: the rest of the batch goes on, the entity is handed back', async () => {
    const store = database();
    const stalled = holdClaim(store, ['co_s'], LOCK_WAIT_MS);
    await stalled.claimed;
    const started = Date.now();
    const batch = holdClaim(store, ['co_r', 'co_s', 'co_t'], 300);
    assert.deepEqual(await batch.claimed, ['co_r', 'co_t']);
    assert.ok(Date.now() - started >= 300, 'it waited first');
    assert.deepEqual(batch.published.map((m) => m.payload), [{ entity_kind: 'company', entity_id: 'co_s', due_at: NOW }]);
    // The locks it took are its own: a third batch waits for them.
    const third = holdClaim(store, ['co_t'], 200);
    assert.deepEqual(await third.claimed, [], 'co_t is held by the batch');
    third.release();
    batch.release();
    stalled.release();
  });

  it('an entity reached later in the transaction is handed back as a trigger due now when its lock is taken', async () => {
    const store = database();
    const holder = holdClaim(store, ['co_x'], LOCK_WAIT_MS);
    await holder.claimed;
    const later = holdClaim(store, ['co_x', 'co_y'], 0);
    assert.deepEqual(await later.claimed, ['co_y'], 'the free one is taken without waiting');
    later.release();
    holder.release();
    assert.equal(later.published.length, 1);
    assert.equal(later.published[0]!.topic, Topic.delayedAttributionTrigger);
    assert.deepEqual(later.published[0]!.payload, { entity_kind: 'company', entity_id: 'co_x', due_at: NOW });
  });

  it('the companies a change reaches through the identity graph are found and locked in one statement, waited for like named ones', async () => {
    const store = database();
    // client c1 -> email ana@acme.com -> company co_n (2 hops); company co_far is 6 hops away, beyond the limit.
    const at = NOW - 60_000;
    const chain: IdentityNode[] = ['client:c1', 'email:ana@acme.com', 'company:co_n', 'email:b@acme.com', 'client:c2', 'email:c@acme.com', 'company:co_far'];
    await recordFacts(store, { links: chain.slice(1).map((b, i) => ({ a: chain[i]!, b, at })), sightings: [], companies: [] });
    const holder = holdClaim(store, ['co_n'], LOCK_WAIT_MS);
    await holder.claimed;
    const batch = holdClaim(store, ['co_named'], LOCK_WAIT_MS, ['client:c1']);
    await sleep(300);
    assert.equal(batch.done(), false, 'co_n, reached from client:c1, is being attributed: the batch waits');
    holder.release();
    assert.deepEqual(await batch.claimed, ['co_n', 'co_named'], 'reached and named companies, not the one beyond 5 hops');
    // The reached company's lock is the batch's own now.
    const third = holdClaim(store, ['co_n'], 0);
    assert.deepEqual(await third.claimed, [], 'co_n is held by the batch');
    assert.deepEqual(third.published.map((m) => m.payload), [{ entity_kind: 'company', entity_id: 'co_n', due_at: NOW }]);
    third.release();
    batch.release();
  });

  const until = async (condition: () => boolean) => {
    for (let waited = 0; !condition(); waited += 20) {
      assert.ok(waited < 10_000, 'took more than 10 s');
      await sleep(20);
    }
  };

  // The bulk recompute (migration 009) holds the recompute lock for its whole transaction.
  function holdRecompute(store: Store) {
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    let locked = false;
    const held = store.transaction(async (tx) => {
      await tx.query('SELECT bi.lock_recompute()');
      locked = true;
      await released;
    });
    return { release, held, locked: () => locked };
  }

  it('an attribution waits for a running recompute, however long, and then takes its entities', async () => {
    const store = database();
    const recompute = holdRecompute(store);
    await until(recompute.locked);
    const batch = holdClaim(store, ['co_r1'], 200);
    await sleep(600);
    assert.equal(batch.done(), false, 'the batch waits for the recompute, past its 200 ms entity-lock wait');
    recompute.release();
    await recompute.held;
    assert.deepEqual(await batch.claimed, ['co_r1']);
    batch.release();
    assert.deepEqual(batch.published, [], 'nothing is handed back');
  });

  it('a recompute waits for the attributions in flight to commit', async () => {
    const store = database();
    const batch = holdClaim(store, ['co_r2'], LOCK_WAIT_MS);
    assert.deepEqual(await batch.claimed, ['co_r2']);
    const recompute = holdRecompute(store);
    await sleep(300);
    assert.equal(recompute.locked(), false, 'the recompute waits for the batch');
    batch.release();
    await until(recompute.locked);
    recompute.release();
    await recompute.held;
  });
});
