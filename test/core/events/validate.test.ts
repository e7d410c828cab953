import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseEventLine, validateEvent } from '../../../src/core/events/validate.js';
import type { EventType, TributaryEvent, ValidationResult } from '../../../src/core/events/types.js';
import { generateHistory } from '../../../src/demo/generate-history.js';

const TS = '2026-03-01T10:00:00Z';
const TS_MS = Date.UTC(2026, 2, 1, 10);
const TYPES: EventType[] = [
  'session', 'hit', 'identify', 'form_submission', 'contact_created', 'company_created', 'signup', 'mobile_event',
  'mobile_signup', 'call', 'ad_spend',
];

type Raw = Record<string, unknown>;

/** The smallest valid event of each type: only its required fields (CONTRACT section 1). */
const MINIMAL: Record<EventType, Raw> = {
  session: { type: 'session', event_id: 'e-session', ts: TS, client_id: 'c1', session_id: 's1', page_url: 'https://example.com/' },
  hit: { type: 'hit', event_id: 'e-hit', ts: TS, client_id: 'c1', session_id: 's1', name: 'page_view' },
  identify: { type: 'identify', event_id: 'e-identify', ts: TS, client_id: 'c1', email: 'ann@example.com' },
  form_submission: { type: 'form_submission', event_id: 'e-form', ts: TS, email: 'ann@example.com', form_id: 'f1', site: 'app' },
  contact_created: { type: 'contact_created', event_id: 'e-contact', ts: TS, contact_id: 'k1', email: 'ann@example.com' },
  company_created: { type: 'company_created', event_id: 'e-company', ts: TS, company_id: 'co1' },
  signup: { type: 'signup', event_id: 'e-signup', ts: TS, company_id: 'co1', email: 'ann@example.com' },
  mobile_event: { type: 'mobile_event', event_id: 'e-mobile', ts: TS, device_id: 'd1', name: 'app_open' },
  mobile_signup: { type: 'mobile_signup', event_id: 'e-msignup', ts: TS, device_id: 'd1', email: 'ann@example.com' },
  call: { type: 'call', event_id: 'e-call', ts: TS, call_id: 'call1' },
  ad_spend: { type: 'ad_spend', event_id: 'e-spend', ts: TS, date: '2026-03-01', source: 'google', medium: 'cpc', cost: 120.5, currency: 'USD' },
};

/** What each minimal event becomes: the optional fields the contract lists, all null. */
const MINIMAL_NULLS: Record<EventType, string[]> = {
  session: ['referrer', 'user_agent', 'ip', 'consent', 'cookies'],
  hit: ['page_url', 'properties'],
  identify: [],
  form_submission: ['client_id', 'session_id', 'page_url', 'fields'],
  contact_created: ['client_id'],
  company_created: ['name', 'domain', 'email', 'client_id', 'referred_by'],
  signup: ['client_id'],
  mobile_event: ['email', 'campaign'],
  mobile_signup: ['company_id', 'campaign'],
  call: ['email', 'client_id', 'page_url', 'campaign', 'duration_s'],
  ad_spend: ['campaign'],
};

const REQUIRED: Record<EventType, string[]> = {
  session: ['client_id', 'session_id', 'page_url'],
  hit: ['client_id', 'session_id', 'name'],
  identify: ['client_id', 'email'],
  form_submission: ['email', 'form_id', 'site'],
  contact_created: ['contact_id', 'email'],
  company_created: ['company_id'],
  signup: ['company_id', 'email'],
  mobile_event: ['device_id', 'name'],
  mobile_signup: ['device_id', 'email'],
  call: ['call_id'],
  ad_spend: ['date', 'source', 'medium', 'cost', 'currency'],
};

