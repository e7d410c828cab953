// CONTRACT section 3, "Late data": the result after all events are processed is the same whatever order they
// arrived in, and the same as a full batch recompute; and events are idempotent. Checked on random histories, with
// the per-touchpoint credits of section 9 (the export compares them too), whose linear sums per channel must add up
// to the attributed conversions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { storedPathModels } from '../../src/app/models-paths.js';
import type { Pipeline } from '../../src/app/pipeline.js';
import { exportEverything, ingest, openTestPipeline, recomputeAll } from '../support/pipeline.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1);

const clients = ['c1', 'c2', 'c3', 'c4', 'c5'];
const emails = ['ana@acme.com', 'bo@acme.com', 'cy@beta.io', 'di@gamma.dev'];
const companies = ['co1', 'co2', 'co3'];
const devices = ['d1', 'd2'];
const pages = [
  'https://www.acme.com/?utm_source=google&utm_medium=cpc&utm_campaign=brand&gclid=G1',
  'https://www.acme.com/?gbraid=GB1',
  'https://www.acme.com/?utm_source=cpc-facebook&fbclid=F1',
  'https://www.acme.com/?fbclid=F2',
  'https://www.acme.com/?msclkid=M1',
  'https://www.acme.com/?utm_source=newsletter&utm_medium=email&utm_campaign=Spring',
  'https://www.acme.com/pricing',
  'https://www.acme.com/?li_fat_id=L1',
];
const referrers = [null, 'https://www.google.com/', 'https://www.acme.com/blog', 'https://partner.example.org/post'];

// Minutes-granular times over two months: collisions happen, so ties are exercised too.
const ts = fc.integer({ min: 0, max: 60 * 24 * 60 }).map((m) => new Date(T0 + m * 60_000).toISOString());
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const eventArb = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant('session'), ts, client_id: fc.constantFrom(...clients), session_id: fc.constant(''), page_url: fc.constantFrom(...pages), referrer: opt(fc.constantFrom(...referrers.filter((r): r is string => r !== null))) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('identify'), ts, client_id: fc.constantFrom(...clients), email: fc.constantFrom(...emails) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('form_submission'), ts, email: fc.constantFrom(...emails), form_id: fc.constant('demo'), site: fc.constantFrom('app', 'marketing'), client_id: opt(fc.constantFrom(...clients)), page_url: opt(fc.constantFrom(...pages)) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('company_created'), ts, company_id: fc.constantFrom(...companies), email: opt(fc.constantFrom(...emails)), client_id: opt(fc.constantFrom(...clients)), referred_by: opt(fc.constantFrom(...companies)) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('signup'), ts, company_id: fc.constantFrom(...companies), email: fc.constantFrom(...emails), client_id: opt(fc.constantFrom(...clients)) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('contact_created'), ts, contact_id: fc.constantFrom('ct1', 'ct2'), email: fc.constantFrom(...emails) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('mobile_signup'), ts, device_id: fc.constantFrom(...devices), email: fc.constantFrom(...emails), company_id: opt(fc.constantFrom(...companies)), campaign: opt(fc.constant({ source: 'facebook', medium: 'paid_social', fbclid: 'FM' })) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('call'), ts, email: opt(fc.constantFrom(...emails)), client_id: opt(fc.constantFrom(...clients)), campaign: opt(fc.constant({ source: 'google', medium: 'cpc', gclid: 'GC' })) }) },
);

/** A history: events with unique ids (and session ids), plus a permutation to deliver them in. */
const historyArb = fc.array(eventArb, { minLength: 1, maxLength: 30 }).chain((events) => {
  const withIds = events.map((e, i) => ({
    ...Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)),
    event_id: `p${i}`,
    ...(e.type === 'session' ? { session_id: `s${i}` } : {}),
    ...(e.type === 'call' ? { call_id: `call${i}` } : {}),
  }));
  return fc.tuple(fc.constant(withIds), fc.shuffledSubarray(withIds, { minLength: withIds.length, maxLength: withIds.length }));
});

/** Per channel, the linear credits exported and the stored paths' linear totals agree; all add up to the attributed entities. */
async function assertLinearSumsToConversions(p: Pipeline, exported: Awaited<ReturnType<typeof exportEverything>>) {
  for (const entity of ['companies', 'contacts'] as const) {
    const attributed = exported[entity].filter((e) => e.first_touch !== null).length;
    const byChannel = new Map<string, number>();
    for (const l of exported.credits) if (l.entity === entity && l.model === 'linear') byChannel.set(l.channel, (byChannel.get(l.channel) ?? 0) + l.credit);
    const models = await storedPathModels(p.store, entity, { from: null, to: null });
    const linear = models.rows.filter((r) => r.model === 'linear');
    assert.deepEqual(linear.map((r) => r.channel).sort(), [...byChannel.keys()].sort(), `${entity}: channels`);
    for (const r of linear) assert.ok(Math.abs(r.conversions - byChannel.get(r.channel)!) < 1e-9, `${entity} ${r.channel}: ${r.conversions}`);
    const total = linear.reduce((s, r) => s + r.conversions, 0);
    assert.ok(Math.abs(total - attributed) < 1e-9, `${entity}: linear sums to ${total}, ${attributed} attributed`);
    assert.equal(models.converting, attributed);
  }
}

describe('order independence (fast-check)', () => {
  it('any arrival order, one by one or in one file, gives the export of a batch recompute; a replay changes nothing', async () => {
    await fc.assert(fc.asyncProperty(historyArb, async ([inFileOrder, shuffled]) => {
      const whole = await openTestPipeline();
      const oneByOne = await openTestPipeline();
      try {
        await ingest(whole, inFileOrder);
        const fromFile = await exportEverything(whole);
        await assertLinearSumsToConversions(whole, fromFile);

        for (const event of shuffled) await ingest(oneByOne, [event]);
        assert.deepEqual(await exportEverything(oneByOne), fromFile, 'one by one, shuffled');

        await recomputeAll(whole);
        assert.deepEqual(await exportEverything(whole), fromFile, 'batch recompute');

        const replay = await ingest(whole, shuffled);
        assert.equal(replay.accepted, 0);
        assert.equal(replay.duplicate, shuffled.length);
        assert.deepEqual(await exportEverything(whole), fromFile, 'replay');
      } finally {
        await whole.close();
        await oneByOne.close();
      }
    }), { numRuns: 15, endOnFailure: true });
  });
});
