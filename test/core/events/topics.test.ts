import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EVENT_TYPES } from '../../../src/core/events/schemas.js';
import { topicFor } from '../../../src/core/events/topics.js';
import type { TributaryEvent } from '../../../src/core/events/types.js';
import { validateEvent } from '../../../src/core/events/validate.js';

const base = { event_id: 'e', ts: '2026-03-01T10:00:00Z' };

function event(raw: Record<string, unknown>): TributaryEvent {
  const result = validateEvent({ ...base, ...raw });
  if (!result.ok) assert.fail(result.reason);
  return result.event;
}

// CONTRACT section 1, "topic it becomes".
const CASES: [string, Record<string, unknown>, string][] = [
  ['session', { type: 'session', client_id: 'c', session_id: 's', page_url: 'https://x.com/' }, 'session_webhook'],
  ['hit', { type: 'hit', client_id: 'c', session_id: 's', name: 'page_view' }, 'event_hit.page_view'],
  ['hit', { type: 'hit', client_id: 'c', session_id: 's', name: 'Signup-Click_2' }, 'event_hit.Signup-Click_2'],
  ['identify', { type: 'identify', client_id: 'c', email: 'a@b.co' }, 'event_hit.identify'],
  ['form_submission', { type: 'form_submission', email: 'a@b.co', form_id: 'f', site: 'app' }, 'lead_form_submitted'],
  ['form_submission', { type: 'form_submission', email: 'a@b.co', form_id: 'f', site: 'marketing' }, 'marketing_form_submitted'],
  ['contact_created', { type: 'contact_created', contact_id: 'k', email: 'a@b.co' }, 'new_contact_created'],
  ['company_created', { type: 'company_created', company_id: 'co' }, 'companyCreated'],
  ['signup', { type: 'signup', company_id: 'co', email: 'a@b.co' }, 'signup'],
  ['mobile_event', { type: 'mobile_event', device_id: 'd', name: 'app_open' }, 'mobile_app_event.app_open'],
  ['mobile_signup', { type: 'mobile_signup', device_id: 'd', email: 'a@b.co' }, 'mobileAppSignup'],
  ['call', { type: 'call', call_id: 'k' }, 'invoca'],
  // CONTRACT section 10.
  ['ad_spend', { type: 'ad_spend', date: '2026-03-01', source: 'google', medium: 'cpc', cost: 1, currency: 'USD' }, 'ad_spend'],
];

describe('topicFor', () => {
  for (const [type, raw, topic] of CASES) {
    it(`${type}${raw.site ? ` (site ${String(raw.site)})` : ''}${raw.name ? ` named ${String(raw.name)}` : ''} → ${topic}`, () => {
      assert.equal(topicFor(event(raw)), topic);
    });
  }

  it('covers every event type', () => {
    assert.deepEqual([...new Set(CASES.map(([type]) => type))].sort(), [...EVENT_TYPES].sort());
  });

  it('a named event always gives a two-word topic with no wildcard', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 80 }), fc.boolean(), (name, mobile) => {
      const result = validateEvent(mobile
        ? { ...base, type: 'mobile_event', device_id: 'd', name }
        : { ...base, type: 'hit', client_id: 'c', session_id: 's', name });
      if (!result.ok) return;
      const words = topicFor(result.event).split('.');
      assert.deepEqual(words, [mobile ? 'mobile_app_event' : 'event_hit', name]);
      assert.doesNotMatch(name, /[*#.\s]/);
    }), { numRuns: 2000 });
  });
});