/** Every field of each type set, with values that need normalising, and what they become. */
const FULL: Record<EventType, { input: Raw; output: TributaryEvent }> = {
  session: {
    input: {
      type: 'session', event_id: 'e-session', ts: '2026-03-01T11:00:00+01:00', client_id: ' c1 ', session_id: 's1 ',
      page_url: ' https://example.com/?utm_source=google ', referrer: 'https://www.google.com/',
      user_agent: 'Mozilla/5.0', ip: '2001:db8::1', consent: { analytics: true, ads: false, extra: 1 },
      cookies: { _fbp: 'fb.1.1.2', _fbc: 'fb.1.1.abc' },
    },
    output: {
      type: 'session', event_id: 'e-session', ts: TS_MS, client_id: 'c1', session_id: 's1',
      page_url: 'https://example.com/?utm_source=google', referrer: 'https://www.google.com/',
      user_agent: 'Mozilla/5.0', ip: '2001:db8::1', consent: { analytics: true, ads: false },
      cookies: { _fbp: 'fb.1.1.2', _fbc: 'fb.1.1.abc' },
    },
  },
  hit: {
    input: {
      type: 'hit', event_id: 'e-hit', ts: TS_MS, client_id: 'c1', session_id: 's1', name: 'signup-click_2',
      page_url: 'https://example.com/a', properties: { plan: 'pro', seats: 3, tags: ['a', null], nested: { ok: true } },
    },
    output: {
      type: 'hit', event_id: 'e-hit', ts: TS_MS, client_id: 'c1', session_id: 's1', name: 'signup-click_2',
      page_url: 'https://example.com/a', properties: { plan: 'pro', seats: 3, tags: ['a', null], nested: { ok: true } },
    },
  },
  identify: {
    input: { type: 'identify', event_id: 'e-identify', ts: TS, client_id: 'c1', email: '  Ann@Example.COM ' },
    output: { type: 'identify', event_id: 'e-identify', ts: TS_MS, client_id: 'c1', email: 'ann@example.com' },
  },
  form_submission: {
    input: {
      type: 'form_submission', event_id: 'e-form', ts: TS, email: 'ANN@example.com', form_id: ' f1', site: 'marketing',
      client_id: 'c1', session_id: 's1', page_url: 'https://example.com/demo', fields: { company: 'Acme', size: 10 },
    },
    output: {
      type: 'form_submission', event_id: 'e-form', ts: TS_MS, email: 'ann@example.com', form_id: 'f1',
      site: 'marketing', client_id: 'c1', session_id: 's1', page_url: 'https://example.com/demo',
      fields: { company: 'Acme', size: 10 },
    },
  },
  contact_created: {
    input: { type: 'contact_created', event_id: 'e-contact', ts: TS, contact_id: 'k1', email: 'Ann@Example.com', client_id: 'c1' },
    output: { type: 'contact_created', event_id: 'e-contact', ts: TS_MS, contact_id: 'k1', email: 'ann@example.com', client_id: 'c1' },
  },
  company_created: {
    input: {
      type: 'company_created', event_id: 'e-company', ts: TS, company_id: 'co1', name: ' Acme Inc. ',
      domain: ' Acme.COM ', email: 'Founder@Acme.com', client_id: 'c1', referred_by: 'co0',
    },
    output: {
      type: 'company_created', event_id: 'e-company', ts: TS_MS, company_id: 'co1', name: 'Acme Inc.',
      domain: 'acme.com', email: 'founder@acme.com', client_id: 'c1', referred_by: 'co0',
    },
  },
  signup: {
    input: { type: 'signup', event_id: 'e-signup', ts: TS, company_id: 'co1', email: 'ann@example.com', client_id: 'c1' },
    output: { type: 'signup', event_id: 'e-signup', ts: TS_MS, company_id: 'co1', email: 'ann@example.com', client_id: 'c1' },
  },
  mobile_event: {
    input: {
      type: 'mobile_event', event_id: 'e-mobile', ts: TS, device_id: 'd1', name: 'app_open', email: 'Ann@example.com',
      campaign: { source: ' Google ', medium: 'cpc', campaign: 'Brand', term: '', gclid: 'abc', utm_source: 'x' },
    },
    output: {
      type: 'mobile_event', event_id: 'e-mobile', ts: TS_MS, device_id: 'd1', name: 'app_open', email: 'ann@example.com',
      campaign: { source: 'Google', medium: 'cpc', campaign: 'Brand', gclid: 'abc' },
    },
  },
  mobile_signup: {
    input: {
      type: 'mobile_signup', event_id: 'e-msignup', ts: TS, device_id: 'd1', email: 'ann@example.com', company_id: 'co1',
      campaign: {
        source: 's', medium: 'm', campaign: 'c', term: 't', content: 'x', gclid: '1', gbraid: '2', wbraid: '3',
        fbclid: '4', msclkid: '5', li_fat_id: '6', ttclid: '7',
      },
    },
    output: {
      type: 'mobile_signup', event_id: 'e-msignup', ts: TS_MS, device_id: 'd1', email: 'ann@example.com',
      company_id: 'co1',
      campaign: {
        source: 's', medium: 'm', campaign: 'c', term: 't', content: 'x', gclid: '1', gbraid: '2', wbraid: '3',
        fbclid: '4', msclkid: '5', li_fat_id: '6', ttclid: '7',
      },
    },
  },
  call: {
    input: {
      type: 'call', event_id: 'e-call', ts: TS, call_id: 'call1', email: 'ann@example.com', client_id: 'c1',
      page_url: 'https://example.com/contact', campaign: { msclkid: 'ms1' }, duration_s: 95.5,
    },
    output: {
      type: 'call', event_id: 'e-call', ts: TS_MS, call_id: 'call1', email: 'ann@example.com', client_id: 'c1',
      page_url: 'https://example.com/contact', campaign: { msclkid: 'ms1' }, duration_s: 95.5,
    },
  },
  ad_spend: {
    input: {
      type: 'ad_spend', event_id: 'e-spend', ts: TS, date: ' 2026-02-28 ', source: ' Google ', medium: 'CPC',
      campaign: ' Brand ', cost: 0, currency: 'eur',
    },
    output: {
      type: 'ad_spend', event_id: 'e-spend', ts: TS_MS, date: '2026-02-28', source: 'google', medium: 'cpc',
      campaign: 'Brand', cost: 0, currency: 'EUR',
    },
  },
};

