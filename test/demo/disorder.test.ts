import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { generateHistory, type RawEvent } from '../../src/demo/generate-history.js';
import { orderByTime } from '../../src/demo/arrival-order.js';
import { validateEvent } from '../../src/core/events/validate.js';

const START = Date.UTC(2026, 2, 1);

function timeOf(event: RawEvent): number {
  return typeof event.ts === 'number' ? event.ts : Date.parse(event.ts);
}

/** Events that arrive after an event with a later ts (duplicates and invalid events aside). */
function lateArrivals(events: RawEvent[]): number {
  const seen = new Set<string>();
  let latest = -Infinity;
  let late = 0;
  for (const e of events) {
    const t = timeOf(e);
    const repeat = seen.has(e.event_id);
    seen.add(e.event_id);
    if (Number.isNaN(t) || !validateEvent(e).ok) continue;
    if (!repeat && t < latest) late++;
    latest = Math.max(latest, t);
  }
  return late;
}

describe('arrival order', () => {
  it('is time order when nothing is late or duplicated', () => {
    const { events, stats } = generateHistory({ seed: 3, companies: 150, start: START, lateFraction: 0, duplicateFraction: 0 });
    for (let i = 1; i < events.length; i++) assert.ok(timeOf(events[i - 1]!) <= timeOf(events[i]!), `at ${i}`);
    assert.equal(stats.late, 0);
    assert.equal(stats.duplicates, 0);
    // IDs follow time order too.
    assert.deepEqual(events.map((e) => e.event_id), events.map((_, i) => `ev_3_${i + 1}`));
  });

  it('moves the late fraction after events that happened later, as counted in the stats', () => {
    const { events, stats } = generateHistory({ seed: 3, companies: 300, start: START, lateFraction: 0.05 });
    const base = events.length - stats.duplicates;
    assert.equal(lateArrivals(events), stats.late);
    assert.ok(Math.abs(stats.late - 0.05 * base) <= 0.01 * base, `late ${stats.late} of ${base}`);
  });

  it('repeats the duplicate fraction with the same event_id and content, after the original', () => {
    for (const fraction of [0.01, 0.05]) {
      const { events, stats } = generateHistory({ seed: 4, companies: 250, start: START, duplicateFraction: fraction });
      const first = new Map<string, number>();
      let repeats = 0;
      events.forEach((e, i) => {
        const at = first.get(e.event_id);
        if (at === undefined) {
          first.set(e.event_id, i);
          return;
        }
        repeats++;
        assert.ok(at < i);
        assert.deepEqual(e, events[at]);
        assert.notEqual(e, events[at], 'a copy, not the same object');
      });
      assert.equal(repeats, stats.duplicates);
      assert.equal(repeats, Math.round(fraction * first.size), `fraction ${fraction}`);
    }
  });

  it('adds invalid events that the validator rejects, and only those', () => {
    const { events, stats } = generateHistory({ seed: 5, companies: 250, start: START, invalidFraction: 0.04 });
    const rejected = events.filter((e) => !validateEvent(e).ok);
    assert.equal(rejected.length, stats.invalid);
    const valid = events.length - stats.invalid - stats.duplicates;
    assert.equal(stats.invalid, Math.round(0.04 * valid));
    for (const kind of ['bad_email', 'missing_company_id', 'unknown_type', 'bad_ts'] as const) {
      assert.ok(stats.invalidByBreakage[kind] > 0, kind);
    }
    const reasons = rejected.map((e) => {
      const result = validateEvent(e);
      return result.ok ? '' : result.reason;
    });
    assert.ok(reasons.some((r) => r.startsWith('email:')));
    assert.ok(reasons.some((r) => r.startsWith('company_id:')));
    assert.ok(reasons.some((r) => r.startsWith('type:')));
    assert.ok(reasons.some((r) => r.startsWith('ts:')));
    // Invalid events have their own IDs: they never collide with a valid one.
    const validIds = new Set(events.filter((e) => validateEvent(e).ok).map((e) => e.event_id));
    assert.ok(rejected.every((e) => !validIds.has(e.event_id)));
  });
});

describe('orderByTime', () => {
  it('sorts by time, ties in index order', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -5, max: 40 }), { maxLength: 300 }), (times) => {
      const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.i);
      assert.deepEqual([...orderByTime(times)], expected);
    }));
  });

  it('sorts a large spread of times', () => {
    const times = Array.from({ length: 200_000 }, (_, i) => ((i * 2_654_435_761) % 7_776_000_000) + 1.7e12);
    const order = orderByTime(times);
    assert.equal(order.length, times.length);
    for (let k = 1; k < order.length; k++) assert.ok(times[order[k - 1]!]! <= times[order[k]!]!);
  });
});
