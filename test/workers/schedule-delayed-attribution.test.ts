// Delayed re-attribution triggers: one pending row per entity (the earlier due time wins), fired once when due.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EmbeddedBus } from '../../src/adapters/bus/embedded-bus.js';
import { openStore } from '../../src/app/pipeline.js';
import type { Message } from '../../src/ports/bus.js';
import { ManualClock } from '../../src/ports/clock.js';
import type { Store } from '../../src/ports/sql.js';
import { Topic, type DelayedAttributionTrigger } from '../../src/workers/topics.js';
import {
  DELAY_MS, SHORT_DELAY_MS, fireDueTriggers, scheduleDelayedAttribution, type EntityRef,
} from '../../src/workers/steps/schedule-delayed-attribution.js';
import { migratedTemplate } from '../support/pipeline.js';

const T0 = Date.UTC(2026, 2, 1, 9, 0);

let shared: Promise<Store> | null = null;
after(async () => {
  if (shared) await (await shared).close();
});

/** One store for the file, with an empty schedule and outbox for each test. */
async function freshStore(): Promise<Store> {
  shared ??= migratedTemplate().then((from) => openStore({ dataDir: null }, { from }));
  const store = await shared;
  await store.exec('TRUNCATE bi.attribution_schedule, bi.outbox, bi.dead_letters');
  return store;
}

interface Setup { store: Store; bus: EmbeddedBus; received: Message[]; fire: (now: number) => Promise<number> }

/** A bus with one queue bound to the trigger topic, recording what it receives. */
async function setup(): Promise<Setup> {
  const store = await freshStore();
  const bus = new EmbeddedBus(store, new ManualClock(T0));
  const received: Message[] = [];
  bus.register({
    name: 'DelayedAttribution', queue: 'delayed', bindings: [Topic.delayedAttributionTrigger],
    handle: async (batch) => { received.push(...batch); },
  });
  const fire = async (now: number) => {
    const fired = await fireDueTriggers(bus.transaction.bind(bus), now);
    await bus.runUntilIdle();
    return fired;
  };
  return { store, bus, received, fire };
}

const schedule = (store: Store, entities: EntityRef[], dueAt: number) =>
  store.transaction((tx) => scheduleDelayedAttribution(tx, entities, dueAt));

async function pending(store: Store): Promise<Array<[string, string, number]>> {
  const { rows } = await store.query<{ entity_kind: string; entity_id: string; due_at: Date }>(
    'SELECT entity_kind, entity_id, due_at FROM bi.attribution_schedule ORDER BY entity_kind, entity_id');
  return rows.map((r) => [r.entity_kind, r.entity_id, r.due_at.getTime()]);
}

const payloads = (received: Message[]) =>
  received.map((m) => m.payload as DelayedAttributionTrigger).sort((a, b) => a.entity_id.localeCompare(b.entity_id));

const company = (id: string): EntityRef => ({ kind: 'company', id });
const contact = (id: string): EntityRef => ({ kind: 'contact', id });

describe('scheduleDelayedAttribution', () => {
  it('keeps one row per entity, with the earlier due time, whichever order the requests come in', async () => {
    const { store } = await setup();
    await schedule(store, [company('c1')], T0 + DELAY_MS);
    await schedule(store, [company('c1')], T0 + SHORT_DELAY_MS); // earlier: wins
    await schedule(store, [contact('p1')], T0 + SHORT_DELAY_MS);
    await schedule(store, [contact('p1')], T0 + DELAY_MS); // later: ignored
    assert.deepEqual(await pending(store), [
      ['company', 'c1', T0 + SHORT_DELAY_MS],
      ['contact', 'p1', T0 + SHORT_DELAY_MS],
    ]);
  });

  it('coalesces repeats within one call, and tells a company from a contact with the same id', async () => {
    const { store } = await setup();
    await schedule(store, [company('x'), company('x'), contact('x'), company('x')], T0 + DELAY_MS);
    assert.deepEqual(await pending(store), [['company', 'x', T0 + DELAY_MS], ['contact', 'x', T0 + DELAY_MS]]);
  });

  it('does nothing for no entities', async () => {
    const { store } = await setup();
    await schedule(store, [], T0);
    assert.deepEqual(await pending(store), []);
  });

  it('commits with the caller\'s transaction', async () => {
    const { store } = await setup();
    await assert.rejects(store.transaction(async (tx) => {
      await scheduleDelayedAttribution(tx, [company('c1')], T0);
      throw new Error('caller fails');
    }), /caller fails/);
    assert.deepEqual(await pending(store), []);
  });
});

