// The embedded bus against RabbitMQ's contract: topic routing to every bound queue, publishes that commit with the
// publisher's transaction, ack with the handler's transaction, retry with backoff, dead letters, recovery after a
// stop, delayed delivery on the pipeline clock, and a drain that tests can await.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EmbeddedBus, type EmbeddedBusOptions } from '../../../src/adapters/bus/embedded-bus.js';
import type { Message, OutgoingMessage } from '../../../src/ports/bus.js';
import { ManualClock } from '../../../src/ports/clock.js';
import type { Store } from '../../../src/ports/sql.js';
import type { HandlerContext, Worker } from '../../../src/ports/worker.js';
import { freshStore } from '../../support/bus-store.js';


interface Delivery { id: string; attempts: number; batch: number; at: number }

interface TestWorker extends Worker {
  /** Every delivery, failed ones included, in order. */
  deliveries: Delivery[];
  /** Sizes of the batches `handle` was called with. */
  batches: number[];
}

interface Behaviour {
  /** Throw after writing the row (and publishing) for this message, on this delivery. */
  fails?: (m: Message) => boolean;
  /** Messages to publish when handling this one. */
  publishes?: (m: Message) => OutgoingMessage[];
  /** Runs inside the handler's transaction, for inspecting it. */
  inspect?: (m: Message, ctx: HandlerContext) => Promise<void>;
}

/**
 * A worker that records each delivery and inserts `(queue, message_id)` into `t` without ON CONFLICT: a second
 * committed write of the same message breaks the primary key, so "processed exactly once" is checked by the store.
 */
function testWorker(queue: string, bindings: readonly string[], behaviour: Behaviour = {}): TestWorker {
  const deliveries: Delivery[] = [];
  const batches: number[] = [];
  return {
    name: `${queue}Worker`, queue, bindings, deliveries, batches,
    async handle(batch, ctx) {
      batches.push(batch.length);
      for (const m of batch) {
        deliveries.push({ id: m.message_id, attempts: m.attempts, batch: batches.length, at: Date.now() });
        await behaviour.inspect?.(m, ctx);
        await ctx.tx.query('INSERT INTO t (queue, id) VALUES ($1, $2)', [queue, m.message_id]);
        for (const out of behaviour.publishes?.(m) ?? []) ctx.publish(out);
        if (behaviour.fails?.(m)) throw new Error(`boom on ${m.message_id} (attempt ${m.attempts + 1})`);
      }
    },
  };
}

const msg = (message_id: string, topic = 'event_hit.page_view', extra: Partial<OutgoingMessage> = {}): OutgoingMessage =>
  ({ topic, payload: { id: message_id }, message_id, ...extra });

async function publish(bus: EmbeddedBus, ...messages: OutgoingMessage[]): Promise<void> {
  await bus.transaction(async (_tx, p) => { for (const m of messages) p(m); });
}

async function rows(store: Store, queue: string): Promise<string[]> {
  const { rows: r } = await store.query<{ id: string }>('SELECT id FROM t WHERE queue = $1 ORDER BY id', [queue]);
  return r.map((x) => x.id);
}

async function outbox(store: Store): Promise<Array<{ queue: string; message_id: string; attempts: number; last_error: string | null }>> {
  const { rows: r } = await store.query<{ queue: string; message_id: string; attempts: number; last_error: string | null }>(
    'SELECT queue, message_id, attempts, last_error FROM bi.outbox ORDER BY queue, message_id');
  return r;
}

async function deadLetters(store: Store) {
  const { rows: r } = await store.query<{ queue: string; message_id: string; topic: string; payload: unknown; error: string; attempts: number }>(
    'SELECT queue, message_id, topic, payload, error, attempts FROM bi.dead_letters ORDER BY queue, message_id');
  return r;
}

function newBus(store: Store, clock = new ManualClock(0), options: EmbeddedBusOptions = {}): EmbeddedBus {
  return new EmbeddedBus(store, clock, { retryBaseMs: 1, ...options });
}

const ids = (w: TestWorker) => w.deliveries.map((d) => d.id);