function accepted(raw: unknown): TributaryEvent {
  const result = validateEvent(raw);
  if (!result.ok) assert.fail(`expected the event to be accepted, got "${result.reason}"`);
  return result.event;
}

function rejected(raw: unknown): string {
  const result = validateEvent(raw);
  if (result.ok) assert.fail(`expected the event to be rejected, got ${JSON.stringify(result.event)}`);
  return result.reason;
}

const withField = (type: EventType, field: string, value: unknown): Raw => ({ ...MINIMAL[type], [field]: value });
const without = (raw: Raw, field: string): Raw => {
  const copy = { ...raw };
  delete copy[field];
  return copy;
};

describe('validateEvent: every event type', () => {
  for (const type of TYPES) {
    it(`accepts a minimal ${type}, its absent optional fields as null`, () => {
      const event = accepted(MINIMAL[type]) as unknown as Raw;
      const expected: Raw = { ...MINIMAL[type], ts: TS_MS };
      for (const field of MINIMAL_NULLS[type]) expected[field] = null;
      assert.deepEqual(event, expected);
    });

    it(`accepts a full ${type}, normalised`, () => {
      assert.deepEqual(accepted(FULL[type].input), FULL[type].output);
    });

    it(`${type}: names each missing required field`, () => {
      for (const field of ['event_id', 'ts', ...REQUIRED[type]]) {
        assert.equal(rejected(without(MINIMAL[type], field)), `${field}: required`, field);
      }
    });

    it(`${type}: rejects a wrong type in every field, naming it`, () => {
      for (const [field, value] of Object.entries(FULL[type].input)) {
        if (field === 'type') continue;
        const wrong = typeof value === 'string' || typeof value === 'boolean' ? 42 : field === 'ts' ? true : 'x';
        const reason = rejected({ ...FULL[type].input, [field]: wrong });
        assert.match(reason, new RegExp(`^${field}: `), `${field}=${JSON.stringify(wrong)} gave "${reason}"`);
      }
    });

    it(`${type}: optional fields given as null or blank are null`, () => {
      for (const field of MINIMAL_NULLS[type]) {
        const event = accepted(withField(type, field, null)) as unknown as Raw;
        assert.equal(event[field], null, field);
        if (['consent', 'cookies', 'campaign', 'properties', 'fields', 'duration_s'].includes(field)) continue;
        assert.equal((accepted(withField(type, field, '  ')) as unknown as Raw)[field], null, field);
      }
    });

    it(`${type}: unknown top-level fields are stripped`, () => {
      const event = accepted({ ...MINIMAL[type], extra: 'x', utm_source: 'google', __proto__: { polluted: true } });
      assert.equal('extra' in event, false);
      assert.equal('utm_source' in event, false);
      assert.equal((event as unknown as Raw).polluted, undefined);
    });
  }
});

