// The embedded bus's unit of work (TransactionOptions.handleNow): what a transaction publishes is handled inside it,
// with everything that causes, so that one commit covers the batch and its handling. Nothing of it may be lost or
// done twice: a handler that fails leaves its message in the outbox for a retry and the rest commits; a transaction
// that fails leaves nothing at all, in the store or in the state kept in memory beside it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EmbeddedBus, type Journal } from '../../../src/adapters/bus/embedded-bus.js';
import type { Message, OutgoingMessage } from '../../../src/ports/bus.js';
import { ManualClock } from '../../../src/ports/clock.js';
import type { Store } from '../../../src/ports/sql.js';
import type { Worker } from '../../../src/ports/worker.js';
import { freshStore } from '../../support/bus-store.js';


/** A journal of what the handlers did, as MemoryIdentityGraph keeps one: entries are taken back on rollback. */
function listJournal(): Journal & { entries: string[]; settled: string[] } {
  const j = {
    entries: [] as string[], settled: [] as string[],
    mark: () => j.entries.length,
    undoTo: (mark: number) => { j.entries.length = mark; },
    settle: () => { j.settled.push(...j.entries); j.entries = []; },
  };
  return j;
}

/** Inserts (queue, message_id) into `t` (a second commit of one message breaks the key), notes it, publishes `next`. */
function worker(queue: string, bindings: string[], journal: { entries: string[] } | null, behaviour: {
  next?: (m: Message) => OutgoingMessage[]; fails?: (m: Message) => boolean;
} = {}): Worker & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    name: `${queue}Worker`, queue, bindings, calls,
    async handle(batch, ctx) {
      calls.push(batch.map((m) => `${m.message_id}@${m.attempts}`));
      for (const m of batch) {
        await ctx.tx.query('INSERT INTO t (queue, id) VALUES ($1, $2)', [queue, m.message_id]);
        journal?.entries.push(`${queue}:${m.message_id}`);
        for (const out of behaviour.next?.(m) ?? []) ctx.publish(out);
        if (behaviour.fails?.(m)) throw new Error(`boom on ${m.message_id}`);
      }
    },
  };
}

const msg = (id: string, topic = 'input', extra: Partial<OutgoingMessage> = {}): OutgoingMessage => ({ topic, payload: { id }, message_id: id, ...extra });

async function rows(store: Store): Promise<string[]> {
  return (await store.query<{ r: string }>("SELECT queue || ':' || id AS r FROM t ORDER BY 1")).rows.map((r) => r.r);
}
async function outbox(store: Store) {
  return (await store.query<{ queue: string; message_id: string; attempts: number; last_error: string | null; deliver_at: Date | null }>(
    'SELECT queue, message_id, attempts, last_error, deliver_at FROM bi.outbox ORDER BY queue, message_id')).rows;
}