describe('EmbeddedBus routing', () => {
  it('delivers a message once to every queue with a matching binding, and to no other', async () => {
    const store = await freshStore();
    const bus = newBus(store);
    const hits = testWorker('hits', ['event_hit.*']);
    const everything = testWorker('everything', ['#']);
    const overlapping = testWorker('overlapping', ['event_hit.*', 'event_hit.#', 'event_hit.page_view']);
    const signups = testWorker('signups', ['signup']);
    for (const w of [hits, everything, overlapping, signups]) bus.register(w);

    await publish(bus, msg('m1'));
    // Routed at publish time: one outbox row per bound queue.
    assert.deepEqual((await outbox(store)).map((r) => r.queue), ['everything', 'hits', 'overlapping']);
    assert.deepEqual(bus.depth(), { hits: 1, everything: 1, overlapping: 1, signups: 0 });

    await bus.runUntilIdle();
    assert.deepEqual(ids(hits), ['m1']);
    assert.deepEqual(ids(everything), ['m1']);
    assert.deepEqual(ids(overlapping), ['m1']);
    assert.deepEqual(ids(signups), []);
    assert.deepEqual(await outbox(store), []);
    assert.equal(bus.totalDepth(), 0);
    assert.deepEqual(bus.stats, { delivered: 3, failed: 0, dead_lettered: 0 });
  });

  it('drops a message no queue is bound to, as an exchange drops an unroutable message', async () => {
    const store = await freshStore();
    const bus = newBus(store);
    const signups = testWorker('signups', ['signup']);
    bus.register(signups);
    await publish(bus, msg('m1', 'event_hit.page_view'));
    assert.deepEqual(await outbox(store), []);
    await bus.runUntilIdle();
    assert.deepEqual(ids(signups), []);
  });

  it('delivers the payload, topic and id as published', async () => {
    const store = await freshStore();
    const bus = newBus(store);
    const seen: Message[] = [];
    bus.register({ name: 'W', queue: 'q', bindings: ['#'], handle: async (batch) => { seen.push(...batch); } });
    const payload = { nested: { list: [1, 'two', null], unicode: 'Zürich 🚀' }, n: 1.5 };
    await publish(bus, { topic: 'a.b', payload, message_id: 'm1' });
    await bus.runUntilIdle();
    assert.equal(seen.length, 1);
    const { message_id, topic, payload: received, attempts } = seen[0]!;
    assert.deepEqual({ message_id, topic, payload: received, attempts }, { message_id: 'm1', topic: 'a.b', payload, attempts: 0 });
  });
});

describe('EmbeddedBus payloads travel as RabbitMQ carries them: serialized', () => {
  // A broker delivers bytes: each consumer parses its own copy, and what it gets does not depend on whether the
  // message came straight from the publisher or back from the durable queue after a restart.
  const publishedPayload = () => ({ at: new Date(Date.UTC(2026, 0, 1)), ratio: Number.NaN, missing: undefined, list: [1, undefined] });
  const asStored = { at: '2026-01-01T00:00:00.000Z', ratio: null, list: [1, null] };

  it('delivers live the same payload as it delivers after recovery', async () => {
    const store = await freshStore();
    const live: unknown[] = [];
    const bus = newBus(store);
    bus.register({ name: 'W', queue: 'q', bindings: ['#'], handle: async (batch) => { live.push(...batch.map((m) => m.payload)); } });
    await publish(bus, { topic: 'x', payload: publishedPayload(), message_id: 'live' });
    await bus.runUntilIdle();

    const recovered: unknown[] = [];
    const crashed = newBus(store);
    crashed.register(testWorker('q', ['#']));
    await publish(crashed, { topic: 'x', payload: publishedPayload(), message_id: 'recovered' });
    const restarted = newBus(store);
    restarted.register({ name: 'W', queue: 'q', bindings: ['#'], handle: async (batch) => { recovered.push(...batch.map((m) => m.payload)); } });
    await restarted.recover();
    await restarted.runUntilIdle();

    assert.deepEqual(recovered, [asStored]);
    assert.deepEqual(live, recovered);
  });

  it('gives each queue its own copy: one consumer changing its payload does not change another\'s', async () => {
    const store = await freshStore();
    const bus = newBus(store);
    const seen: unknown[] = [];
    bus.register({
      name: 'Mutator', queue: 'a', bindings: ['#'],
      handle: async (batch) => { for (const m of batch) (m.payload as { n: number }).n = 999; },
    });
    bus.register({ name: 'Reader', queue: 'b', bindings: ['#'], handle: async (batch) => { seen.push(...batch.map((m) => structuredClone(m.payload))); } });
    const payload = { n: 1 };
    await publish(bus, { topic: 'x', payload, message_id: 'm1' });
    await bus.runUntilIdle();
    assert.deepEqual(seen, [{ n: 1 }]);
    assert.deepEqual(payload, { n: 1 }, 'the publisher\'s object is not the consumers\' either');
  });
});

