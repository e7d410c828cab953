// The deliverer all ad platforms share, on a real store with a scripted platform: batches of the platform's size,
// retries with backoff (Retry-After honoured) until sent or out of attempts, dry run, rows too old for the platform,
// a batch refused for one row split to find it, and claims that keep two deliverers off the same rows.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/app/pipeline.js';
import type { Store } from '../../src/ports/sql.js';
import { createConversionDeliverer } from '../../src/destinations/conversions/conversion-deliverer.js';
import type { PlannedUpload, PlatformSender, RowOutcome } from '../../src/destinations/conversions/types.js';
import { clickConversion } from '../../src/destinations/google-ads/request.js';
import { createGoogleAdsSender } from '../../src/destinations/google-ads/sender.js';
import { createGoogleTokenSource } from '../../src/destinations/google-ads/oauth.js';
import { claimDueUploads, recordPlannedUploads } from '../../src/store/bi/conversion-uploads.js';
import { GOOGLE_CREDENTIALS, startFakeGoogleAds } from '../support/fakes/google-ads.js';
import { migratedTemplate } from '../support/pipeline.js';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const planned = (company: string, o: Partial<PlannedUpload> = {}): PlannedUpload => ({
  platform: 'meta', company_id: company, conversion_action: 'CompleteRegistration', status: 'pending', reason: null,
  request: { company }, touchpoint_id: `visit:${company}`, click_at: NOW - 86_400_000, converted_at: NOW - 3_600_000, ...o,
});

type Script = (requests: readonly unknown[]) => RowOutcome[];
function scripted(batchSize: number, ...script: Script[]): PlatformSender & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    platform: 'meta', batch_size: batchSize, calls,
    tooOld: (row) => ((row.request as { company: string }).company.startsWith('old') ? 'too old for this platform' : null),
    async send(requests) {
      calls.push([...requests]);
      const next = script.length > 1 ? script.shift()! : script[0]!;
      return next(requests);
    },
  };
}
const allSent: Script = (r) => r.map(() => ({ kind: 'sent', response: { ok: true } }));
const allRetry = (retry_after_ms: number | null): Script => (r) => r.map(() => ({ kind: 'retry', reason: 'HTTP 429: slow down', response: null, retry_after_ms }));