describe('fireDueTriggers', () => {
  it('publishes only the due triggers, one per entity, and deletes them', async () => {
    const { store, received, fire } = await setup();
    await schedule(store, [company('c1'), contact('p1')], T0 + SHORT_DELAY_MS);
    await schedule(store, [company('c1')], T0 + DELAY_MS); // coalesced into the earlier one
    await schedule(store, [company('c2')], T0 + DELAY_MS);

    assert.equal(await fire(T0 + SHORT_DELAY_MS - 1), 0);
    assert.equal(received.length, 0);

    assert.equal(await fire(T0 + SHORT_DELAY_MS), 2); // due_at <= now fires
    assert.deepEqual(payloads(received), [
      { entity_kind: 'company', entity_id: 'c1', due_at: T0 + SHORT_DELAY_MS },
      { entity_kind: 'contact', entity_id: 'p1', due_at: T0 + SHORT_DELAY_MS },
    ]);
    assert.ok(received.every((m) => m.topic === Topic.delayedAttributionTrigger));
    assert.deepEqual(await pending(store), [['company', 'c2', T0 + DELAY_MS]]);
  });

  it('gives each firing its own message id, so a later re-check of the same entity is never taken for a redelivery', async () => {
    const { store, received, fire } = await setup();
    await schedule(store, [company('c1')], T0);
    await fire(T0);
    await schedule(store, [company('c1')], T0);
    await fire(T0);
    assert.equal(received.length, 2);
    assert.ok(received.every((m) => m.message_id.startsWith(`${Topic.delayedAttributionTrigger}:company:c1:`)));
    assert.notEqual(received[0]!.message_id, received[1]!.message_id);
  });

  it('fires everything when now is Infinity', async () => {
    const { store, received, fire } = await setup();
    await schedule(store, [company('c1')], T0 + SHORT_DELAY_MS);
    await schedule(store, [contact('p1')], T0 + DELAY_MS);
    await schedule(store, [company('c2')], Date.UTC(2100, 0, 1));
    assert.equal(await fire(Infinity), 3);
    assert.deepEqual(payloads(received).map((p) => p.entity_id), ['c1', 'c2', 'p1']);
    assert.deepEqual(await pending(store), []);
  });

  it('does not publish a trigger twice when fired twice', async () => {
    const { store, received, fire } = await setup();
    await schedule(store, [company('c1'), contact('p1')], T0);
    assert.equal(await fire(T0 + DELAY_MS), 2);
    assert.equal(await fire(T0 + DELAY_MS), 0);
    assert.equal(await fire(Infinity), 0);
    assert.equal(received.length, 2);
  });

  it('does not publish twice when two firings run at the same time', async () => {
    const { store, received, bus } = await setup();
    await schedule(store, [company('c1'), company('c2'), contact('p1')], T0);
    const transaction = bus.transaction.bind(bus);
    const counts = await Promise.all([fireDueTriggers(transaction, T0), fireDueTriggers(transaction, T0), fireDueTriggers(transaction, Infinity)]);
    await bus.runUntilIdle();
    assert.equal(counts.reduce((a, b) => a + b, 0), 3);
    assert.equal(received.length, 3);
  });

  it('fires an entity scheduled again after firing, as a new trigger', async () => {
    const { store, received, fire } = await setup();
    await schedule(store, [company('c1')], T0);
    await fire(T0);
    await schedule(store, [company('c1')], T0 + DELAY_MS);
    assert.equal(await fire(T0 + DELAY_MS), 1);
    assert.deepEqual(payloads(received).map((p) => p.due_at), [T0, T0 + DELAY_MS]);
  });

  it('keeps the trigger when the firing transaction rolls back', async () => {
    const { store, bus, received } = await setup();
    await schedule(store, [company('c1')], T0);
    const failing = <R>(work: Parameters<EmbeddedBus['transaction']>[0]): Promise<R> =>
      bus.transaction(async (tx, publish) => {
        await work(tx, publish);
        throw new Error('crash before commit');
      });
    await assert.rejects(fireDueTriggers(failing, T0), /crash before commit/);
    await bus.runUntilIdle();
    assert.equal(received.length, 0);
    assert.deepEqual(await pending(store), [['company', 'c1', T0]]);
  });

  it('fires at most `limit` triggers per call, earliest first', async () => {
    const { store, bus, received } = await setup();
    await schedule(store, [company('late')], T0 + 2);
    await schedule(store, [company('early')], T0);
    await schedule(store, [company('middle')], T0 + 1);
    const transaction = bus.transaction.bind(bus);
    assert.equal(await fireDueTriggers(transaction, Infinity, 2), 2);
    await bus.runUntilIdle();
    assert.deepEqual(payloads(received).map((p) => p.entity_id), ['early', 'middle']);
    assert.deepEqual((await pending(store)).map(([, id]) => id), ['late']);
  });
});