describe('EmbeddedBus publishing is transactional', () => {
  it('never delivers messages published in a transaction that rolls back', async () => {
    const store = await freshStore();
    const bus = newBus(store);
    const w = testWorker('q', ['#']);
    bus.register(w);

    await assert.rejects(bus.transaction(async (tx, p) => {
      await tx.query(`INSERT INTO t (queue, id) VALUES ('publisher', 'x')`);
      p(msg('lost-1'));
      p(msg('lost-2'));
      throw new Error('publisher fails after publishing');
    }), /publisher fails/);

    assert.equal(bus.totalDepth(), 0);
    assert.deepEqual(await outbox(store), []);
    assert.deepEqual(await rows(store, 'publisher'), []);
    await bus.runUntilIdle();
    assert.deepEqual(ids(w), []);

    // The bus is still usable afterwards.
    await publish(bus, msg('kept'));
    await bus.runUntilIdle();
    assert.deepEqual(ids(w), ['kept']);
  });

  it('commits the publisher\'s writes with its publishes', async () => {
    const store = await freshStore();
    const bus = newBus(store);
    const w = testWorker('q', ['#']);
    bus.register(w);
    const value = await bus.transaction(async (tx, p) => {
      await tx.query(`INSERT INTO t (queue, id) VALUES ('publisher', 'x')`);
      p(msg('m1'));
      return 42;
    });
    assert.equal(value, 42);
    assert.deepEqual(await rows(store, 'publisher'), ['x']);
    assert.deepEqual((await outbox(store)).map((r) => r.message_id), ['m1']);
  });

  it('delivers a message id published twice twice, as RabbitMQ does: deduplication is the consumer\'s job', async () => {
    const store = await freshStore();
    const bus = newBus(store);
    const received: string[] = [];
    bus.register({ name: 'Recorder', queue: 'q', bindings: ['#'], async handle(batch) { for (const m of batch) received.push(m.message_id); } });
    await publish(bus, msg('dup'), msg('other'));
    await publish(bus, msg('dup'));
    assert.deepEqual((await outbox(store)).map((r) => r.message_id).sort(), ['dup', 'dup', 'other']);
    await bus.runUntilIdle();
    assert.deepEqual(received.sort(), ['dup', 'dup', 'other']);
    assert.equal(bus.totalDepth(), 0);
  });
});