describe('validateEvent: type, event_id, shape', () => {
  const EXPECTED = 'expected one of session, hit, identify, form_submission, contact_created, company_created, ' +
    'signup, mobile_event, mobile_signup, call, ad_spend';

  it('rejects an unknown type, listing the known ones', () => {
    assert.equal(rejected({ ...MINIMAL.hit, type: 'foo' }), `type: unknown event type "foo" (${EXPECTED})`);
    assert.equal(rejected({ ...MINIMAL.hit, type: 'Session' }), `type: unknown event type "Session" (${EXPECTED})`);
    assert.equal(rejected(without(MINIMAL.hit, 'type')), `type: required (${EXPECTED})`);
    assert.equal(rejected({ ...MINIMAL.hit, type: 3 }), `type: must be a string (got number; ${EXPECTED})`);
  });

  it('rejects anything that is not an object', () => {
    assert.equal(rejected(null), 'event: must be a JSON object (got null)');
    assert.equal(rejected(undefined), 'event: must be a JSON object (got undefined)');
    assert.equal(rejected([MINIMAL.hit]), 'event: must be a JSON object (got array)');
    assert.equal(rejected(42), 'event: must be a JSON object (got number)');
    assert.equal(rejected('{"type":"hit"}'), 'event: must be a JSON object (got string)');
  });

  it('event_id is 1-128 characters, kept verbatim', () => {
    assert.equal(accepted(withField('hit', 'event_id', 'x'.repeat(128))).event_id, 'x'.repeat(128));
    assert.equal(accepted(withField('hit', 'event_id', ' padded ')).event_id, ' padded ');
    assert.equal(rejected(withField('hit', 'event_id', '')), 'event_id: must be 1-128 characters (got 0)');
    assert.equal(rejected(withField('hit', 'event_id', 'x'.repeat(129))), 'event_id: must be 1-128 characters (got 129)');
    assert.equal(rejected(withField('hit', 'event_id', 17)), 'event_id: must be a string (got number)');
  });

  it('a rejection carries the raw event_id when it is a valid one, else null', () => {
    const bad = withField('hit', 'client_id', 5);
    assert.deepEqual(validateEvent(bad), { ok: false, reason: 'client_id: must be a string (got number)', event_id: 'e-hit' });
    assert.equal((validateEvent({ ...bad, event_id: 'x'.repeat(129) }) as { event_id: unknown }).event_id, null);
    assert.equal((validateEvent({ ...bad, event_id: 12 }) as { event_id: unknown }).event_id, null);
    assert.equal((validateEvent(without(bad, 'event_id')) as { event_id: unknown }).event_id, null);
    assert.equal((validateEvent([]) as { event_id: unknown }).event_id, null);
  });

  it('reports the first problem in field order: type, event_id, ts, then the fields', () => {
    assert.match(rejected({ type: 'x', event_id: '', ts: 'no' }), /^type: /);
    assert.match(rejected({ type: 'hit', event_id: '', ts: 'no' }), /^event_id: /);
    assert.match(rejected({ type: 'hit', event_id: 'e', ts: 'no' }), /^ts: /);
    assert.equal(rejected({ type: 'hit', event_id: 'e', ts: TS }), 'client_id: required');
  });
});

