// Field schemas shared by the event schemas. Each one produces the validated value (trimmed, normalised, absent
// optional values as null) and, on failure, a message that reads well after "<field>: ".
//
// Rules where CONTRACT section 1 is silent:
// - An optional field that is absent, `null`, or a blank string is null.
// - Strings are trimmed, except `event_id` (an idempotency key, kept verbatim) and the event names.
// - Over-long values are rejected, never truncated: a truncated identifier would silently merge two identities.
import { z } from 'zod';
import type { CampaignInput, Consent } from './types.js';
import { describeValue, quote } from './describe.js';
import { MAX_EMAIL_LENGTH, normaliseEmail } from './email.js';
import { parseEventTime } from './time.js';

export const MAX_EVENT_ID_LENGTH = 128;
export const MAX_IDENTIFIER_LENGTH = 256;
export const MAX_URL_LENGTH = 8192;
export const MAX_USER_AGENT_LENGTH = 2048;
export const MAX_TEXT_LENGTH = 512;
export const MAX_COOKIE_LENGTH = 512;
export const MAX_CAMPAIGN_VALUE_LENGTH = 2048;
export const MAX_JSON_DEPTH = 32;
/** Event names become one word of an AMQP routing key: no `.`, `*` or `#`. */
export const EVENT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export const CAMPAIGN_KEYS = [
  'source', 'medium', 'campaign', 'term', 'content',
  'gclid', 'gbraid', 'wbraid', 'fbclid', 'msclkid', 'li_fat_id', 'ttclid',
] as const satisfies readonly (keyof CampaignInput)[];

type Ctx = z.core.ParsePayload<unknown>;

/** Records a problem with the value being transformed; returns z.NEVER so a transform can `return reject(...)`. */
function reject(ctx: Ctx, input: unknown, message: string): never {
  ctx.issues.push({ code: 'custom', message, input });
  return z.NEVER;
}

const mustBe = (expected: string) => (issue: { input?: unknown }): string =>
  issue.input === undefined ? 'required' : `must be ${expected} (got ${describeValue(issue.input)})`;

const tooLong = (max: number, length: number): string => `must be at most ${max} characters (got ${length})`;

// Text PostgreSQL cannot hold as given: NUL (U+0000), and unpaired surrogates (in `u` mode `\p{Cs}` matches only
// those), which have no UTF-8 form and would be altered on the way in — or make a jsonb insert fail. Rejecting them
// here keeps "accepted" meaning "storable".
const UNSTORABLE = /[\0\p{Cs}]/u;
const unstorable = (s: string): string => s.includes('\0')
  ? 'must not contain a NUL character (U+0000)'
  : 'must be valid Unicode text (it contains an unpaired surrogate)';

const string = z.string({ error: mustBe('a string') });
// Any value, including none: the transform decides. `.optional()` matters: without it, zod reports an absent key
// as "expected nonoptional" before the transform can say "required" or give null.
const anything = z.unknown().optional();

/** A required string: trimmed, not blank, at most `max` characters. */
function requiredText(max: number) {
  return string.transform((s, ctx) => {
    const t = s.trim();
    if (t.length === 0) return reject(ctx, s, 'must not be empty');
    if (t.length > max) return reject(ctx, s, tooLong(max, t.length));
    if (UNSTORABLE.test(t)) return reject(ctx, s, unstorable(t));
    return t;
  });
}

/** An optional string: trimmed; absent, null or blank gives null; at most `max` characters. */
function optionalText(max: number) {
  return string.nullish().transform((s, ctx): string | null => {
    if (s === undefined || s === null) return null;
    const t = s.trim();
    if (t.length === 0) return null;
    if (t.length > max) return reject(ctx, s, tooLong(max, t.length));
    if (UNSTORABLE.test(t)) return reject(ctx, s, unstorable(t));
    return t;
  });
}

/** client_id, session_id, company_id, device_id, contact_id, call_id, form_id, referred_by. */
export const identifier = requiredText(MAX_IDENTIFIER_LENGTH);
export const optionalIdentifier = optionalText(MAX_IDENTIFIER_LENGTH);
export const url = requiredText(MAX_URL_LENGTH);
export const optionalUrl = optionalText(MAX_URL_LENGTH);
export const optionalUserAgent = optionalText(MAX_USER_AGENT_LENGTH);
export const optionalText512 = optionalText(MAX_TEXT_LENGTH);

