// The SDK's delivery queue, with timers and fetch under the test's control: batching, the bound, what is retried
// (429, 5xx, network errors — with backoff, in order, the same event_ids) and what is final (2xx, other 4xx).
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { createTransport } from '../../src/sdk/transport.js';

type Answer = number | 'network';
let answers: Answer[];
let requests: Array<{ url: string; ids: string[] }>;
const realFetch = globalThis.fetch;

/** Lets the fetch promise chains run, then moves the mocked clock. */
async function tick(ms: number) {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  mock.timers.tick(ms);
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}
const ev = (id: string, extra: object = {}) => ({ type: 'hit', event_id: id, ...extra });

describe('SDK transport', () => {
  beforeEach(() => {
    answers = [];
    requests = [];
    mock.timers.enable({ apis: ['setTimeout'] });
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      requests.push({ url, ids: JSON.parse(init.body as string).events.map((e: { event_id: string }) => e.event_id) });
      const answer = answers.shift() ?? 200;
      if (answer === 'network') throw new TypeError('Failed to fetch');
      return new Response('{}', { status: answer });
    }) as typeof fetch;
  });
  afterEach(() => {
    mock.timers.reset();
    globalThis.fetch = realFetch;
  });

  it('events pushed close together leave in one request, to the endpoint with the write key', async () => {
    const t = createTransport('https://c.example/v1/events?write_key=k');
    t.push(ev('a'));
    t.push(ev('b'));
    await tick(299);
    assert.equal(requests.length, 0, 'waits for the batch to fill');
    await tick(1);
    assert.deepEqual(requests, [{ url: 'https://c.example/v1/events?write_key=k', ids: ['a', 'b'] }]);
  });

  it('at most 50 events a request; the rest follows at once', async () => {
    const t = createTransport('/e');
    for (let i = 0; i < 70; i++) t.push(ev(`e${i}`));
    await tick(300);
    await tick(1); // "at once": Node runs a 0 ms timer after 1 ms
    await tick(1);
    assert.deepEqual(requests.map((r) => r.ids.length), [50, 20]);
    assert.deepEqual(requests.flatMap((r) => r.ids), Array.from({ length: 70 }, (_, i) => `e${i}`));
  });

  it('429, 5xx and network errors are retried with growing delays, the same events in the same order; then nothing is sent twice', async () => {
    answers = [503, 'network', 429, 200];
    const t = createTransport('/e');
    t.push(ev('a'));
    t.push(ev('b'));
    await tick(300);
    t.push(ev('c'));
    await tick(1000); // first backoff is 0.5-1 s
    await tick(2000); // then 1-2 s
    assert.equal(requests.length, 3);
    await tick(4000); // then 2-4 s
    assert.equal(requests.length, 4);
    assert.deepEqual(requests.map((r) => r.ids), [['a', 'b'], ['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b', 'c']],
      'an event queued during the outage joins the retried batch, behind the older ones');
    await tick(60_000);
    assert.equal(requests.length, 4, 'delivered: not sent again');
  });

  it('other answers are final: a batch refused with 400, 401 or 413 is dropped, not retried', async () => {
    for (const status of [400, 401, 403, 413]) {
      answers = [status];
      requests = [];
      const t = createTransport('/e');
      t.push(ev(`x${status}`));
      await tick(300);
      t.push(ev(`y${status}`));
      await tick(300);
      assert.deepEqual(requests.map((r) => r.ids), [[`x${status}`], [`y${status}`]], String(status));
    }
  });

  it('the queue is bounded: past 100 waiting events new ones are dropped, the oldest kept', async () => {
    answers = Array(10).fill(503);
    const t = createTransport('/e');
    for (let i = 0; i < 150; i++) t.push(ev(`e${i}`));
    await tick(300);
    answers = [];
    for (let i = 0; i < 6; i++) await tick(30_000);
    const delivered = requests.slice(1).flatMap((r) => r.ids);
    assert.deepEqual([...new Set(delivered)], Array.from({ length: 100 }, (_, i) => `e${i}`));
  });

  it('an event too big for one request is dropped in the page, the others go', async () => {
    const t = createTransport('/e');
    t.push(ev('big', { properties: { pad: 'x'.repeat(20_000) } }));
    t.push(ev('small'));
    await tick(300);
    assert.deepEqual(requests.map((r) => r.ids), [['small']]);
  });
});
