// Issue 3, acceptance: "A poison message (valid JSON the handler cannot process) ends in the dead-letter queue with its
// error after the configured attempts and does not block the queue." On a real RabbitMQ and PostgreSQL: a RabbitBus in
// this process hosts a probe worker that throws on `{"poison": true}` and records every other message (in its
// transaction, so a message recorded twice would show). Messages are published straight to the exchange with
// amqplib, as any integrator's service would.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { RabbitBus } from '../../src/adapters/rabbitmq/rabbit-bus.js';
import { ENVELOPE_CONTENT_TYPE } from '../../src/adapters/rabbitmq/envelope.js';
import { deadQueueName, queueName, retryQueueName } from '../../src/adapters/rabbitmq/topology.js';
import { wallClock } from '../../src/ports/clock.js';
import type { Message } from '../../src/ports/bus.js';
import type { Store } from '../../src/ports/sql.js';
import type { Worker } from '../../src/ports/worker.js';
import { acquireServiceLock, AMQP_URL, createBackends, openDatabase, pollUntil, productionSkipReason, type Backends } from '../support/production.js';

const skip = await productionSkipReason();
/** Waiting for another production test file to finish (one at a time: see acquireServiceLock), then setting up. */
const HOOK_TIMEOUT = 30 * 60_000;
const QUEUE = 'poison_probe';
const MAX_ATTEMPTS = 3;
/** Retry delays of 200 and 400 ms: short, yet long enough to tell "handled meanwhile" from "handled after". */
const RETRY_BASE_MS = 200;
const POISON_ERROR = 'the probe cannot process a poison payload';

interface Probe {
  backends: Backends;
  store: Store;
  bus: RabbitBus;
  publisher: ChannelModel;
  channel: ConfirmChannel;
  /** Each time the handler was given the poison: its attempts count and when. */
  poisonSeen: Array<{ attempts: number; at: number }>;
  /** Good messages handled (the handler's transaction may still roll back; the table is the truth). */
  handledAt: Map<string, number>;
  firstPoison: Promise<void>;
  errors: Array<{ worker: string; message: string; id: string | null }>;
  publish(topic: string, body: Buffer | object, messageId: string): void;
  handled(): Promise<string[]>;
  deadLetters(): Promise<Array<{ messageId: unknown; headers: Record<string, unknown>; content: string; routingKey: string }>>;
  counts(): Promise<{ main: number; retries: number[]; dead: number }>;
  close(): Promise<void>;
}

async function openProbe(tag: string): Promise<Probe> {
  const backends = await createBackends(tag, { queues: [QUEUE], maxAttempts: MAX_ATTEMPTS });
  const store = await openDatabase(backends.databaseUrl);
  await store.exec('CREATE TABLE probe_handled (message_id text NOT NULL, payload jsonb NOT NULL)');
  const poisonSeen: Probe['poisonSeen'] = [];
  const handledAt = new Map<string, number>();
  const errors: Probe['errors'] = [];
  let sawPoison!: () => void;
  const firstPoison = new Promise<void>((resolve) => { sawPoison = resolve; });
  const worker: Worker = {
    name: 'PoisonProbe',
    queue: QUEUE,
    bindings: ['probe.#'],
    async handle(batch: readonly Message[], { tx }) {
      for (const m of batch) {
        if ((m.payload as { poison?: unknown } | null)?.poison === true) {
          poisonSeen.push({ attempts: m.attempts, at: performance.now() });
          sawPoison();
          throw new Error(POISON_ERROR);
        }
      }
      await tx.query('INSERT INTO probe_handled (message_id, payload) SELECT * FROM unnest($1::text[], $2::jsonb[])',
        [batch.map((m) => m.message_id), batch.map((m) => JSON.stringify(m.payload))]);
      for (const m of batch) handledAt.set(m.message_id, performance.now());
    },
  };
  const bus = new RabbitBus(store, wallClock, {
    url: AMQP_URL, prefix: backends.prefix, maxAttempts: MAX_ATTEMPTS, retryBaseMs: RETRY_BASE_MS,
    onError: (w, error, message) => errors.push({ worker: w, message: (error as Error).message, id: message?.message_id ?? null }),
    log: () => {},
  });
  bus.register(worker);
  try {
    await bus.start();
  } catch (error) {
    await store.close();
    await backends.drop();
    throw error;
  }
  const publisher = await amqp.connect(AMQP_URL);
  publisher.on('error', () => {});
  const channel = await publisher.createConfirmChannel();
  const q = (name: string) => queueName(backends.prefix, name);

  return {
    backends, store, bus, publisher, channel, poisonSeen, handledAt, firstPoison, errors,
    publish(topic, body, messageId) {
      const content = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
      channel.publish(backends.prefix, topic, content, { persistent: true, messageId, contentType: 'application/json' });
    },
    async handled() {
      const { rows } = await store.query<{ message_id: string }>('SELECT message_id FROM probe_handled ORDER BY message_id');
      return rows.map((r) => r.message_id);
    },
    async deadLetters() {
      // Read without consuming: unacknowledged gets return to the queue when the channel closes.
      const ch = await publisher.createChannel();
      const out = [];
      try {
        for (;;) {
          const m = await ch.get(deadQueueName(backends.prefix, QUEUE), { noAck: false });
          if (m === false) break;
          out.push({ messageId: m.properties.messageId, headers: m.properties.headers ?? {}, content: m.content.toString('utf8'), routingKey: m.fields.routingKey });
        }
      } finally {
        await ch.close();
      }
      return out;
    },
    async counts() {
      const ch = await publisher.createChannel();
      try {
        const main = (await ch.checkQueue(q(QUEUE))).messageCount;
        const retries = [];
        for (let f = 1; f < MAX_ATTEMPTS; f++) retries.push((await ch.checkQueue(retryQueueName(backends.prefix, QUEUE, f))).messageCount);
        const dead = (await ch.checkQueue(deadQueueName(backends.prefix, QUEUE))).messageCount;
        return { main, retries, dead };
      } finally {
        await ch.close();
      }
    },
    async close() {
      const problems: unknown[] = [];
      await publisher.close().catch((e) => problems.push(e));
      await bus.close().catch((e) => problems.push(e));
      await store.close().catch((e) => problems.push(e));
      await backends.drop().catch((e) => problems.push(e));
      if (problems.length > 0) throw problems[0];
    },
  };
}