describe('conversion deliverer', () => {
  let store: Store;
  beforeEach(async () => { store = await openStore({ dataDir: null, databaseUrl: null, pgPoolSize: 1 }, { from: await migratedTemplate() }); });
  afterEach(() => store.close());

  const rows = async () => (await store.query<{ company_id: string; status: string; reason: string | null; attempts: number; next_attempt_at: Date | null; sent_at: Date | null }>(
    'SELECT company_id, status, reason, attempts, next_attempt_at, sent_at FROM bi.conversion_uploads ORDER BY company_id')).rows;

  it('sends the due rows in batches of the platform\'s size and records each one sent', async () => {
    await recordPlannedUploads(store, ['a', 'b', 'c', 'd', 'e'].map((c) => planned(c)));
    const sender = scripted(2, allSent);
    const round = await createConversionDeliverer(store, sender, { dryRun: false }).deliverDue(NOW);
    assert.deepEqual(sender.calls.map((c) => c.length), [2, 2, 1]);
    assert.deepEqual(round, { sent: 5, failed: 0, pending: 0, next_attempt_at: null });
    assert.ok((await rows()).every((r) => r.status === 'sent' && r.attempts === 1 && r.sent_at?.getTime() === NOW));
  });

  it('waits before a retry, the server\'s Retry-After when longer than the backoff, then sends', async () => {
    await recordPlannedUploads(store, [planned('a')]);
    const sender = scripted(10, allRetry(30_000), allSent);
    const deliverer = createConversionDeliverer(store, sender, { dryRun: false, retryBaseMs: 1000 });
    const first = await deliverer.deliverDue(NOW);
    assert.deepEqual(first, { sent: 0, failed: 0, pending: 1, next_attempt_at: NOW + 30_000 });
    assert.deepEqual((await deliverer.deliverDue(NOW + 29_999)).sent, 0);
    assert.equal(sender.calls.length, 1);
    assert.deepEqual(await deliverer.deliverDue(NOW + 30_000), { sent: 1, failed: 0, pending: 0, next_attempt_at: null });
    assert.equal((await rows())[0]!.attempts, 2);
  });

  it('gives up after the last attempt and marks the row failed with the reason', async () => {
    await recordPlannedUploads(store, [planned('a')]);
    const deliverer = createConversionDeliverer(store, scripted(10, allRetry(null)), { dryRun: false, retryBaseMs: 1, maxAttempts: 3 });
    let now = NOW;
    for (let next = (await deliverer.deliverDue(now)).next_attempt_at; next !== null; next = (await deliverer.deliverDue(now)).next_attempt_at) now = next;
    assert.deepEqual((await rows()).map((r) => [r.status, r.reason, r.attempts]), [['failed', 'gave up after 3 attempts: HTTP 429: slow down', 3]]);
  });

  it('in dry run records the rows as dry_run and calls nothing; a live deliverer sends them later', async () => {
    await recordPlannedUploads(store, [planned('a'), planned('b')]);
    const sender = scripted(10, allSent);
    assert.deepEqual(await createConversionDeliverer(store, sender, { dryRun: true }).deliverDue(NOW), { sent: 0, failed: 0, pending: 0, next_attempt_at: null });
    assert.equal(sender.calls.length, 0);
    assert.deepEqual((await rows()).map((r) => r.status), ['dry_run', 'dry_run']);
    assert.equal((await createConversionDeliverer(store, sender, { dryRun: false }).deliverDue(NOW)).sent, 2);
  });

  it('in dry run asks a platform with a validate-only mode, records its verdict as the reason, and sends nothing', async () => {
    await recordPlannedUploads(store, [planned('a'), planned('b'), planned('c')]);
    const sender = scripted(10, allSent);
    const validated: unknown[][] = [];
    sender.validate = async (requests) => {
      validated.push([...requests]);
      return requests.map((r): RowOutcome => {
        const company = (r as { company: string }).company;
        if (company === 'b') return { kind: 'failed', reason: 'INVALID_FORMAT at events[1].eventTimestamp: bad', response: { status: 400 } };
        if (company === 'c') return { kind: 'retry', reason: 'HTTP 503: down', response: null, retry_after_ms: null };
        return { kind: 'sent', response: { status: 200 } };
      });
    };
    await createConversionDeliverer(store, sender, { dryRun: true }).deliverDue(NOW);
    assert.equal(sender.calls.length, 0);
    assert.equal(validated.length, 1);
    assert.deepEqual((await rows()).map((r) => [r.status, r.reason]), [
      ['dry_run', 'dry run: recorded, not sent (validated)'],
      ['dry_run', 'dry run: recorded, not sent; validation refused it: INVALID_FORMAT at events[1].eventTimestamp: bad'],
      ['dry_run', 'dry run: recorded, not sent; not validated: HTTP 503: down'],
    ]);
    // The rehearsal changes nothing of what a live run sends: all three go.
    assert.equal((await createConversionDeliverer(store, sender, { dryRun: false }).deliverDue(NOW)).sent, 3);
  });

  it('skips rows too old for the platform without sending them', async () => {
    await recordPlannedUploads(store, [planned('a'), planned('old-1', { request: { company: 'old-1' } })]);
    const sender = scripted(10, allSent);
    await createConversionDeliverer(store, sender, { dryRun: false }).deliverDue(NOW);
    assert.deepEqual(sender.calls, [[{ company: 'a' }]]);
    assert.deepEqual((await rows()).map((r) => [r.company_id, r.status, r.reason]), [['a', 'sent', null], ['old-1', 'skipped', 'too old for this platform']]);
  });

  it('splits a batch refused for something one row may carry, and fails only that row', async () => {
    await recordPlannedUploads(store, ['a', 'b', 'c'].map((c) => planned(c)));
    const sender = scripted(10, (requests) => {
      const bad = requests.some((r) => (r as { company: string }).company === 'b');
      return requests.map(() => (bad ? { kind: 'failed', reason: 'Invalid parameter', response: null, isolate: requests.length > 1 } : { kind: 'sent', response: null }));
    });
    await createConversionDeliverer(store, sender, { dryRun: false }).deliverDue(NOW);
    assert.deepEqual(sender.calls.map((c) => c.length), [3, 1, 1, 1]);
    assert.deepEqual((await rows()).map((r) => r.status), ['sent', 'failed', 'sent']);
  });

  it('keeps the rows when the sender throws, to try them again', async () => {
    await recordPlannedUploads(store, [planned('a')]);
    const sender = scripted(10, () => { throw new Error('boom'); });
    const round = await createConversionDeliverer(store, sender, { dryRun: false, retryBaseMs: 1000 }).deliverDue(NOW);
    assert.deepEqual(round, { sent: 0, failed: 0, pending: 1, next_attempt_at: NOW + 1000 });
    assert.deepEqual((await rows()).map((r) => [r.status, r.reason]), [['pending', 'unexpected error: boom']]);
  });

  it('leases claimed rows: a second deliverer does not take them until the lease ends', async () => {
    await recordPlannedUploads(store, [planned('a')]);
    assert.equal((await claimDueUploads(store, 'meta', ['pending'], NOW, NOW + 60_000, 10)).length, 1);
    assert.equal((await claimDueUploads(store, 'meta', ['pending'], NOW + 59_999, NOW + 120_000, 10)).length, 0);
    assert.equal((await claimDueUploads(store, 'meta', ['pending'], NOW + 60_000, NOW + 120_000, 10)).length, 1);
  });

  it('keeps within Google\'s 2,000 conversions a request against a server that refuses more', async () => {
    const google = await startFakeGoogleAds();
    try {
      const now = Date.now();
      const n = 2001;
      await recordPlannedUploads(store, Array.from({ length: n }, (_, i) => planned(`g${String(i).padStart(4, '0')}`, {
        platform: 'google_ads', conversion_action: 'customers/1234567890/conversionActions/987654', click_at: now - 86_400_000,
        request: clickConversion({ company_id: `g${i}`, converted_at: now - 3_600_000, email: null, click: { type: 'gclid', value: `G${i}` },
          touchpoint: { touchpoint_id: 't', occurred_at: now - 86_400_000, click_ids: {}, fbp: null, fbc: null, ads_consent: null, ip: null, user_agent: null } },
        'customers/1234567890/conversionActions/987654'),
      })));
      const token = createGoogleTokenSource({ tokenUrl: `${google.api.url}/token`, clientId: GOOGLE_CREDENTIALS.GOOGLE_ADS_CLIENT_ID, clientSecret: GOOGLE_CREDENTIALS.GOOGLE_ADS_CLIENT_SECRET, refreshToken: GOOGLE_CREDENTIALS.GOOGLE_ADS_REFRESH_TOKEN, fetch });
      const sender = createGoogleAdsSender({ baseUrl: google.api.url, apiVersion: 'v26', customerId: GOOGLE_CREDENTIALS.GOOGLE_ADS_CUSTOMER_ID, loginCustomerId: null, developerToken: GOOGLE_CREDENTIALS.GOOGLE_ADS_DEVELOPER_TOKEN, token, fetch });
      const round = await createConversionDeliverer(store, sender, { dryRun: false }).deliverDue(now);
      assert.equal(round.sent, n);
      assert.deepEqual(google.api.requests.filter((r) => r.path.endsWith(':uploadClickConversions')).map((r) => JSON.parse(r.body).conversions.length), [2000, 1]);
    } finally {
      await google.api.close();
    }
  });
});