describe('validateEvent: field rules', () => {
  it('identifiers are trimmed, not blank, at most 256 characters', () => {
    for (const field of ['client_id', 'session_id']) {
      assert.equal((accepted(withField('hit', field, '\t id \n')) as unknown as Raw)[field], 'id');
      assert.equal(rejected(withField('hit', field, '   ')), `${field}: must not be empty`);
      assert.equal((accepted(withField('hit', field, 'x'.repeat(256))) as unknown as Raw)[field], 'x'.repeat(256));
      assert.equal(rejected(withField('hit', field, 'x'.repeat(257))), `${field}: must be at most 256 characters (got 257)`);
    }
    for (const [type, field] of [['company_created', 'company_id'], ['mobile_event', 'device_id'],
      ['contact_created', 'contact_id'], ['call', 'call_id'], ['form_submission', 'form_id']] as const) {
      assert.equal(rejected(withField(type, field, '')), `${field}: must not be empty`);
      assert.equal(rejected(withField(type, field, 'x'.repeat(257))), `${field}: must be at most 256 characters (got 257)`);
    }
    assert.equal(rejected(withField('company_created', 'referred_by', 'x'.repeat(257))),
      'referred_by: must be at most 256 characters (got 257)');
    assert.equal(rejected(withField('form_submission', 'client_id', 'x'.repeat(257))),
      'client_id: must be at most 256 characters (got 257)');
  });

  it('event names are routing-key words: [A-Za-z0-9_-]{1,64}', () => {
    for (const type of ['hit', 'mobile_event'] as const) {
      for (const name of ['page_view', 'A-b_9', 'x'.repeat(64)]) assert.equal((accepted(withField(type, 'name', name)) as { name: string }).name, name);
      for (const name of ['page.view', 'a*', '#', 'a b', '', ' page_view', 'x'.repeat(65), 'café']) {
        assert.match(rejected(withField(type, 'name', name)), /^name: ".*"…? must be 1-64 letters, digits, "_" or "-"/, name);
      }
    }
  });

  it('a hit may not be named identify (its topic belongs to identify events); a mobile event may', () => {
    assert.equal(rejected(withField('hit', 'name', 'identify')),
      'name: "identify" is reserved: its topic, event_hit.identify, carries identify events');
    assert.equal((accepted(withField('mobile_event', 'name', 'identify')) as { name: string }).name, 'identify');
  });

  it('form_submission.site is app or marketing, exactly', () => {
    assert.equal((accepted(withField('form_submission', 'site', 'marketing')) as { site: string }).site, 'marketing');
    assert.equal(rejected(withField('form_submission', 'site', 'web')), 'site: must be "app" or "marketing" (got "web")');
    assert.equal(rejected(withField('form_submission', 'site', 'App')), 'site: must be "app" or "marketing" (got "App")');
    assert.equal(rejected(withField('form_submission', 'site', null)), 'site: must be "app" or "marketing" (got null)');
  });

  it('consent needs both booleans', () => {
    assert.equal(rejected(withField('session', 'consent', { analytics: true })), 'consent.ads: required');
    assert.equal(rejected(withField('session', 'consent', { analytics: 'yes', ads: true })),
      'consent.analytics: must be a boolean (got string)');
    assert.equal(rejected(withField('session', 'consent', [true, true])), 'consent: must be an object {analytics, ads} (got array)');
  });

  it('cookies: _fbp and _fbc optional, trimmed, blank is null', () => {
    const event = accepted(withField('session', 'cookies', { _fbc: ' fb.1.2.x ', _fbp: '' })) as { cookies: unknown };
    assert.deepEqual(event.cookies, { _fbp: null, _fbc: 'fb.1.2.x' });
    assert.equal(rejected(withField('session', 'cookies', { _fbp: 1 })), 'cookies._fbp: must be a string (got number)');
  });

  it('campaign: only its keys, values trimmed, blanks dropped, nothing left is null', () => {
    const campaignOf = (campaign: unknown) => (accepted(withField('call', 'campaign', campaign)) as { campaign: unknown }).campaign;
    assert.deepEqual(campaignOf({ source: ' google ', medium: '', term: null, gclid: 'g', twclid: 't' }), { source: 'google', gclid: 'g' });
    assert.equal(campaignOf({ medium: '  ', other: 'x' }), null);
    assert.equal(campaignOf({}), null);
    assert.equal(rejected(withField('call', 'campaign', { gclid: 5 })), 'campaign.gclid: must be a string (got number)');
    assert.equal(rejected(withField('mobile_signup', 'campaign', 'google')), 'campaign: must be an object (got string)');
    assert.equal(rejected(withField('mobile_event', 'campaign', { content: 'x'.repeat(2049) })),
      'campaign.content: must be at most 2048 characters (got 2049)');
  });

  it('duration_s is a non-negative number', () => {
    const durationOf = (d: unknown) => (accepted(withField('call', 'duration_s', d)) as { duration_s: unknown }).duration_s;
    assert.equal(durationOf(0), 0);
    assert.equal(durationOf(12.5), 12.5);
    assert.equal(rejected(withField('call', 'duration_s', -1)), 'duration_s: must be a non-negative number (got -1)');
    assert.equal(rejected(withField('call', 'duration_s', '30')), 'duration_s: must be a number of seconds (got string)');
    assert.equal(rejected(withField('call', 'duration_s', Infinity)), 'duration_s: must be a non-negative number (got Infinity)');
  });

  it('ad_spend: a date that exists, a non-negative cost, an ISO 4217 currency', () => {
    assert.equal(rejected(withField('ad_spend', 'date', '2026-02-30')), 'date: must be a date YYYY-MM-DD (got "2026-02-30")');
    assert.equal(rejected(withField('ad_spend', 'date', '2026-03-01T00:00:00Z')), 'date: must be a date YYYY-MM-DD (got "2026-03-01T00:00:00Z")');
    assert.equal(rejected(withField('ad_spend', 'cost', -5)), 'cost: must be a non-negative amount below 10^12 (got -5)');
    assert.equal(rejected(withField('ad_spend', 'cost', '12.50')), 'cost: must be a number (got string)');
    assert.equal(rejected(withField('ad_spend', 'cost', Number.NaN)), 'cost: must be a non-negative amount below 10^12 (got NaN)');
    assert.equal(rejected(withField('ad_spend', 'currency', 'dollars')), 'currency: must be an ISO 4217 currency code like USD (got "dollars")');
    assert.equal(rejected(withField('ad_spend', 'source', ' ')), 'source: must not be empty');
    assert.equal((accepted(withField('ad_spend', 'cost', 1e-2)) as { cost: number }).cost, 0.01);
  });

  it('ip is an IPv4 or IPv6 address', () => {
    for (const ip of ['203.0.113.9', '0.0.0.0', '::1', '::', '2001:db8:0:0:0:0:0:1', '::ffff:192.0.2.1', 'FE80::1']) {
      assert.equal((accepted(withField('session', 'ip', ip)) as { ip: unknown }).ip, ip);
    }
    for (const ip of ['1.2.3.256', '1.2.3', '01.2.3.4', 'localhost', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7',
      'fe80::1%eth0', '12345::1', ':1', "1.1.1.1' OR 1=1"]) {
      assert.match(rejected(withField('session', 'ip', ip)), /^ip: ".*" is not an IPv4 or IPv6 address$/, ip);
    }
  });

  it('properties and fields are plain JSON objects, kept as received', () => {
    const properties = { a: [1, 'two', { three: null }], b: { c: false } };
    assert.equal((accepted(withField('hit', 'properties', properties)) as { properties: unknown }).properties, properties);
    assert.equal(rejected(withField('hit', 'properties', [1, 2])), 'properties: must be a JSON object (got array)');
    assert.equal(rejected(withField('hit', 'properties', 'x')), 'properties: must be a JSON object (got string)');
    assert.equal(rejected(withField('form_submission', 'fields', { a: [1, { 'b c': undefined }] })),
      'fields.a[1]["b c"]: must be a JSON value (got undefined)');
    assert.equal(rejected(withField('hit', 'properties', { when: new Date(0) })), 'properties.when: must be a plain JSON object');
    assert.equal(rejected(withField('hit', 'properties', { n: NaN })), 'properties.n: must be a finite number (got NaN)');
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { d: deep };
    assert.match(rejected(withField('hit', 'properties', deep)), /^properties(\.d)+: is nested more than 32 levels deep$/);
  });

  it('__proto__ keys are ordinary data: kept, and no prototype is touched', () => {
    const raw = JSON.parse(
      '{"type":"hit","event_id":"e","ts":1772359200000,"client_id":"c","session_id":"s","name":"x",' +
      '"__proto__":{"isAdmin":true},"properties":{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}}',
    ) as unknown;
    const event = accepted(raw) as unknown as { properties: Record<string, unknown> };
    assert.deepEqual(Object.keys(event.properties), ['__proto__', 'constructor']);
    assert.equal(Object.getPrototypeOf(event.properties), Object.prototype);
    assert.equal(({} as Raw).isAdmin, undefined);
    assert.equal((event as unknown as Raw).isAdmin, undefined);
    assert.equal(rejected(JSON.parse('{"__proto__":{"type":"hit"}}')).startsWith('type: required'), true);
  });

  it('company domain is trimmed and lower-cased; name kept with its case', () => {
    const event = accepted({ ...MINIMAL.company_created, domain: ' WWW.Acme.Com ', name: ' ACME ' }) as { domain: unknown; name: unknown };
    assert.equal(event.domain, 'www.acme.com');
    assert.equal(event.name, 'ACME');
  });

  it('over-long free text is rejected, not truncated', () => {
    assert.equal(rejected(withField('session', 'page_url', `https://x.com/?q=${'a'.repeat(8192)}`)),
      'page_url: must be at most 8192 characters (got 8209)');
    assert.equal(rejected(withField('company_created', 'name', 'n'.repeat(513))), 'name: must be at most 512 characters (got 513)');
  });
});