describe('EmbeddedBus acknowledgement', () => {
  it('commits a handler\'s writes and publishes with the ack', async () => {
    const store = await freshStore();
    const bus = newBus(store);
    const first = testWorker('first', ['start'], { publishes: (m) => [msg(`${m.message_id}:next`, 'next.step')] });
    const second = testWorker('second', ['next.*']);
    bus.register(first);
    bus.register(second);
    await publish(bus, msg('m1', 'start'));
    await bus.runUntilIdle();
    assert.deepEqual(await rows(store, 'first'), ['m1']);
    assert.deepEqual(await rows(store, 'second'), ['m1:next']);
    assert.deepEqual(ids(second), ['m1:next']);
    assert.deepEqual(await outbox(store), []);
  });

  it('keeps none of a failing handler\'s writes and delivers none of its publishes', async () => {
    const store = await freshStore();
    const bus = newBus(store, new ManualClock(0), { maxAttempts: 3 });
    const first = testWorker('first', ['start'], {
      publishes: (m) => [msg(`${m.message_id}:next`, 'next.step')],
      fails: () => true,
    });
    const second = testWorker('second', ['next.*']);
    bus.register(first);
    bus.register(second);
    await publish(bus, msg('m1', 'start'));
    await bus.runUntilIdle();

    assert.equal(first.deliveries.length, 3);
    assert.deepEqual(await rows(store, 'first'), []);
    assert.deepEqual(ids(second), []);
    assert.deepEqual(await rows(store, 'second'), []);
    assert.deepEqual(await outbox(store), []);
    assert.deepEqual((await deadLetters(store)).map((d) => d.message_id), ['m1']);
  });

  it('retries a failing message with its attempts counted and recorded, then processes it exactly once', async () => {
    const store = await freshStore();
    const errors: Array<{ worker: string; error: string; id: string | undefined }> = [];
    const bus = newBus(store, new ManualClock(0), {
      maxAttempts: 5, retryBaseMs: 1,
      onError: (worker, error, m) => errors.push({ worker, error: (error as Error).message, id: m?.message_id }),
    });
    const recorded: Array<{ attempts: number; last_error: string | null } | undefined> = [];
    const w = testWorker('q', ['#'], {
      fails: (m) => m.attempts < 2,
      // What the durable queue says about this message while it is being redelivered.
      inspect: async (m, ctx) => {
        const { rows: r } = await ctx.tx.query<{ attempts: number; last_error: string | null }>(
          'SELECT attempts, last_error FROM bi.outbox WHERE queue = $1 AND message_id = $2', ['q', m.message_id]);
        recorded.push(r[0]);
      },
    });
    bus.register(w);
    await publish(bus, msg('flaky'));
    await bus.runUntilIdle();

    assert.deepEqual(w.deliveries.map((d) => d.attempts), [0, 1, 2]);
    assert.deepEqual(recorded, [
      { attempts: 0, last_error: null },
      { attempts: 1, last_error: 'boom on flaky (attempt 1)' },
      { attempts: 2, last_error: 'boom on flaky (attempt 2)' },
    ]);
    assert.deepEqual(await rows(store, 'q'), ['flaky']);
    assert.deepEqual(await outbox(store), []);
    assert.deepEqual(await deadLetters(store), []);
    assert.deepEqual(errors, [
      { worker: 'qWorker', error: 'boom on flaky (attempt 1)', id: 'flaky' },
      { worker: 'qWorker', error: 'boom on flaky (attempt 2)', id: 'flaky' },
    ]);
    assert.deepEqual(bus.stats, { delivered: 1, failed: 2, dead_lettered: 0 });
  });

  it('backs off between retries, doubling the delay', async () => {
    const store = await freshStore();
    const base = 40;
    const bus = newBus(store, new ManualClock(0), { maxAttempts: 4, retryBaseMs: base });
    const w = testWorker('q', ['#'], { fails: (m) => m.attempts < 3 });
    bus.register(w);
    await publish(bus, msg('slow'));
    await bus.runUntilIdle();
    const at = w.deliveries.map((d) => d.at);
    assert.equal(at.length, 4);
    // Lower bounds only: the bus may be late, never early (a millisecond of timer rounding allowed).
    assert.ok(at[1]! - at[0]! >= base - 1, `first retry after ${at[1]! - at[0]!} ms`);
    assert.ok(at[2]! - at[1]! >= 2 * base - 1, `second retry after ${at[2]! - at[1]!} ms`);
    assert.ok(at[3]! - at[2]! >= 4 * base - 1, `third retry after ${at[3]! - at[2]!} ms`);
    assert.deepEqual(await rows(store, 'q'), ['slow']);
  });

  it('dead-letters a message that keeps failing after maxAttempts, with its error', async () => {
    const store = await freshStore();
    const bus = newBus(store, new ManualClock(0), { maxAttempts: 3 });
    const w = testWorker('q', ['#'], { fails: (m) => m.message_id === 'poison' });
    bus.register(w);
    await publish(bus, { topic: 'event_hit.page_view', payload: { bad: true }, message_id: 'poison' });
    await bus.runUntilIdle();

    assert.deepEqual(w.deliveries.map((d) => d.attempts), [0, 1, 2]);
    assert.deepEqual(await deadLetters(store), [{
      queue: 'q', message_id: 'poison', topic: 'event_hit.page_view', payload: { bad: true },
      error: 'boom on poison (attempt 3)', attempts: 3,
    }]);
    assert.deepEqual(await outbox(store), []);
    assert.deepEqual(await rows(store, 'q'), []);
    assert.equal(bus.totalDepth(), 0);
    assert.deepEqual(bus.stats, { delivered: 0, failed: 3, dead_lettered: 1 });
  });

  it('isolates a poison message: the rest of its batch and later messages are processed, and not held back', async () => {
    const store = await freshStore();
    // Retries slow enough that the later messages are due well before the poison's second attempt.
    const bus = newBus(store, new ManualClock(0), { maxAttempts: 3, retryBaseMs: 100, batchSize: 4 });
    const w = testWorker('q', ['#'], { fails: (m) => m.message_id === 'poison' });
    bus.register(w);
    await publish(bus, msg('a1'), msg('poison'), msg('a2'), msg('a3'));
    await publish(bus, msg('b1'), msg('b2'));
    await bus.runUntilIdle();

    assert.deepEqual(await rows(store, 'q'), ['a1', 'a2', 'a3', 'b1', 'b2']);
    assert.deepEqual((await deadLetters(store)).map((d) => [d.message_id, d.attempts]), [['poison', 3]]);
    assert.deepEqual(await outbox(store), []);
    // Each good message was committed exactly once (the table's primary key would have refused a second commit),
    // and the later messages did not wait for the poison's retries.
    const order = JSON.stringify(w.deliveries.map((d) => [d.id, d.attempts]));
    const secondPoisonAttempt = w.deliveries.findIndex((d) => d.id === 'poison' && d.attempts === 1);
    for (const id of ['b1', 'b2']) assert.ok(w.deliveries.findIndex((d) => d.id === id) < secondPoisonAttempt, `order: ${order}`);
  });

  it('keeps a failure in one queue from affecting the same message in another queue', async () => {
    const store = await freshStore();
    const bus = newBus(store, new ManualClock(0), { maxAttempts: 2 });
    const broken = testWorker('broken', ['#'], { fails: () => true });
    const fine = testWorker('fine', ['#']);
    bus.register(broken);
    bus.register(fine);
    await publish(bus, msg('m1'));
    await bus.runUntilIdle();
    assert.deepEqual(await rows(store, 'fine'), ['m1']);
    assert.deepEqual(ids(fine), ['m1']);
    assert.deepEqual((await deadLetters(store)).map((d) => [d.queue, d.message_id]), [['broken', 'm1']]);
  });
});

