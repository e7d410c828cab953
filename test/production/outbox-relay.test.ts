// Issue 3, "the outbox relay: whatever a handler writes and publishes commits together; a relay publishes the outbox
// with confirms, so a crash between commit and publish loses nothing". On a real RabbitMQ and PostgreSQL: a RabbitBus
// in this process publishes through its transactions; what arrives is read from a queue bound to the probe's topics.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import amqp, { type ChannelModel } from 'amqplib';
import { RabbitBus } from '../../src/adapters/rabbitmq/rabbit-bus.js';
import { decodeContent } from '../../src/adapters/rabbitmq/envelope.js';
import { SWEEP_GRACE_MS } from '../../src/adapters/rabbitmq/outbox-relay.js';
import { queueName } from '../../src/adapters/rabbitmq/topology.js';
import { wallClock } from '../../src/ports/clock.js';
import type { Store } from '../../src/ports/sql.js';
import type { Worker } from '../../src/ports/worker.js';
import { acquireServiceLock, AMQP_URL, count, createBackends, openDatabase, pollUntil, productionSkipReason, type Backends } from '../support/production.js';

const skip = await productionSkipReason();
const QUEUE = 'relay_probe';
/** Declared (bound to probe.#) but not consumed: the test reads what arrives. */
const probe: Worker = { name: 'RelayProbe', queue: QUEUE, bindings: ['probe.#'], async handle() {} };

describe('production: the outbox relay on RabbitMQ', { skip }, () => {
  let release: (() => Promise<void>) | undefined;
  let backends: Backends;
  let store: Store;
  let bus: RabbitBus;
  let busOpen = false;
  let reader: ChannelModel;
  const errors: string[] = [];
  const arrived: string[] = [];

  /** Ids of the messages that reached the probe's queue so far, envelopes opened (taken off the queue). */
  async function received(): Promise<string[]> {
    const ch = await reader.createChannel();
    try {
      for (;;) {
        const m = await ch.get(queueName(backends.prefix, QUEUE), { noAck: true });
        if (m === false) break;
        const decoded = decodeContent(m.content, m.properties);
        if (!decoded.ok) throw new Error(`unreadable message on the probe queue: ${decoded.error}`);
        for (const message of decoded.messages) arrived.push(message.message_id);
      }
    } finally {
      await ch.close();
    }
    return arrived;
  }

  before(async () => {
    release = await acquireServiceLock();
    backends = await createBackends('relay', { queues: [QUEUE] });
    store = await openDatabase(backends.databaseUrl);
    bus = new RabbitBus(store, wallClock, {
      url: AMQP_URL, prefix: backends.prefix, maxAttempts: backends.maxAttempts,
      onError: (worker, error) => errors.push(`${worker}: ${(error as Error).message}`), log: () => {},
    });
    bus.register(probe, { consume: false });
    await bus.start();
    busOpen = true;
    reader = await amqp.connect(AMQP_URL);
    reader.on('error', () => {});
  }, { timeout: 30 * 60_000 });

  after(async () => {
    await reader?.close().catch(() => {});
    if (busOpen) await bus.close();
    await store?.close();
    await backends?.drop();
    await release?.();
  });

  it('publishes what a transaction committed right after the commit, not at the next sweep, and empties the outbox', { timeout: 20_000 }, async () => {
    await bus.transaction(async (_tx, publish) => {
      publish({ topic: 'probe.committed', payload: { n: 1 }, message_id: 'committed-1' });
      publish({ topic: 'probe.committed', payload: { n: 2 }, message_id: 'committed-2' });
    });
    const delivered = await pollUntil(received, (ids) => ids.includes('committed-1') && ids.includes('committed-2'), 10_000, 20);
    assert.ok(delivered.met, `both messages arrive (arrived: ${delivered.value.join(', ')})`);
    assert.ok(delivered.ms < SWEEP_GRACE_MS, `published by the committing process (${delivered.ms} ms), not left for the sweep (${SWEEP_GRACE_MS} ms)`);
    const emptied = await pollUntil(() => count(store, 'bi.relay_outbox'), (n) => n === 0, 5_000, 20);
    assert.ok(emptied.met, `the published rows are deleted (${emptied.value} left)`);
    assert.deepEqual(errors, []);
  });

  it('publishes nothing of a transaction that rolled back', { timeout: 20_000 }, async () => {
    await assert.rejects(bus.transaction(async (_tx, publish) => {
      publish({ topic: 'probe.rolled_back', payload: { n: 3 }, message_id: 'rolled-back-1' });
      throw new Error('the handler failed after publishing');
    }), /the handler failed after publishing/);
    await bus.transaction(async (_tx, publish) => publish({ topic: 'probe.after', payload: { n: 4 }, message_id: 'after-1' }));
    const delivered = await pollUntil(received, (ids) => ids.includes('after-1'), 10_000, 20);
    assert.ok(delivered.met, 'the next transaction\'s message arrives');
    assert.ok(!delivered.value.includes('rolled-back-1'), 'the rolled-back message never does');
    assert.ok((await pollUntil(() => count(store, 'bi.relay_outbox'), (n) => n === 0, 5_000, 20)).met, 'and is not in the outbox');
  });

  it('a row whose process died between commit and publish is swept once the grace period has passed, not before', { timeout: 30_000 }, async () => {
    // What a process killed right after its commit leaves behind: a committed row nobody is publishing.
    await store.query(`INSERT INTO bi.relay_outbox (message_id, topic, payload) VALUES ('orphan-1', 'probe.orphan', '{"n":5}')`);
    const delivered = await pollUntil(received, (ids) => ids.includes('orphan-1'), SWEEP_GRACE_MS + 10_000, 100);
    assert.ok(delivered.met, 'the orphaned row is published by the sweep');
    assert.ok(delivered.ms >= SWEEP_GRACE_MS - 300, `not before the grace period (${delivered.ms} ms < ${SWEEP_GRACE_MS} ms)`);
    assert.equal(await count(store, 'bi.relay_outbox'), 0);
  });

  it('a delayed message stays in the outbox until it is due', { timeout: 30_000 }, async () => {
    await bus.transaction(async (_tx, publish) => {
      publish({ topic: 'probe.delayed', payload: { n: 6 }, message_id: 'delayed-1', deliver_at: Date.now() + 1500 });
    });
    const early = await pollUntil(received, (ids) => ids.includes('delayed-1'), 800, 100);
    assert.ok(!early.met, 'not published before it is due');
    const due = await pollUntil(received, (ids) => ids.includes('delayed-1'), 10_000, 100);
    assert.ok(due.met, 'published once due');
  });

  it('on close, rows still in the outbox are published, however fresh', { timeout: 30_000 }, async () => {
    await store.query(`INSERT INTO bi.relay_outbox (message_id, topic, payload) VALUES ('left-1', 'probe.left', '{"n":7}')`);
    const started = Date.now();
    await bus.close();
    busOpen = false;
    assert.ok(Date.now() - started < SWEEP_GRACE_MS, 'close does not wait for the grace period');
    assert.ok((await received()).includes('left-1'), 'the row left in the outbox was published');
    assert.equal(await count(store, 'bi.relay_outbox'), 0);
    assert.deepEqual(errors, []);
  });
});