describe('production: poison messages on RabbitMQ', { skip }, () => {
  let release: (() => Promise<void>) | null = null;
  before(async () => { release = await acquireServiceLock(); }, { timeout: HOOK_TIMEOUT });
  after(async () => { await release?.(); });

  it(`valid JSON the handler cannot process ends in <prefix>.<queue>.dead with its error after ${MAX_ATTEMPTS} attempts, without blocking the queue`, { timeout: 60_000 }, async () => {
    const probe = await openProbe('poison');
    try {
      const before = Array.from({ length: 20 }, (_, i) => `good-before-${String(i).padStart(2, '0')}`);
      const afterwards = Array.from({ length: 20 }, (_, i) => `good-after-${String(i).padStart(2, '0')}`);
      // The poison first, then good messages behind it in the same queue.
      probe.publish('probe.poison', { poison: true, note: 'valid JSON, but not for this handler' }, 'poison-1');
      for (const id of before) probe.publish('probe.ok', { id }, id);
      await probe.channel.waitForConfirms();
      // More good messages once the poison has failed its first attempt: they must not wait for its retries.
      await probe.firstPoison;
      for (const id of afterwards) probe.publish('probe.ok', { id }, id);
      await probe.channel.waitForConfirms();

      const settled = await pollUntil(async () => ({ counts: await probe.counts(), handled: await probe.handled() }),
        (v) => v.counts.dead >= 1 && v.handled.length >= before.length + afterwards.length, 30_000, 50);
      assert.ok(settled.met, `poison dead-lettered and good messages handled within 30 s: ${JSON.stringify(settled.value.counts)}, ${settled.value.handled.length} handled`);
      // Anything still moving would show within a few more retry delays.
      await new Promise((resolve) => setTimeout(resolve, 500));

      // The good messages: each handled exactly once (the table is written in the handler's transaction).
      assert.deepEqual(await probe.handled(), [...afterwards, ...before].sort());

      // The poison: in the dead-letter queue, alone, with its error, after exactly MAX_ATTEMPTS deliveries.
      const counts = await probe.counts();
      assert.deepEqual(counts, { main: 0, retries: Array(MAX_ATTEMPTS - 1).fill(0), dead: 1 }, 'only the poison is dead-lettered; nothing left queued');
      const dead = await probe.deadLetters();
      assert.equal(dead.length, 1);
      const [letter] = dead;
      assert.equal(letter!.messageId, 'poison-1');
      assert.deepEqual(JSON.parse(letter!.content), { poison: true, note: 'valid JSON, but not for this handler' }, 'the payload as published');
      assert.equal(letter!.headers['x-attempts'], MAX_ATTEMPTS, 'x-attempts');
      assert.equal(typeof letter!.headers['x-error'], 'string', `x-error header present: ${JSON.stringify(letter!.headers)}`);
      assert.match(String(letter!.headers['x-error']), new RegExp(POISON_ERROR), 'x-error carries the handler\'s error');
      assert.equal(letter!.headers['x-original-topic'], 'probe.poison', 'the topic it was published on');
      const attemptsSeen = [...new Set(probe.poisonSeen.map((s) => s.attempts))].sort();
      assert.deepEqual(attemptsSeen, Array.from({ length: MAX_ATTEMPTS }, (_, i) => i), 'the handler saw the poison on each attempt, and no more');

      // Not blocking: every good message, those published after the poison failed included, was handled before the
      // poison's last attempt.
      const lastPoisonAttempt = Math.max(...probe.poisonSeen.filter((s) => s.attempts === MAX_ATTEMPTS - 1).map((s) => s.at));
      const lastGood = Math.max(...[...probe.handledAt.values()]);
      assert.ok(lastGood < lastPoisonAttempt, `good messages handled ${Math.round(lastGood - lastPoisonAttempt)} ms after the poison's last attempt: the queue waited for it`);
      console.log(`poison: dead-lettered after ${MAX_ATTEMPTS} attempts, ${before.length + afterwards.length} good messages handled meanwhile `
        + `(the last ${Math.round(lastPoisonAttempt - lastGood)} ms before the poison's last attempt)`);
    } finally {
      await probe.close();
    }
  });

  it('a message that is not JSON goes to the dead letters at once, with the reason', { timeout: 60_000 }, async () => {
    const probe = await openProbe('notjson');
    try {
      probe.publish('probe.ok', Buffer.from('{"id": "garbage", this is not JSON'), 'garbage-1');
      probe.publish('probe.ok', { id: 'good-1' }, 'good-1');
      await probe.channel.waitForConfirms();
      const settled = await pollUntil(async () => ({ counts: await probe.counts(), handled: await probe.handled() }),
        (v) => v.counts.dead >= 1 && v.handled.length >= 1, 30_000, 50);
      assert.ok(settled.met, `dead-lettered and the good message handled within 30 s: ${JSON.stringify(settled.value.counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));

      assert.deepEqual(await probe.handled(), ['good-1']);
      assert.deepEqual(await probe.counts(), { main: 0, retries: Array(MAX_ATTEMPTS - 1).fill(0), dead: 1 });
      const [letter, ...others] = await probe.deadLetters();
      assert.deepEqual(others, []);
      assert.equal(letter!.messageId, 'garbage-1');
      assert.equal(letter!.content, '{"id": "garbage", this is not JSON', 'the bytes as published');
      assert.equal(letter!.headers['x-attempts'], 1, 'dead-lettered on its first delivery, not retried');
      assert.match(String(letter!.headers['x-error']), /not JSON/i, 'x-error says why');
      assert.equal(letter!.headers['x-original-topic'], 'probe.ok');
      assert.deepEqual(probe.poisonSeen, []);
    } finally {
      await probe.close();
    }
  });

  it('an envelope of many messages: its poison alone is dead-lettered, the others are handled once, even when the envelope comes twice', { timeout: 60_000 }, async () => {
    const probe = await openProbe('envelope');
    try {
      const good = Array.from({ length: 30 }, (_, i) => `env-good-${String(i).padStart(2, '0')}`);
      const messages = [
        ...good.slice(0, 15).map((id) => ({ message_id: id, payload: { id } })),
        { message_id: 'env-poison', payload: { poison: true } },
        ...good.slice(15).map((id) => ({ message_id: id, payload: { id } })),
      ];
      const envelope = Buffer.from(JSON.stringify({ messages }));
      for (const copy of ['envelope-1', 'envelope-1-again']) {
        probe.channel.publish(probe.backends.prefix, 'probe.ok', envelope, { persistent: true, messageId: copy, contentType: ENVELOPE_CONTENT_TYPE });
      }
      await probe.channel.waitForConfirms();
      const settled = await pollUntil(async () => ({ counts: await probe.counts(), handled: await probe.handled() }),
        (v) => v.counts.dead >= 1 && v.handled.length >= good.length, 30_000, 50);
      assert.ok(settled.met, `poison dead-lettered and the envelope's other messages handled within 30 s: ${JSON.stringify(settled.value.counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));

      assert.deepEqual(await probe.handled(), good, 'every other message of the envelope handled exactly once, the repeat included');
      const counts = await probe.counts();
      assert.deepEqual({ ...counts, dead: 0 }, { main: 0, retries: Array(MAX_ATTEMPTS - 1).fill(0), dead: 0 }, 'nothing left queued');
      // Each copy of the envelope carries the poison: one dead letter per copy that failed on its own, all of them
      // the poison alone, under its own id.
      const letters = await probe.deadLetters();
      assert.ok(letters.length >= 1 && letters.length <= 2, `${letters.length} dead letters`);
      for (const letter of letters) {
        assert.equal(letter.messageId, 'env-poison', 'dead-lettered as a single message, under its own id');
        assert.deepEqual(JSON.parse(letter.content), { poison: true });
        assert.equal(letter.headers['x-attempts'], MAX_ATTEMPTS);
        assert.match(String(letter.headers['x-error']), new RegExp(POISON_ERROR));
        assert.equal(letter.headers['x-original-topic'], 'probe.ok');
      }
    } finally {
      await probe.close();
    }
  });
});