describe('EmbeddedBus recovery', () => {
  it('delivers, after a restart, what was published but not consumed: nothing acknowledged is lost', async () => {
    const store = await freshStore();
    const before = newBus(store);
    before.register(testWorker('visits', ['session_webhook']));
    before.register(testWorker('hits', ['event_hit.*']));
    await publish(before, msg('s1', 'session_webhook'), msg('h1', 'event_hit.page_view'));
    await publish(before, msg('h2', 'event_hit.click'));
    // The first bus "crashes" here: never drained.

    const after = newBus(store);
    const visits = testWorker('visits', ['session_webhook']);
    const hits = testWorker('hits', ['event_hit.*']);
    after.register(visits);
    after.register(hits);
    assert.equal(await after.recover(), 3);
    assert.deepEqual(after.depth(), { visits: 1, hits: 2 });
    await after.runUntilIdle();
    assert.deepEqual(ids(visits), ['s1']);
    assert.deepEqual(ids(hits), ['h1', 'h2']); // in publish order
    assert.deepEqual(await rows(store, 'hits'), ['h1', 'h2']);
    assert.deepEqual(await outbox(store), []);

    // Recovering again finds nothing: consumed messages are not redelivered.
    const third = newBus(store);
    const hitsAgain = testWorker('hits', ['event_hit.*']);
    third.register(hitsAgain);
    assert.equal(await third.recover(), 0);
    await third.runUntilIdle();
    assert.deepEqual(ids(hitsAgain), []);
  });

  it('recovers a message\'s failed attempts and its delivery time', async () => {
    const store = await freshStore();
    const before = newBus(store, new ManualClock(0));
    before.register(testWorker('q', ['#']));
    await publish(before, msg('later', 'x', { deliver_at: 10_000 }));
    await store.query(`UPDATE bi.outbox SET attempts = 2, last_error = 'earlier failure'`);

    const clock = new ManualClock(0);
    const after = newBus(store, clock, { maxAttempts: 3 });
    const w = testWorker('q', ['#'], { fails: () => true });
    after.register(w);
    await after.recover();
    await after.runUntilIdle();
    assert.deepEqual(ids(w), [], 'not before its delivery time');
    assert.equal(after.nextDeliveryTime(), 10_000);

    clock.advanceTo(10_000);
    await after.runUntilIdle();
    // Two attempts failed before the restart, so the third is the last one.
    assert.deepEqual(w.deliveries.map((d) => d.attempts), [2]);
    assert.deepEqual((await deadLetters(store)).map((d) => [d.message_id, d.attempts]), [['later', 3]]);
  });
});

