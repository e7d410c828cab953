import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_EVENT_TIME, MIN_EVENT_TIME, parseEventTime } from '../../../src/core/events/time.js';
import { validateEvent } from '../../../src/core/events/validate.js';

const ms = (value: unknown): number => {
  const parsed = parseEventTime(value);
  if (!parsed.ok) assert.fail(`expected ${JSON.stringify(value)} to be accepted, got "${parsed.problem}"`);
  return parsed.ms;
};
const problem = (value: unknown): string => {
  const parsed = parseEventTime(value);
  if (parsed.ok) assert.fail(`expected ${JSON.stringify(value)} to be rejected, got ${parsed.ms}`);
  return parsed.problem;
};

const AT_10 = Date.UTC(2026, 2, 1, 10);

describe('ts: ISO-8601 strings with an offset', () => {
  it('accepts Z and numeric offsets in every ISO form', () => {
    assert.equal(ms('2026-03-01T10:00:00Z'), AT_10);
    assert.equal(ms('2026-03-01T10:00:00z'), AT_10);
    assert.equal(ms('2026-03-01t10:00:00Z'), AT_10);
    assert.equal(ms('2026-03-01 10:00:00Z'), AT_10);
    assert.equal(ms('2026-03-01T10:00Z'), AT_10);
    assert.equal(ms('2026-03-01T12:00:00+02:00'), AT_10);
    assert.equal(ms('2026-03-01T12:00:00+0200'), AT_10);
    assert.equal(ms('2026-03-01T12:00:00+02'), AT_10);
    assert.equal(ms('2026-03-01T04:30:00-05:30'), AT_10);
    assert.equal(ms('2026-03-01T10:00:00-00:00'), AT_10);
    assert.equal(ms('2026-03-01T10:00:00+00:00'), AT_10);
  });

  it('crosses day, month and year boundaries through the offset', () => {
    assert.equal(ms('2026-03-01T01:00:00+02:00'), Date.UTC(2026, 1, 28, 23));
    assert.equal(ms('2025-12-31T23:30:00-01:00'), Date.UTC(2026, 0, 1, 0, 30));
  });

  it('keeps milliseconds; finer fractions are truncated', () => {
    assert.equal(ms('2026-03-01T10:00:00.5Z'), AT_10 + 500);
    assert.equal(ms('2026-03-01T10:00:00.123Z'), AT_10 + 123);
    assert.equal(ms('2026-03-01T10:00:00,123Z'), AT_10 + 123);
    assert.equal(ms('2026-03-01T10:00:00.123999Z'), AT_10 + 123);
    assert.equal(ms('2026-03-01T10:00:59.999999999Z'), AT_10 + 59_999);
  });

  it('agrees with Date.parse on the forms both read', () => {
    const date = fc.date({ min: new Date(MIN_EVENT_TIME), max: new Date(MAX_EVENT_TIME), noInvalidDate: true });
    fc.assert(fc.property(date, fc.integer({ min: -14 * 60, max: 14 * 60 }), (d, offsetMinutes) => {
      const local = new Date(d.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
      const sign = offsetMinutes < 0 ? '-' : '+';
      const abs = Math.abs(offsetMinutes);
      const iso = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      const parsed = parseEventTime(iso);
      assert.ok(parsed.ok, iso);
      assert.equal(parsed.ms, d.getTime(), iso);
      assert.equal(parsed.ms, Date.parse(iso), iso);
    }), { numRuns: 1000 });
  });

  it('accepts leap days of leap years only', () => {
    assert.equal(ms('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29));
    assert.equal(ms('2000-02-29T00:00:00Z'), Date.UTC(2000, 1, 29));
    assert.equal(problem('2026-02-29T00:00:00Z'), '"2026-02-29T00:00:00Z" is not a valid date and time');
    assert.equal(problem('2100-02-29T00:00:00Z'), '"2100-02-29T00:00:00Z" is not a valid date and time');
  });

  it('rejects impossible dates and times', () => {
    for (const s of ['2026-02-30T10:00:00Z', '2026-04-31T10:00:00Z', '2026-13-01T10:00:00Z', '2026-00-10T10:00:00Z',
      '2026-03-00T10:00:00Z', '2026-03-01T24:00:00Z', '2026-03-01T10:60:00Z', '2026-03-01T10:00:60Z',
      '2026-03-01T10:00:00+24:00', '2026-03-01T10:00:00+02:60']) {
      assert.equal(problem(s), `${JSON.stringify(s)} is not a valid date and time`);
    }
  });

  it('rejects times without an offset, saying so', () => {
    assert.equal(problem('2026-03-01T10:00:00'), '"2026-03-01T10:00:00" has no UTC offset; add "Z" or "+hh:mm"');
    assert.equal(problem('2026-03-01T10:00:00.123'), '"2026-03-01T10:00:00.123" has no UTC offset; add "Z" or "+hh:mm"');
    assert.equal(problem('2026-03-01 10:00'), '"2026-03-01 10:00" has no UTC offset; add "Z" or "+hh:mm"');
    assert.equal(problem('2026-03-01'), '"2026-03-01" has no UTC offset; add "Z" or "+hh:mm"');
  });

  it('rejects other strings as not ISO-8601 with offset', () => {
    for (const s of ['', 'yesterday', 'Sun, 01 Mar 2026 10:00:00 GMT', '2026-W09-1T10:00:00Z', '20260301T100000Z',
      '2026-03-01T10:00:00+2:00', '2026-3-1T10:00:00Z', '1772359200000', '2026-03-01T10:00:00Z ', ' 2026-03-01T10:00:00Z',
      '2026-03-01T10:00:00 UTC', '+002026-03-01T10:00:00Z', '2026-03-01T10:00:00.Z']) {
      assert.equal(problem(s), `must be an ISO-8601 time with offset or epoch milliseconds (got ${JSON.stringify(s)})`);
    }
    assert.equal(problem('9'.repeat(100_000)),
      'must be an ISO-8601 time with offset or epoch milliseconds (got a 100000-character string)');
  });
});

describe('ts: epoch milliseconds', () => {
  it('accepts whole milliseconds from 2000 through 2100', () => {
    assert.equal(ms(AT_10), AT_10);
    assert.equal(ms(MIN_EVENT_TIME), Date.parse('2000-01-01T00:00:00Z'));
    assert.equal(ms(MAX_EVENT_TIME), Date.parse('2100-12-31T23:59:59.999Z'));
  });

  it('rejects times outside 2000..2100, in both forms', () => {
    const range = 'outside the accepted range 2000-01-01T00:00:00Z..2100-12-31T23:59:59.999Z';
    assert.equal(problem(MIN_EVENT_TIME - 1), `${MIN_EVENT_TIME - 1} is ${range}`);
    assert.equal(problem(MAX_EVENT_TIME + 1), `${MAX_EVENT_TIME + 1} is ${range}`);
    assert.equal(problem(0), `0 is ${range}`);
    assert.equal(problem('1999-12-31T23:59:59.999Z'), `"1999-12-31T23:59:59.999Z" is ${range}`);
    assert.equal(problem('2000-01-01T00:30:00+01:00'), `"2000-01-01T00:30:00+01:00" is ${range}`);
    assert.equal(problem('2101-01-01T00:00:00Z'), `"2101-01-01T00:00:00Z" is ${range}`);
    assert.equal(problem('0099-01-01T00:00:00Z'), `"0099-01-01T00:00:00Z" is ${range}`);
  });

  it('names epoch seconds as the likely mistake', () => {
    assert.match(problem(1772359200), /this looks like seconds/);
  });

  it('rejects fractions, negatives, NaN and infinities', () => {
    assert.equal(problem(AT_10 + 0.5), `${AT_10 + 0.5} is not whole epoch milliseconds`);
    assert.match(problem(-AT_10), /is outside the accepted range/);
    assert.equal(problem(NaN), 'must be an ISO-8601 time with offset or epoch milliseconds (got NaN)');
    assert.equal(problem(Infinity), 'must be an ISO-8601 time with offset or epoch milliseconds (got Infinity)');
  });

  it('rejects other types', () => {
    assert.equal(problem(undefined), 'required');
    for (const [value, got] of [[null, 'null'], [true, 'boolean'], [{}, 'object'], [[AT_10], 'array'], [10n, 'bigint']] as const) {
      assert.equal(problem(value), `must be an ISO-8601 time with offset or epoch milliseconds (got ${got})`);
    }
  });
});

describe('ts in an event', () => {
  const hit = { type: 'hit', event_id: 'e', client_id: 'c', session_id: 's', name: 'page_view' };

  it('becomes epoch milliseconds', () => {
    const result = validateEvent({ ...hit, ts: '2026-03-01T11:00:00+01:00' });
    assert.ok(result.ok);
    assert.equal(result.event.ts, AT_10);
  });

  it('a rejection names ts', () => {
    assert.deepEqual(validateEvent({ ...hit, ts: '2026-03-01T10:00:00' }), {
      ok: false, event_id: 'e', reason: 'ts: "2026-03-01T10:00:00" has no UTC offset; add "Z" or "+hh:mm"',
    });
    assert.deepEqual(validateEvent({ ...hit, ts: false }), {
      ok: false, event_id: 'e', reason: 'ts: must be an ISO-8601 time with offset or epoch milliseconds (got boolean)',
    });
    assert.deepEqual(validateEvent(hit), { ok: false, event_id: 'e', reason: 'ts: required' });
  });
});