/** Verbatim (an idempotency key compares exactly), 1-128 characters. */
export const eventId = string.check((payload) => {
  const s = payload.value;
  if (s.length === 0 || s.length > MAX_EVENT_ID_LENGTH) {
    payload.issues.push({
      code: 'custom', input: s, message: `must be 1-${MAX_EVENT_ID_LENGTH} characters (got ${s.length})`,
    });
  } else if (UNSTORABLE.test(s)) {
    payload.issues.push({ code: 'custom', input: s, message: unstorable(s) });
  }
});

/** True when `value` would be accepted as an event's `event_id`. */
export function isValidEventId(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= MAX_EVENT_ID_LENGTH &&
    !UNSTORABLE.test(value);
}

/** ISO-8601 with offset, or epoch milliseconds; gives epoch milliseconds. */
export const eventTime = anything.transform((value, ctx): number => {
  const parsed = parseEventTime(value);
  return parsed.ok ? parsed.ms : reject(ctx, value, parsed.problem);
});

const invalidEmail = (s: string): string =>
  s.length > MAX_EMAIL_LENGTH ? tooLong(MAX_EMAIL_LENGTH, s.length) : `${quote(s)} is not a valid email address`;

export const email = string.transform((s, ctx) => {
  const t = s.trim();
  if (t.length === 0) return reject(ctx, s, 'must not be empty');
  return normaliseEmail(t) ?? reject(ctx, s, invalidEmail(t));
});

export const optionalEmail = string.nullish().transform((s, ctx): string | null => {
  if (s === undefined || s === null) return null;
  const t = s.trim();
  if (t.length === 0) return null;
  return normaliseEmail(t) ?? reject(ctx, s, invalidEmail(t));
});

export const eventName = string.regex(EVENT_NAME, {
  error: (issue) =>
    `${quote(String(issue.input))} must be 1-64 letters, digits, "_" or "-" (it becomes a word of the topic)`,
});

/** A hit's name: as eventName, except `identify`, whose topic `event_hit.identify` belongs to identify events. */
export const hitName = eventName.refine((name) => name !== 'identify', {
  error: '"identify" is reserved: its topic, event_hit.identify, carries identify events',
});

export const site = z.enum(['app', 'marketing'], {
  error: (issue) => {
    if (issue.input === undefined) return 'required';
    const got = typeof issue.input === 'string' ? quote(issue.input) : describeValue(issue.input);
    return `must be "app" or "marketing" (got ${got})`;
  },
});

const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

function isIPv6(s: string): boolean {
  if (s.length < 2 || s.length > 45) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  let groups = 0;
  for (let h = 0; h < halves.length; h++) {
    const half = halves[h]!;
    if (half === '') continue;
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const isLast = h === halves.length - 1 && i === parts.length - 1;
      if (isLast && part.includes('.')) {
        if (!IPV4.test(part)) return false; // an embedded IPv4 (::ffff:1.2.3.4) counts as two groups
        groups += 2;
      } else if (HEX_GROUP.test(part)) {
        groups += 1;
      } else {
        return false;
      }
    }
  }
  return halves.length === 2 ? groups <= 7 : groups === 8;
}

/** An IPv4 or IPv6 address (no zone ID); absent, null or blank gives null. */
export const optionalIp = string.nullish().transform((s, ctx): string | null => {
  if (s === undefined || s === null) return null;
  const t = s.trim();
  if (t.length === 0) return null;
  return IPV4.test(t) || isIPv6(t) ? t : reject(ctx, s, `${quote(t)} is not an IPv4 or IPv6 address`);
});

/** Company domain: trimmed and lower-cased (host names are case-insensitive). */
export const optionalDomain = optionalText(253).transform((s) => (s === null ? null : s.toLowerCase()));

export const durationSeconds = anything.transform((value, ctx): number | null => {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number') return reject(ctx, value, `must be a number of seconds (got ${describeValue(value)})`);
  if (!Number.isFinite(value) || value < 0) return reject(ctx, value, `must be a non-negative number (got ${value})`);
  return value;
});