describe('EmbeddedBus unit of work (handleNow)', () => {
  it('handles what the transaction publishes, and what that causes, before it returns; only delayed messages are stored', async () => {
    const store = await freshStore();
    const bus = new EmbeddedBus(store, new ManualClock(1000));
    const first = worker('first', ['input'], null, { next: (m) => [msg(`${m.message_id}:now`, 'derived'), msg(`${m.message_id}:later`, 'derived', { deliver_at: 5000 })] });
    const second = worker('second', ['derived'], null);
    bus.register(first);
    bus.register(second);
    const value = await bus.transaction(async (tx, publish) => {
      await tx.query("INSERT INTO t (queue, id) VALUES ('publisher', 'p')");
      publish(msg('a'));
      publish(msg('b'));
      return 'accepted';
    }, { handleNow: true });

    assert.equal(value, 'accepted');
    assert.deepEqual(await rows(store), ['first:a', 'first:b', 'publisher:p', 'second:a:now', 'second:b:now']);
    assert.deepEqual(first.calls, [['a@0', 'b@0']], 'one batch for the queue');
    assert.deepEqual((await outbox(store)).map((r) => [r.queue, r.message_id, r.deliver_at?.getTime()]), [['second', 'a:later', 5000], ['second', 'b:later', 5000]]);
    assert.deepEqual(bus.depth(), { first: 0, second: 2 });
  });

  it('keeps a failing message in the outbox for a retry, and commits everything else with the publisher', async () => {
    const store = await freshStore();
    const journal = listJournal();
    const bus = new EmbeddedBus(store, new ManualClock(0), { retryBaseMs: 1, journal });
    let poisoned = true;
    const flaky = worker('flaky', ['input'], journal, { fails: (m) => m.message_id === 'poison' && poisoned });
    const fine = worker('fine', ['input'], journal);
    bus.register(flaky);
    bus.register(fine);
    await bus.transaction(async (_tx, publish) => { for (const id of ['a', 'poison', 'b']) publish(msg(id)); }, { handleNow: true });

    assert.deepEqual(await rows(store), ['fine:a', 'fine:b', 'fine:poison', 'flaky:a', 'flaky:b']);
    assert.deepEqual((await outbox(store)).map((r) => [r.queue, r.message_id, r.attempts, r.last_error]), [['flaky', 'poison', 1, 'boom on poison']]);
    // The failed batch was rolled back and retried one by one: its journal entries went with it, once.
    assert.deepEqual(flaky.calls, [['a@0', 'poison@0', 'b@0'], ['a@0'], ['poison@0'], ['b@0']]);
    assert.deepEqual(journal.settled.sort(), ['fine:a', 'fine:b', 'fine:poison', 'flaky:a', 'flaky:b']);

    poisoned = false;
    await bus.runUntilIdle();
    assert.deepEqual(await rows(store), ['fine:a', 'fine:b', 'fine:poison', 'flaky:a', 'flaky:b', 'flaky:poison']);
    assert.deepEqual(flaky.calls.at(-1), ['poison@1']);
    assert.deepEqual(await outbox(store), []);
  });

  it('leaves nothing, in the store or in memory, of a transaction that fails after its messages were handled', async () => {
    const store = await freshStore();
    const journal = listJournal();
    const bus = new EmbeddedBus(store, new ManualClock(0), { journal });
    const w = worker('q', ['input'], journal, { next: () => [msg('later', 'input', { deliver_at: 10_000 })] });
    bus.register(w);
    // The outbox write at the end of the unit breaks: the unit itself fails, not a handler.
    await store.exec('ALTER TABLE bi.outbox ADD CONSTRAINT no_later CHECK (message_id <> \'later\')');
    try {
      await assert.rejects(bus.transaction(async (tx, publish) => {
        await tx.query("INSERT INTO t (queue, id) VALUES ('publisher', 'p')");
        publish(msg('m1'));
      }, { handleNow: true }), /no_later/);
    } finally {
      await store.exec('ALTER TABLE bi.outbox DROP CONSTRAINT no_later');
    }
    assert.deepEqual(w.calls, [['m1@0']]);
    assert.deepEqual(await rows(store), []);
    assert.deepEqual(await outbox(store), []);
    assert.deepEqual([journal.entries, journal.settled], [[], []]);
    assert.equal(bus.totalDepth(), 0);
  });

  it('runs a prepare that several queues share once for all their messages; when it throws, each batch prepares its own', async () => {
    const store = await freshStore();
    const bus = new EmbeddedBus(store, new ManualClock(0));
    const prepared: string[][] = [];
    const prepare = async (batch: readonly Message[], tx: import('../../../src/ports/sql.js').Sql) => {
      prepared.push(batch.map((m) => m.message_id));
      await tx.query("INSERT INTO t (queue, id) SELECT 'facts', unnest($1::text[]) ON CONFLICT DO NOTHING", [batch.map((m) => m.message_id)]);
      if (batch.some((m) => m.message_id === 'poison') && batch.length > 1) throw new Error('facts fail');
    };
    const a = { ...worker('a', ['input', 'only-a'], null), prepare };
    const b = { ...worker('b', ['input'], null), prepare };
    bus.register(a);
    bus.register(b);
    await bus.transaction(async (_tx, publish) => { publish(msg('m1')); publish(msg('m2')); publish(msg('m3', 'only-a')); }, { handleNow: true });
    assert.deepEqual(prepared, [['m1', 'm2', 'm3']]);
    assert.deepEqual([a.calls, b.calls], [[['m1@0', 'm2@0', 'm3@0']], [['m1@0', 'm2@0']]]);

    prepared.length = 0;
    await bus.transaction(async (_tx, publish) => { publish(msg('m4')); publish(msg('poison', 'only-a')); }, { handleNow: true });
    // The shared call failed and took nothing with it; queue a then prepared its batch, failed, and prepared each
    // message alone; queue b found m4 prepared.
    assert.deepEqual(prepared, [['m4', 'poison'], ['m4', 'poison'], ['m4'], ['poison']]);
    assert.deepEqual(await rows(store), ['a:m1', 'a:m2', 'a:m3', 'a:m4', 'a:poison', 'b:m1', 'b:m2', 'b:m4',
      'facts:m1', 'facts:m2', 'facts:m3', 'facts:m4', 'facts:poison']);
  });

  it('runs the transactions that arrive together as one unit, and those that arrive while it runs as the next; one that throws takes nothing of the others', async () => {
    const store = await freshStore();
    const journal = listJournal();
    const bus = new EmbeddedBus(store, new ManualClock(0), { journal });
    const w = worker('q', ['input'], journal);
    bus.register(w);
    let late: Promise<string> | null = null;
    const publisher = (id: string, fails = false) => bus.transaction(async (tx, publish) => {
      await tx.query("INSERT INTO t (queue, id) VALUES ('publisher', $1)", [id]);
      journal.entries.push(`publisher:${id}`);
      publish(msg(id));
      // A request that comes while this unit runs.
      if (id === 'p1') late = publisher('p5');
      if (fails) throw new Error(`publisher ${id} fails`);
      return id;
    }, { handleNow: true });
    const outcomes = await Promise.allSettled([publisher('p1'), publisher('p2'), publisher('p3', true), publisher('p4')]);

    assert.deepEqual(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message)), ['p1', 'p2', 'publisher p3 fails', 'p4']);
    assert.equal(await late, 'p5');
    assert.deepEqual(w.calls, [['p1@0', 'p2@0', 'p4@0'], ['p5@0']]);
    assert.deepEqual(await rows(store), ['publisher:p1', 'publisher:p2', 'publisher:p4', 'publisher:p5', 'q:p1', 'q:p2', 'q:p4', 'q:p5']);
    assert.deepEqual(journal.settled.sort(), ['publisher:p1', 'publisher:p2', 'publisher:p4', 'publisher:p5', 'q:p1', 'q:p2', 'q:p4', 'q:p5']);
    assert.deepEqual(await outbox(store), []);
  });
});