describe('EmbeddedBus delayed delivery', () => {
  it('holds a message until the pipeline clock reaches its deliver_at', async () => {
    const store = await freshStore();
    const clock = new ManualClock(1_000);
    const bus = newBus(store, clock);
    const w = testWorker('q', ['#']);
    bus.register(w);
    await publish(bus, msg('later', 'x', { deliver_at: 5_000 }), msg('now', 'x'), msg('past', 'x', { deliver_at: 500 }));

    await bus.runUntilIdle(); // returns without waiting for the clock
    assert.deepEqual(ids(w).sort(), ['now', 'past']);
    assert.equal(bus.nextDeliveryTime(), 5_000);
    assert.equal(bus.totalDepth(), 1);

    clock.advanceTo(4_999);
    await bus.runUntilIdle();
    assert.deepEqual(ids(w).sort(), ['now', 'past']);

    clock.advanceTo(5_000);
    await bus.runUntilIdle();
    assert.deepEqual(ids(w).sort(), ['later', 'now', 'past']);
    assert.equal(bus.nextDeliveryTime(), null);
    assert.deepEqual(await outbox(store), []);
  });

  it('stores deliver_at in the outbox', async () => {
    const store = await freshStore();
    const bus = newBus(store, new ManualClock(0));
    bus.register(testWorker('q', ['#']));
    const due = Date.UTC(2026, 0, 1, 12, 30);
    await publish(bus, msg('later', 'x', { deliver_at: due }));
    const { rows: r } = await store.query<{ deliver_at: Date }>('SELECT deliver_at FROM bi.outbox');
    assert.equal(r[0]!.deliver_at.getTime(), due);
  });
});

describe('EmbeddedBus draining', () => {
  it('shares one drain between concurrent runUntilIdle calls, one batch at a time', async () => {
    const store = await freshStore();
    const bus = newBus(store, new ManualClock(0), { batchSize: 2 });
    let inFlight = 0;
    let maxInFlight = 0;
    const handled: string[] = [];
    const worker = (queue: string): Worker => ({
      name: queue, queue, bindings: ['#'],
      async handle(batch) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 2));
        handled.push(...batch.map((m) => `${queue}:${m.message_id}`));
        inFlight--;
      },
    });
    bus.register(worker('q1'));
    bus.register(worker('q2'));
    await publish(bus, ...['a', 'b', 'c', 'd', 'e'].map((id) => msg(id)));

    const first = bus.runUntilIdle();
    const second = bus.runUntilIdle();
    assert.equal(first, second);
    await Promise.all([first, second, bus.runUntilIdle()]);
    assert.equal(maxInFlight, 1);
    assert.equal(handled.length, 10);
    assert.equal(new Set(handled).size, 10);

    // Once idle, a new call starts a new drain.
    await publish(bus, msg('f'));
    const third = bus.runUntilIdle();
    assert.notEqual(third, first);
    await third;
    assert.equal(handled.length, 12);
  });

  it('delivers in batches of at most batchSize, in publish order', async () => {
    const store = await freshStore();
    const bus = newBus(store, new ManualClock(0), { batchSize: 3 });
    const w = testWorker('q', ['#']);
    bus.register(w);
    const all = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];
    await publish(bus, ...all.map((id) => msg(id)));
    await bus.runUntilIdle();
    assert.deepEqual(w.batches, [3, 3, 1]);
    assert.deepEqual(ids(w), all);
  });

  it('drains what handlers publish in the same call', async () => {
    const store = await freshStore();
    const bus = newBus(store);
    const chain = testWorker('chain', ['step.*'], {
      publishes: (m) => {
        const n = Number(m.message_id.slice(1));
        return n < 5 ? [msg(`s${n + 1}`, 'step.next')] : [];
      },
    });
    bus.register(chain);
    await publish(bus, msg('s1', 'step.first'));
    await bus.runUntilIdle();
    assert.deepEqual(ids(chain), ['s1', 's2', 's3', 's4', 's5']);
    assert.equal(bus.totalDepth(), 0);
  });
});