/** A calendar day, YYYY-MM-DD, that exists (2026-02-30 does not). */
export const calendarDate = string.transform((s, ctx): string => {
  const t = s.trim();
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(t) ? Date.parse(`${t}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== t) return reject(ctx, s, `must be a date YYYY-MM-DD (got ${quote(s)})`);
  return t;
});

/** Campaign source and medium as touchpoints have them: trimmed and lower-cased (CONTRACT section 2). */
export const campaignKey = requiredText(MAX_CAMPAIGN_VALUE_LENGTH).transform((s) => s.toLowerCase());
export const optionalCampaignName = optionalText(MAX_CAMPAIGN_VALUE_LENGTH);

/** Money: a finite amount, not negative (a refund is a corrected, lower figure for the day, not a negative one). */
export const cost = anything.transform((value, ctx): number => {
  if (value === undefined) return reject(ctx, value, 'required');
  if (typeof value !== 'number') return reject(ctx, value, `must be a number (got ${describeValue(value)})`);
  if (!Number.isFinite(value) || value < 0 || value > 1e12) return reject(ctx, value, `must be a non-negative amount below 10^12 (got ${value})`);
  return value;
});

/** ISO 4217 code, any case in, upper case out. */
export const currency = string.transform((s, ctx): string => {
  const t = s.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(t) ? t : reject(ctx, s, `must be an ISO 4217 currency code like USD (got ${quote(s)})`);
});

const boolean = z.boolean({ error: mustBe('a boolean') });

export const optionalConsent = z
  .object({ analytics: boolean, ads: boolean }, { error: mustBe('an object {analytics, ads}') })
  .nullish()
  .transform((c): Consent | null => c ?? null);

const cookie = optionalText(MAX_COOKIE_LENGTH);
export const optionalCookies = z
  .object({ _fbp: cookie, _fbc: cookie }, { error: mustBe('an object {_fbp, _fbc}') })
  .nullish()
  .transform((c): { _fbp: string | null; _fbc: string | null } | null => c ?? null);

const campaignValue = string.max(MAX_CAMPAIGN_VALUE_LENGTH, {
  error: (issue) => tooLong(MAX_CAMPAIGN_VALUE_LENGTH, String(issue.input).length),
}).check((payload) => {
  if (UNSTORABLE.test(payload.value)) {
    payload.issues.push({ code: 'custom', input: payload.value, message: unstorable(payload.value) });
  }
}).nullish();
const campaignShape = Object.fromEntries(CAMPAIGN_KEYS.map((key) => [key, campaignValue])) as
  Record<(typeof CAMPAIGN_KEYS)[number], typeof campaignValue>;

/** Only CampaignInput's keys; values trimmed, blank ones dropped; null when nothing is left. */
export const optionalCampaign = z
  .object(campaignShape, { error: mustBe('an object') })
  .nullish()
  .transform((c): CampaignInput | null => {
    if (c === undefined || c === null) return null;
    const out: CampaignInput = {};
    let any = false;
    for (const key of CAMPAIGN_KEYS) {
      const t = c[key]?.trim();
      if (t) { out[key] = t; any = true; }
    }
    return any ? out : null;
  });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Where `value` stops being plain JSON, or null when it is plain JSON all the way down. */
function jsonProblem(value: unknown, depth: number): { path: PropertyKey[]; message: string } | null {
  switch (typeof value) {
    case 'string': return UNSTORABLE.test(value) ? { path: [], message: unstorable(value) } : null;
    case 'boolean': return null;
    case 'number': return Number.isFinite(value) ? null : { path: [], message: `must be a finite number (got ${value})` };
    case 'object': break;
    default: return { path: [], message: `must be a JSON value (got ${typeof value})` };
  }
  if (value === null) return null;
  if (depth >= MAX_JSON_DEPTH) return { path: [], message: `is nested more than ${MAX_JSON_DEPTH} levels deep` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = jsonProblem(value[i], depth + 1);
      if (problem) return { path: [i, ...problem.path], message: problem.message };
    }
    return null;
  }
  if (!isPlainObject(value)) return { path: [], message: 'must be a plain JSON object' };
  for (const key of Object.keys(value)) {
    if (UNSTORABLE.test(key)) return { path: [key], message: `key ${unstorable(key)}` };
    const problem = jsonProblem(value[key], depth + 1);
    if (problem) return { path: [key, ...problem.path], message: problem.message };
  }
  return null;
}

/**
 * `properties` / `fields`: a plain JSON object, kept as received (same reference: no copy, so keys such as
 * `__proto__` stay ordinary data and never touch a prototype).
 */
export const optionalJsonObject = anything.transform((value, ctx): Record<string, unknown> | null => {
  if (value === undefined || value === null) return null;
  if (!isPlainObject(value)) return reject(ctx, value, `must be a JSON object (got ${describeValue(value)})`);
  const problem = jsonProblem(value, 1);
  if (problem) {
    ctx.issues.push({ code: 'custom', message: problem.message, input: value, path: problem.path });
    return z.NEVER;
  }
  return value;
});
