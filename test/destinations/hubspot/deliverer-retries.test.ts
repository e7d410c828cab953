import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ev, ingest } from '../../support/pipeline.js';
import { openBench } from './bench.js';
import { rateLimited, serverError } from './fake-hubspot.js';

const T = Date.parse('2026-06-01T12:00:00Z');

describe('HubSpot deliverer: rate limits and failures', () => {
  it('on 429 waits as long as HubSpot says, sending nothing meanwhile, then syncs', async () => {
    const b = await openBench();
    try {
      const d = b.deliverer().deliverer;
      await b.request('companies', ['co1', 'co2']);
      b.fake.script(/batch\/update$/, rateLimited({ retryAfterSeconds: 3, intervalMs: 1000 }));
      const throttled = await d.deliverDue(T);
      assert.equal(throttled.pending, 2);
      // Retry-After (3 s) is longer than the spent window (1 s): it wins.
      assert.ok(throttled.next_attempt_at! >= T + 3000 && throttled.next_attempt_at! < T + 4000, String(throttled.next_attempt_at! - T));
      assert.match((await b.row('companies', 'co1')).last_error, /HTTP 429 RATE_LIMIT/);

      const calls = b.fake.requests.length;
      const early = await d.deliverDue(T + 1000);
      assert.equal(early.pending, 2);
      assert.equal(b.fake.requests.length, calls, 'nothing is sent while HubSpot asked to wait');

      assert.deepEqual(await d.deliverDue(throttled.next_attempt_at!), { sent: 2, failed: 0, pending: 0, next_attempt_at: null });
      assert.equal((await b.row('companies', 'co1')).status, 'synced');
    } finally {
      await b.close();
    }
  });

  it('stops before the next call when a success announces a spent window, and goes on once it has passed', async () => {
    const b = await openBench();
    try {
      const d = b.deliverer().deliverer;
      await b.request('companies', ['co1']);
      b.fake.rateHeaders['x-hubspot-ratelimit-remaining'] = '0';
      b.fake.rateHeaders['x-hubspot-ratelimit-interval-milliseconds'] = '5000';
      const round = await d.deliverDue(T);
      // The group was created, then the window was spent: no property was created yet.
      assert.equal(b.fake.requests.length, 1);
      assert.ok(round.next_attempt_at! >= T + 5000, String(round.next_attempt_at! - T));
      b.fake.rateHeaders['x-hubspot-ratelimit-remaining'] = '150';
      assert.equal((await d.deliverDue(round.next_attempt_at!)).sent, 1);
      assert.deepEqual(b.fake.refusals, []);
    } finally {
      await b.close();
    }
  });

  it('retries 5xx and network errors with exponential backoff until synced', async () => {
    const b = await openBench();
    try {
      let dropped = false;
      const flaky: typeof fetch = async (url, init) => {
        if (!dropped && String(url).endsWith('/search')) { dropped = true; throw new TypeError('fetch failed'); }
        return fetch(url, init);
      };
      const d = b.deliverer({ fetch: flaky, backoffBaseMs: 1000 }).deliverer;
      await b.request('companies', ['co1']);
      b.fake.script(/batch\/update$/, serverError(502), serverError(503));
      const waits: number[] = [];
      let now = T;
      for (let round = await d.deliverDue(now); round.next_attempt_at !== null; round = await d.deliverDue(now)) {
        waits.push(round.next_attempt_at - now);
        now = round.next_attempt_at;
      }
      // Network error (attempt 1), 502 (attempt 2), 503 (attempt 3): 1, 2, 4 s (plus the round's own time; no real wait).
      assert.equal(waits.length, 3);
      for (const [i, expected] of [1000, 2000, 4000].entries()) assert.ok(waits[i]! >= expected && waits[i]! < expected + 500, `${i}: ${waits[i]}`);
      const co1 = await b.row('companies', 'co1');
      assert.deepEqual([co1.status, co1.attempts, co1.last_error], ['synced', 0, null]);
      assert.equal(b.fake.record('companies', b.hubspot.acme)!.tributary_first_touch_channel, 'email');
    } finally {
      await b.close();
    }
  });

  it('gives up after the attempt limit and marks the rows failed with the last reason', async () => {
    const b = await openBench();
    try {
      const d = b.deliverer({ maxAttempts: 3 }).deliverer;
      await b.request('companies', ['co1']);
      b.fake.script(/batch\/update$/, serverError(503), serverError(503), serverError(503));
      let now = T;
      for (let round = await d.deliverDue(now); round.next_attempt_at !== null; round = await d.deliverDue(now)) now = round.next_attempt_at;
      const co1 = await b.row('companies', 'co1');
      assert.equal(co1.status, 'failed');
      assert.match(co1.last_error, /^gave up after 3 attempts: HTTP 503 INTERNAL_ERROR/);
      assert.equal(b.fake.calls(/batch\/update$/).length, 3);
    } finally {
      await b.close();
    }
  });

  it('marks rows failed with HubSpot\'s reason on a permanent error, without retrying', async () => {
    const b = await openBench();
    try {
      await b.request('companies', ['co1', 'co2']);
      b.fake.script(/batch\/update$/, { status: 403, body: { status: 'error', message: 'This app hasn\'t been granted all required scopes to make this call.', correlationId: 'c', category: 'MISSING_SCOPES' } });
      const round = await b.deliverer().deliverer.deliverDue(T);
      assert.deepEqual(round, { sent: 0, failed: 2, pending: 0, next_attempt_at: null });
      const co1 = await b.row('companies', 'co1');
      assert.deepEqual([co1.status, co1.last_error], ['failed', 'HTTP 403 MISSING_SCOPES: This app hasn\'t been granted all required scopes to make this call.']);
      assert.equal(b.fake.calls(/batch\/update$/).length, 1);
    } finally {
      await b.close();
    }
  });

  it('fails with the reason when the access token is refused', async () => {
    const b = await openBench({ token: 'pat-na1-another-token' });
    try {
      await b.request('contacts', ['ann@acme.com']);
      await b.deliverer().deliverer.deliverDue(T);
      const ann = await b.row('contacts', 'ann@acme.com');
      assert.equal(ann.status, 'failed');
      assert.match(ann.last_error, /^creating HubSpot properties: HTTP 401 INVALID_AUTHENTICATION/);
    } finally {
      await b.close();
    }
  });

  it('writes the rest of a batch when HubSpot refuses one record in it, and fails that record with the reason', async () => {
    const b = await openBench();
    try {
      const refusing: typeof fetch = async (url, init) => {
        if (String(url).endsWith('/batch/update') && String(init?.body).includes(`"id":"${b.hubspot.globex}"`)) {
          return new Response(JSON.stringify({ status: 'error', message: 'Property values were not valid: [...]', correlationId: 'c', category: 'VALIDATION_ERROR' }),
            { status: 400, headers: { 'content-type': 'application/json' } });
        }
        return fetch(url, init);
      };
      await b.request('companies', ['co1', 'co2']);
      const round = await b.deliverer({ fetch: refusing }).deliverer.deliverDue(T);
      assert.deepEqual(round, { sent: 1, failed: 1, pending: 0, next_attempt_at: null });
      assert.equal((await b.row('companies', 'co1')).status, 'synced');
      assert.match((await b.row('companies', 'co2')).last_error, /^HTTP 400 VALIDATION_ERROR: Property values were not valid/);
    } finally {
      await b.close();
    }
  });

  it('fails a record whose stored HubSpot id is gone (207), writes the others, and searches again next time', async () => {
    const b = await openBench();
    try {
      await b.request('companies', ['co1']);
      await b.deliverer().deliverer.deliverDue(T);
      // In HubSpot, Acme is merged into a new record: the id Tributary stored no longer exists.
      b.fake.records.get('companies')!.delete(b.hubspot.acme);
      const merged = b.fake.add('companies', { domain: 'acme.com', name: 'Acme (merged)' });
      await ingest(b.p, [ev.session({ ts: '2026-02-20T09:00:00Z', client_id: 'b1', page_url: 'https://www.acme.com/?gclid=late' })]);
      await b.request('companies', ['co1', 'co2']);
      assert.deepEqual(await b.deliverer().deliverer.deliverDue(T), { sent: 1, failed: 1, pending: 0, next_attempt_at: null });
      assert.match((await b.row('companies', 'co1')).last_error, new RegExp(`^HubSpot refused company ${b.hubspot.acme}: OBJECT_NOT_FOUND`));
      const { rows } = await b.p.store.query<{ hubspot_id: string | null }>(`SELECT hubspot_id FROM bi.company_profile_meta_data WHERE company_id = 'co1'`);
      assert.equal(rows[0]!.hubspot_id, null);

      // Asked again, same values: the record is searched for and written in full (what the old one held is moot).
      await b.request('companies', ['co1']);
      assert.equal((await b.deliverer().deliverer.deliverDue(T)).sent, 1);
      assert.equal(b.fake.record('companies', merged)!.tributary_first_touch_channel, 'paid_search');
    } finally {
      await b.close();
    }
  });

  it('lets two deliverers (two processes) share the work: each record is written once', async () => {
    const b = await openBench();
    try {
      await b.request('companies', ['co1', 'co2']);
      await b.request('contacts', ['ann@acme.com']);
      const [one, two] = await Promise.all([b.deliverer({ batchSize: 1 }).deliverer.deliverDue(T), b.deliverer({ batchSize: 1 }).deliverer.deliverDue(T)]);
      assert.equal(one.sent + two.sent, 3);
      const written = b.fake.calls(/batch\/update$/, 200).flatMap((r) => r.body.inputs.map((i: { id: string }) => i.id)).sort();
      assert.deepEqual(written, [b.hubspot.acme, b.hubspot.globex, b.hubspot.ann].sort());
    } finally {
      await b.close();
    }
  });
});
