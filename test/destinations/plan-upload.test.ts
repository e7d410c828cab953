// Which upload a company's attribution gives a platform: the most recent model touchpoint carrying the platform's
// click ID counts; no click, denied ads consent and a click past the platform's window are skips with reasons.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CompanyAttribution, ExportedTouchpointRef } from '../../src/core/export/shapes.js';
import { ADS_CONSENT_DENIED, planUpload } from '../../src/destinations/conversions/plan-upload.js';
import type { ConversionTouchpoint } from '../../src/destinations/conversions/types.js';
import { googleAdsRules } from '../../src/destinations/google-ads/index.js';
import { msadsRules } from '../../src/destinations/microsoft-ads/index.js';
import { metaRules } from '../../src/destinations/meta/index.js';

const DAY = 86_400_000;
const T = Date.parse('2026-11-01T12:00:00.000Z');
const ref = (id: string, at: number): ExportedTouchpointRef => ({ touchpoint_id: id, occurred_at: new Date(at).toISOString(), channel: 'paid_search', source: 'google', medium: 'cpc', campaign: null, click_id: null });
const tp = (id: string, at: number, o: Partial<ConversionTouchpoint> = {}): ConversionTouchpoint =>
  ({ touchpoint_id: id, occurred_at: at, click_ids: {}, fbp: null, fbc: null, ads_consent: null, ip: null, user_agent: null, ...o });
const attribution = (o: Partial<CompanyAttribution>): CompanyAttribution =>
  ({ company_id: 'co', converted_at: new Date(T).toISOString(), first_touch: null, last_touch: null, first_touch_28d: null, original_source: null, ...o });
const google = googleAdsRules('123-456-7890', '55');

describe('planning an upload', () => {
  it('takes the last touch\'s click before the first touch\'s', () => {
    const tps = new Map([['a', tp('a', T - 9 * DAY, { click_ids: { gclid: 'first' } })], ['b', tp('b', T - DAY, { click_ids: { gclid: 'last' } })]]);
    const plan = planUpload(google, attribution({ first_touch: ref('a', T - 9 * DAY), last_touch: ref('b', T - DAY) }), tps, null);
    assert.equal(plan.status, 'pending');
    assert.equal((plan.request as any).gclid, 'last');
    assert.equal(plan.touchpoint_id, 'b');
    assert.equal(plan.click_at, T - DAY);
    assert.equal(plan.conversion_action, 'customers/1234567890/conversionActions/55');
  });

  it('falls back to the first touch when the last carries none of the platform\'s click IDs', () => {
    const tps = new Map([['a', tp('a', T - 9 * DAY, { click_ids: { gclid: 'first' } })], ['b', tp('b', T - DAY, { click_ids: { msclkid: 'm' } })]]);
    const plan = planUpload(google, attribution({ first_touch: ref('a', T - 9 * DAY), last_touch: ref('b', T - DAY) }), tps, null);
    assert.equal((plan.request as any).gclid, 'first');
  });

  it('never takes the referrer\'s click (original_source from another company)', () => {
    const tps = new Map([['r', tp('r', T - 9 * DAY, { click_ids: { gclid: 'referrer' } })]]);
    const plan = planUpload(google, attribution({ original_source: ref('r', T - 9 * DAY) }), tps, null);
    assert.deepEqual([plan.status, plan.reason], ['skipped', 'no gclid/gbraid/wbraid in the attribution']);
  });

  it('skips when the visit with the click denied ads consent, without building a request', () => {
    const tps = new Map([['a', tp('a', T - DAY, { click_ids: { gclid: 'g' }, ads_consent: false })]]);
    const plan = planUpload(google, attribution({ first_touch: ref('a', T - DAY), last_touch: ref('a', T - DAY) }), tps, 'x@example.com');
    assert.deepEqual([plan.status, plan.reason, plan.request], ['skipped', ADS_CONSENT_DENIED, null]);
  });

  it('skips a Microsoft click more than 90 days before the conversion', () => {
    const tps = new Map([['a', tp('a', T - 91 * DAY, { click_ids: { msclkid: 'old' } })], ['b', tp('b', T - 89 * DAY, { click_ids: { msclkid: 'recent' } })]]);
    const old = planUpload(msadsRules('Goal'), attribution({ first_touch: ref('a', T - 91 * DAY), last_touch: ref('a', T - 91 * DAY) }), tps, null);
    assert.deepEqual([old.status, old.reason], ['skipped', 'msclkid click more than 90 days before the conversion (Microsoft Advertising\'s window)']);
    const recent = planUpload(msadsRules('Goal'), attribution({ first_touch: ref('b', T - 89 * DAY), last_touch: ref('b', T - 89 * DAY) }), tps, null);
    assert.equal(recent.status, 'pending');
  });

  it('takes Meta\'s _fbc cookie as its click when the URL had no fbclid', () => {
    const tps = new Map([['a', tp('a', T - DAY, { fbc: 'fb.1.1700000000000.COOKIE' })]]);
    const plan = planUpload(metaRules, attribution({ last_touch: ref('a', T - DAY) }), tps, null);
    assert.equal((plan.request as any).user_data.fbc, 'fb.1.1700000000000.COOKIE');
  });
});