describe('validateEvent: hostile strings', () => {
  const HOSTILE = [
    "'; DROP TABLE bi.visits; --",
    "1' OR '1'='1",
    '<script>alert(document.cookie)</script>',
    '"><img src=x onerror=alert(1)>',
    'javascript:alert(1)',
    '{{constructor.constructor("alert(1)")()}}',
    '${process.exit(1)}',
    '../../etc/passwd',
    'Ünïcødé 日本語 🎉 \u202Eevil',
    'back\\slash "quotes" `ticks`',
  ];

  it('SQL and HTML in every kind of string field pass through verbatim', () => {
    for (const s of HOSTILE) {
      const session = accepted({ ...MINIMAL.session, client_id: s, session_id: s, page_url: s, referrer: s, user_agent: s }) as unknown as Raw;
      for (const field of ['client_id', 'session_id', 'page_url', 'referrer', 'user_agent']) assert.equal(session[field], s, field);
      const hit = accepted({ ...MINIMAL.hit, properties: { [s]: s, list: [s] } }) as { properties: Raw };
      assert.deepEqual(hit.properties, { [s]: s, list: [s] });
      const call = accepted({ ...MINIMAL.call, campaign: { source: s, campaign: s, gclid: s } }) as { campaign: unknown };
      assert.deepEqual(call.campaign, { source: s, campaign: s, gclid: s });
      const company = accepted({ ...MINIMAL.company_created, name: s, company_id: s, referred_by: s }) as unknown as Raw;
      assert.equal(company.name, s);
      assert.equal(company.company_id, s);
    }
  });

  it('a hostile value in a rejection reason is quoted and bounded', () => {
    const huge = `<script>${'x'.repeat(1_000_000)}`;
    const reason = rejected(withField('identify', 'email', huge));
    assert.ok(reason.length < 200, `reason of ${reason.length} characters`);
    assert.equal(reason, 'email: must be at most 254 characters (got 1000008)');
    assert.equal(rejected(withField('hit', 'name', huge)), `name: ${JSON.stringify(huge.slice(0, 64))}… must be 1-64 letters, digits, "_" or "-" (it becomes a word of the topic)`);
    assert.equal(rejected(withField('hit', 'name', 'a\nb')), 'name: "a\\nb" must be 1-64 letters, digits, "_" or "-" (it becomes a word of the topic)');
  });

  it('text PostgreSQL cannot store (NUL, unpaired surrogates) is rejected with a reason', () => {
    assert.equal(rejected(withField('hit', 'client_id', 'a\u0000b')), 'client_id: must not contain a NUL character (U+0000)');
    assert.equal(rejected(withField('session', 'page_url', 'https://x.com/\ud800')),
      'page_url: must be valid Unicode text (it contains an unpaired surrogate)');
    assert.equal(rejected(withField('hit', 'event_id', 'e\udc00')), 'event_id: must be valid Unicode text (it contains an unpaired surrogate)');
    assert.equal(rejected(withField('call', 'campaign', { source: 'g\u0000' })), 'campaign.source: must not contain a NUL character (U+0000)');
    assert.equal(rejected(withField('hit', 'properties', { a: ['\ud83d'] })),
      'properties.a[0]: must be valid Unicode text (it contains an unpaired surrogate)');
    assert.equal(rejected(withField('hit', 'properties', { 'k\u0000': 1 })),
      'properties["k\\u0000"]: key must not contain a NUL character (U+0000)');
    // A surrogate *pair* is ordinary text.
    assert.equal((accepted(withField('hit', 'client_id', 'id-🎉')) as { client_id: string }).client_id, 'id-🎉');
  });
});

