// Meta Conversions API events: fbc from the click (or the browser's cookie), hashing, IP and user agent only with
// consent; and the sender's reading of Meta's errors (rate limits come as HTTP 400 with a Graph error code).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { ConversionFacts, ConversionTouchpoint } from '../../src/destinations/conversions/types.js';
import { fbcOf, serverEvent } from '../../src/destinations/meta/request.js';
import { createMetaSender } from '../../src/destinations/meta/sender.js';
import { META_CREDENTIALS, startFakeMeta, type FakeMeta } from '../support/fakes/meta.js';

const CLICK_AT = Date.parse('2026-11-20T08:00:00.000Z');
const touchpoint = (o: Partial<ConversionTouchpoint> = {}): ConversionTouchpoint =>
  ({ touchpoint_id: 'visit:e1', occurred_at: CLICK_AT, click_ids: { fbclid: 'FB1' }, fbp: null, fbc: null, ads_consent: null, ip: '192.0.2.1', user_agent: 'UA', ...o });
const facts = (o: Partial<ConversionFacts> = {}): ConversionFacts =>
  ({ company_id: 'co-9', converted_at: Date.now() - 3_600_000, touchpoint: touchpoint(), click: { type: 'fbclid', value: 'FB1' }, email: ' Zoe@Example.COM ', ...o });

describe('Meta server events', () => {
  it('builds fbc as fb.1.<click time in ms>.<fbclid>, or keeps the browser\'s cookie for the same click', () => {
    assert.equal(fbcOf(touchpoint(), { type: 'fbclid', value: 'FB1' }), `fb.1.${CLICK_AT}.FB1`);
    assert.equal(fbcOf(touchpoint({ fbc: 'fb.1.1699999999999.FB1' }), { type: 'fbclid', value: 'FB1' }), 'fb.1.1699999999999.FB1');
    // A cookie from an older click is not this click.
    assert.equal(fbcOf(touchpoint({ fbc: 'fb.1.1699999999999.OLD' }), { type: 'fbclid', value: 'FB1' }), `fb.1.${CLICK_AT}.FB1`);
  });

  it('sends event_time in seconds, a deterministic event_id, and the normalised email hashed', () => {
    const f = facts();
    const e = serverEvent(f);
    assert.equal(e.event_time, Math.floor(f.converted_at / 1000));
    assert.equal(e.event_id, 'company_created:co-9');
    assert.deepEqual(e.user_data.em, [createHash('sha256').update('zoe@example.com').digest('hex')]);
  });

  it('sends IP and user agent only when the visitor said yes to ads', () => {
    const unasked = serverEvent(facts());
    assert.equal(unasked.user_data.client_ip_address, undefined);
    assert.equal(unasked.user_data.client_user_agent, undefined);
    const granted = serverEvent(facts({ touchpoint: touchpoint({ ads_consent: true }) }));
    assert.equal(granted.user_data.client_ip_address, '192.0.2.1');
    assert.equal(granted.user_data.client_user_agent, 'UA');
  });
});

describe('Meta sender', () => {
  let meta: FakeMeta;
  before(async () => { meta = await startFakeMeta(); });
  after(() => meta.api.close());
  const sender = () => createMetaSender({ baseUrl: meta.api.url, apiVersion: 'v25.0', pixelId: META_CREDENTIALS.META_PIXEL_ID, accessToken: META_CREDENTIALS.META_ACCESS_TOKEN, fetch });

  it('sends a batch in one call and marks every event sent', async () => {
    const outcomes = await sender().send([serverEvent(facts()), serverEvent(facts({ company_id: 'co-10' }))]);
    assert.deepEqual(outcomes.map((o) => o.kind), ['sent', 'sent']);
    assert.equal(meta.accepted.length, 2);
  });

  it('waits on Meta\'s rate limit (HTTP 400, code 17) instead of failing', async () => {
    meta.api.answerNext({ status: 400, body: { error: { message: 'User request limit reached', type: 'OAuthException', code: 17, fbtrace_id: 'x' } } });
    const [outcome] = await sender().send([serverEvent(facts())]);
    assert.equal(outcome!.kind, 'retry');
    assert.equal((outcome as { reason: string }).reason, 'OAuthException 17: User request limit reached');
  });

  it('asks to isolate a batch refused for an invalid parameter, not one refused for its token', async () => {
    const bad = serverEvent(facts({ touchpoint: touchpoint({ fbp: 'garbage' }) }));
    const refused = await sender().send([serverEvent(facts()), bad]);
    assert.deepEqual(refused.map((o) => o.kind === 'failed' && o.isolate), [true, true]);
    const unauthorised = await createMetaSender({ baseUrl: meta.api.url, apiVersion: 'v25.0', pixelId: META_CREDENTIALS.META_PIXEL_ID, accessToken: 'nope', fetch })
      .send([serverEvent(facts()), serverEvent(facts())]);
    assert.deepEqual(unauthorised.map((o) => o.kind === 'failed' && o.isolate), [false, false]);
  });
});
