// Generators of good and bad events for the fuzz suites of the collector and `ingest`. A good event is valid however
// odd its text (RTL overrides, 4-byte emoji, `__proto__` keys inside properties); a bad one breaks exactly one rule
// the validator must catch (a wrong type in one field, an unknown type, a lone surrogate, NUL, depth, length).
import fc from 'fast-check';

const T0 = Date.UTC(2026, 2, 1);
let serial = 0;
/** Unique across runs and processes of one suite: a repeat must come from the test, never from the generator. */
export const freshId = (prefix: string) => `${prefix}-${process.pid}-${++serial}`;

/** Text a real page can carry: every plane, RTL/LTR overrides, zero-width joiners, combining marks; no NUL. */
const oddText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('\u202Eevil\u202C', '\u{1F600}\u{1F469}\u200D\u{1F4BB}', 'e\u0301\u0301\u0301', '\uFEFFbom', '\u2066rtl\u2069', 'ﷺ', '𝕿𝖗𝖎𝖇'),
).filter((s) => !s.includes('\0') && s.trim().length > 0);

const utm = (name: string) => fc.option(oddText.map((v) => `${name}=${encodeURIComponent(v)}`), { nil: undefined });

const pageUrl = fc.tuple(utm('utm_source'), utm('utm_medium'), utm('utm_campaign'), fc.option(fc.stringMatching(/^[0-9a-f]{1,30}$/), { nil: undefined }))
  .map(([s, m, c, gclid]) => `https://www.acme.com/landing?${[s, m, c, gclid && `gclid=${gclid}`].filter(Boolean).join('&')}`);

const properties = fc.dictionary(fc.oneof(oddText, fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString')),
  fc.oneof(oddText, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)), { maxKeys: 5 });

const ts = fc.oneof(fc.integer({ min: 0, max: 30 * 86_400_000 }).map((d) => T0 + d), fc.integer({ min: 0, max: 86_400_000 }).map((d) => new Date(T0 + d).toISOString()));

export type Event = Record<string, unknown>;

export const goodEvent: fc.Arbitrary<Event> = fc.oneof(
  fc.record({ ts, client_id: oddText, session_id: oddText, page_url: pageUrl, referrer: fc.constantFrom(undefined, null, 'https://www.google.com/'), user_agent: fc.option(oddText, { nil: undefined }) })
    .map((e) => ({ type: 'session', ...e })),
  fc.record({ ts, client_id: oddText, session_id: oddText, name: fc.stringMatching(/^[a-z_]{1,20}$/).filter((n) => n !== 'identify'), properties })
    .map((e) => ({ type: 'hit', ...e })),
  fc.record({ ts, client_id: oddText, email: fc.emailAddress() }).map((e) => ({ type: 'identify', ...e })),
  fc.record({ ts, company_id: oddText, name: fc.option(oddText, { nil: undefined }), email: fc.emailAddress() }).map((e) => ({ type: 'company_created', ...e })),
  fc.record({ ts, device_id: oddText, name: fc.stringMatching(/^[a-z]{1,10}$/), campaign: fc.record({ source: oddText, campaign: oddText }) }).map((e) => ({ type: 'mobile_event', ...e })),
).map((e) => ({ ...e, event_id: freshId('good') }));

/** Values no field of any event type accepts for the field they replace (checked per field below). */
const deep = (depth: number): unknown => { let v: unknown = 1; for (let i = 0; i < depth; i++) v = [v]; return v; };
const wrongValue = fc.oneof(
  fc.constantFrom<unknown>(true, [], [1, 2], {}, { a: 1 }, 1e400 * 0 /* NaN is null in JSON */, 'x\u0000y', '\ud800lone', '\udfffback', 'y'.repeat(10_000)),
  fc.constant(deep(1_000)),
);

const REQUIRED: Record<string, string[]> = {
  session: ['client_id', 'session_id', 'page_url'], hit: ['client_id', 'session_id', 'name'], identify: ['client_id', 'email'],
  company_created: ['company_id'], mobile_event: ['device_id', 'name'],
};

export const badEvent: fc.Arbitrary<Event | unknown> = fc.oneof(
  // a required field of the type given a value of the wrong kind, or removed
  fc.tuple(goodEvent, fc.nat(), wrongValue, fc.boolean()).map(([e, i, value, remove]) => {
    const fields = REQUIRED[e.type as string]!;
    const field = fields[i % fields.length]!;
    const bad: Event = { ...e };
    if (remove) delete bad[field]; else bad[field] = value;
    return bad;
  }),
  fc.tuple(goodEvent, fc.constantFrom<unknown>(true, { t: 1 }, -1, 'yesterday', '2026-13-45T00:00:00Z', 1e300, '')).map(([e, t]) => ({ ...e, ts: t })),
  fc.tuple(goodEvent, fc.constantFrom<unknown>('pageview', 'SESSION', '', 7, null, '__proto__', 'constructor')).map(([e, type]) => ({ ...e, type })),
  fc.tuple(goodEvent, fc.constantFrom<unknown>('', 'z'.repeat(129), 42, null, 'id\u0000', '\udbff')).map(([e, id]) => ({ ...e, event_id: id })),
  fc.constantFrom<unknown>(null, 0, 'session', [], [{ type: 'session' }], deep(1_000)),
);