describe('validateEvent: never throws', () => {
  const neverThrows = (raw: unknown): ValidationResult => {
    const result = validateEvent(raw);
    if (result.ok) return result;
    assert.equal(typeof result.reason, 'string');
    assert.ok(result.reason.length > 0, 'empty reason');
    assert.ok(result.event_id === null || typeof result.event_id === 'string');
    return result;
  };

  it('on arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => { neverThrows(value); }), { numRuns: 2000 });
  });

  it('on arbitrary JavaScript values', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true,
      withObjectString: true, withSparseArray: true, withTypedArray: true, withDate: true, withBigInt: true }),
    (value) => { neverThrows(value); }), { numRuns: 2000 });
  });

  it('on a valid event with one field replaced by anything, naming that field when it rejects', () => {
    const arbitrary = fc.constantFrom(...TYPES).chain((type) => fc.tuple(
      fc.constant(type), fc.constantFrom(...Object.keys(FULL[type].input).filter((k) => k !== 'type')),
      fc.oneof(fc.jsonValue(), fc.anything()),
    ));
    fc.assert(fc.property(arbitrary, ([type, field, value]) => {
      const result = neverThrows({ ...FULL[type].input, [field]: value });
      if (!result.ok) assert.match(result.reason, new RegExp(`^${field}(\\.|\\[|: )`), result.reason);
    }), { numRuns: 3000 });
  });

  it('on hostile objects: throwing getters, proxies, null prototypes', () => {
    const getter = Object.defineProperty({ ...MINIMAL.hit }, 'client_id', { enumerable: true, get() { throw new Error('boom'); } });
    assert.deepEqual(validateEvent(getter), { ok: false, reason: 'event: could not be read (boom)', event_id: 'e-hit' });
    const proxy = new Proxy({}, { get() { throw new Error('trap'); }, has() { throw new Error('trap'); } });
    assert.equal(neverThrows(proxy).ok, false);
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    assert.equal(neverThrows(revoked).ok, false);
    const nullProto = Object.assign(Object.create(null) as Raw, MINIMAL.identify);
    assert.equal(neverThrows(nullProto).ok, true);
  });
});

