// Event time (`ts`, CONTRACT section 1): an ISO-8601 string WITH a UTC offset, or epoch milliseconds.
// A time without an offset is rejected because its meaning depends on a time zone nobody told us.
import type { Millis } from '../types.js';
import { describeValue, quote } from './describe.js';

/** Earliest accepted event time: 2000-01-01T00:00:00.000Z. */
export const MIN_EVENT_TIME: Millis = Date.UTC(2000, 0, 1);
/** Latest accepted event time: 2100-12-31T23:59:59.999Z. */
export const MAX_EVENT_TIME: Millis = Date.UTC(2101, 0, 1) - 1;

export type EventTimeResult = { ok: true; ms: Millis } | { ok: false; problem: string };

const EXPECTED = 'must be an ISO-8601 time with offset or epoch milliseconds';
const RANGE = 'outside the accepted range 2000-01-01T00:00:00Z..2100-12-31T23:59:59.999Z';

// Extended format only: date, `T` (or `t` / a space, as RFC 3339 allows), hh:mm[:ss[.fraction]], then `Z` or an
// offset `±hh`, `±hhmm` or `±hh:mm`. Every part is fixed-width or a single `\d+`, so matching is linear.
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)$/;
// The same without the offset, only to explain the rejection better.
const ISO_WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?$/;
const MAX_TS_STRING = 40;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number): number => (m === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[m - 1]!);

function fail(problem: string): EventTimeResult {
  return { ok: false, problem };
}

function inRange(ms: number, shown: string): EventTimeResult {
  if (ms < MIN_EVENT_TIME || ms > MAX_EVENT_TIME) return fail(`${shown} is ${RANGE}`);
  return { ok: true, ms };
}

function fromNumber(n: number): EventTimeResult {
  if (!Number.isFinite(n)) return fail(`${EXPECTED} (got ${String(n)})`);
  if (!Number.isInteger(n)) return fail(`${n} is not whole epoch milliseconds`);
  if (n < MIN_EVENT_TIME && n >= Date.UTC(2000, 0, 1) / 1000 && n <= MAX_EVENT_TIME / 1000) {
    // The classic mistake, worth naming: epoch seconds where milliseconds were expected.
    return fail(`${n} is ${RANGE} (epoch milliseconds expected; this looks like seconds)`);
  }
  return inRange(n, String(n));
}

function fromString(s: string): EventTimeResult {
  if (s.length > MAX_TS_STRING) return fail(`${EXPECTED} (got a ${s.length}-character string)`);
  const m = ISO_WITH_OFFSET.exec(s);
  if (m === null) {
    if (ISO_WITHOUT_OFFSET.test(s)) return fail(`${quote(s)} has no UTC offset; add "Z" or "+hh:mm"`);
    return fail(`${EXPECTED} (got ${quote(s)})`);
  }
  const [, y, mo, d, h, mi, sec, frac, sign, oh, om] = m;
  const year = Number(y), month = Number(mo), day = Number(d);
  const hour = Number(h), minute = Number(mi), second = sec === undefined ? 0 : Number(sec);
  const offH = oh === undefined ? 0 : Number(oh), offM = om === undefined ? 0 : Number(om);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59 ||
      offH > 23 || offM > 59) {
    return fail(`${quote(s)} is not a valid date and time`);
  }
  // Fractions finer than a millisecond are truncated, not rounded, so a time never moves into the next second.
  const millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  const offset = (sign === '-' ? -1 : 1) * (offH * 60 + offM) * 60_000;
  // Date.UTC maps years 0..99 to 1900..1999; such years are out of range anyway, and the check below rejects them.
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset;
  return inRange(ms, quote(s));
}

/** Reads `ts` as given by a producer; never throws. */
export function parseEventTime(value: unknown): EventTimeResult {
  if (typeof value === 'number') return fromNumber(value);
  if (typeof value === 'string') return fromString(value);
  if (value === undefined) return fail('required');
  return fail(`${EXPECTED} (got ${describeValue(value)})`);
}