describe('parseEventLine', () => {
  it('parses and validates one JSON line', () => {
    assert.deepEqual(parseEventLine(JSON.stringify(FULL.identify.input)), { ok: true, event: FULL.identify.output });
    assert.deepEqual(parseEventLine(`${JSON.stringify(MINIMAL.signup)}\r`), validateEvent(MINIMAL.signup));
    assert.deepEqual(parseEventLine(`\ufeff${JSON.stringify(MINIMAL.signup)}`), validateEvent(MINIMAL.signup));
  });

  it('gives the same result as validateEvent on the parsed value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      assert.deepEqual(parseEventLine(JSON.stringify(value)), validateEvent(value));
    }), { numRuns: 500 });
  });

  it('rejects invalid JSON with the parser message', () => {
    const result = parseEventLine('{"type": "hit",');
    assert.equal(result.ok, false);
    assert.match((result as { reason: string }).reason, /^invalid JSON: \S/);
    assert.equal((result as { event_id: unknown }).event_id, null);
    assert.deepEqual(parseEventLine('   '), { ok: false, reason: 'invalid JSON: empty line', event_id: null });
    assert.deepEqual(parseEventLine('[]'), { ok: false, reason: 'event: must be a JSON object (got array)', event_id: null });
  });
});

describe('validateEvent: the validated event', () => {
  // The embedded bus shares a validated event between queues without copying it through JSON, as it does any other
  // payload: that is only the same if the event cannot change and reads back from JSON as itself.
  const { events } = generateHistory({ seed: 21, companies: 150, start: Date.UTC(2026, 0, 1), invalidFraction: 0.05 });
  const valid = [...events, ...Object.values(MINIMAL)].map((e) => validateEvent(JSON.parse(JSON.stringify(e))))
    .filter((r): r is Extract<ValidationResult, { ok: true }> => r.ok).map((r) => r.event);

  it('covers every event type', () => {
    assert.deepEqual(new Set(valid.map((e) => e.type)), new Set(TYPES));
  });

  it('is frozen all the way down, and validates again as itself', () => {
    const event = validateEvent({ ...MINIMAL.hit, properties: { plan: { tier: 'pro' } } });
    assert.ok(event.ok);
    assert.throws(() => { (event.event as { ts: unknown }).ts = 0; }, TypeError);
    assert.throws(() => { ((event.event as unknown as { properties: { plan: { tier: string } } }).properties.plan).tier = 'free'; }, TypeError);
    assert.equal((validateEvent(event.event) as { event: TributaryEvent }).event, event.event);
  });

  it('reads back from JSON as itself, and validates from there to the same event', () => {
    for (const event of valid) {
      const back = JSON.parse(JSON.stringify(event)) as unknown;
      assert.deepEqual(back, event);
      assert.deepEqual(validateEvent(back), { ok: true, event });
    }
  });
});
