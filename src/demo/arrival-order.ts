// From a set of events to the stream a collector receives: event IDs in time order, then the disorder of real
// traffic. Late events (a phone that was offline, a nightly CRM export) arrive after events that happened later;
// duplicates (an SDK retry, a replayed webhook) repeat an event_id a little after the original; invalid events are
// broken copies with their own event_id. All of it from its own random streams, so the history itself (and every
// event_id) is the same whatever the fractions asked.
import { breakEvent, canBreak, chooseBreakage, type Breakage } from './breakage.js';
import { flat, type EventLog, type RawEvent } from './event-log.js';
import { Random, mixSeed } from './random.js';
import { DAY, HOUR, MINUTE, SECOND } from './visits.js';

export interface DisorderOptions {
  /** Share of the history's events that arrive late. */
  lateFraction: number;
  /** Share of the history's events sent a second time. */
  duplicateFraction: number;
  /** Invalid events added, as a share of the history's events. */
  invalidFraction: number;
}

export interface Arrivals {
  events: RawEvent[];
  duplicates: number;
  invalid: number;
  invalidByBreakage: Record<Breakage, number>;
  /** Events that arrive after at least one event with a later `ts`. */
  late: number;
}

/**
 * Indices of `times` in ascending time order, ties in index order. A bucket sort (about one event per bucket, then
 * insertion sort inside each): linear in practice, where a comparison sort of millions of indices takes seconds.
 */
export function orderByTime(times: ArrayLike<number>): Uint32Array {
  const n = times.length;
  const order = new Uint32Array(n);
  if (n === 0) return order;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = times[i] as number;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const buckets = n;
  const scale = max > min ? buckets / (max - min) : 0;
  const bucketOf = new Uint32Array(n);
  const starts = new Uint32Array(buckets + 1);
  for (let i = 0; i < n; i++) {
    const b = Math.min(buckets - 1, Math.floor(((times[i] as number) - min) * scale));
    bucketOf[i] = b;
    starts[b + 1]!++;
  }
  for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
  const next = starts.slice(0, buckets);
  for (let i = 0; i < n; i++) order[next[bucketOf[i]!]!++] = i;
  for (let b = 0; b < buckets; b++) {
    for (let k = starts[b]! + 1; k < starts[b + 1]!; k++) {
      const item = order[k]!;
      const t = times[item] as number;
      let j = k - 1;
      while (j >= starts[b]! && (times[order[j]!] as number) > t) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = item;
    }
  }
  return order;
}

/** Picks `count` distinct indices below `n`. */
function sample(rng: Random, n: number, count: number): Uint8Array {
  const chosen = new Uint8Array(n);
  const target = Math.min(n, count);
  if (target * 2 > n) {
    // Dense: choose each index with the right odds instead of rejection sampling.
    let left = target;
    for (let i = 0; i < n && left > 0; i++) {
      if (rng.next() * (n - i) < left) {
        chosen[i] = 1;
        left--;
      }
    }
    return chosen;
  }
  for (let picked = 0; picked < target;) {
    const i = rng.int(0, n - 1);
    if (chosen[i] === 0) {
      chosen[i] = 1;
      picked++;
    }
  }
  return chosen;
}

function lateDelay(rng: Random): number {
  const x = rng.next();
  if (x < 0.5) return rng.between(HOUR, 6 * HOUR); // a phone back online, a retried webhook batch
  if (x < 0.85) return rng.between(6 * HOUR, 2 * DAY); // a nightly export
  return rng.between(2 * DAY, 7 * DAY); // a backfill
}

function duplicateDelay(rng: Random): number {
  return rng.chance(0.7) ? rng.between(SECOND, 10 * MINUTE) : rng.between(10 * MINUTE, DAY);
}

interface Extra { event: RawEvent; time: number; key: number; late: boolean }

/** Gives every event of `log` its event_id, then produces the stream as it arrives. */
export function arrive(log: EventLog, seed: number, options: DisorderOptions): Arrivals {
  const { events, times } = log;
  const n = events.length;
  const order = orderByTime(times);
  for (let k = 0; k < n; k++) events[order[k]!]!.event_id = flat('ev_', seed, '_', k + 1);

  const extras: Extra[] = [];
  const lateRng = new Random(mixSeed(seed, 0x1a7e));
  const late = sample(lateRng, n, Math.round(options.lateFraction * n));
  const lateArrival = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (late[i] === 1) {
      const t = times[i]!;
      const key = t + lateDelay(lateRng);
      lateArrival.set(i, key);
      extras.push({ event: events[i]!, time: t, key, late: true });
    }
  }

  const duplicateRng = new Random(mixSeed(seed, 0xd0b1e));
  const repeated = sample(duplicateRng, n, Math.round(options.duplicateFraction * n));
  let duplicates = 0;
  for (let i = 0; i < n; i++) {
    if (repeated[i] !== 1) continue;
    const t = times[i]!;
    const sentAt = lateArrival.get(i) ?? t;
    extras.push({ event: { ...events[i]! }, time: t, key: sentAt + duplicateDelay(duplicateRng), late: false });
    duplicates++;
  }

  const invalidRng = new Random(mixSeed(seed, 0xbad));
  const invalidCount = Math.round(options.invalidFraction * n);
  const invalidByBreakage: Record<Breakage, number> = {
    bad_email: 0, missing_company_id: 0, unknown_type: 0, bad_ts: 0,
  };
  for (let k = 0; k < invalidCount && n > 0; k++) {
    let breakage = chooseBreakage(invalidRng);
    let template = invalidRng.int(0, n - 1);
    // Events with an email or a company_id are common enough to be found in a few draws.
    for (let tries = 0; !canBreak(events[template]!, breakage); tries++) {
      if (tries === 200) breakage = 'unknown_type';
      template = invalidRng.int(0, n - 1);
    }
    const t = times[template]!;
    const event = breakEvent(invalidRng, events[template]!, t, breakage);
    event.event_id = flat('ev_', seed, '_', n + k + 1);
    invalidByBreakage[breakage]++;
    extras.push({ event, time: t, key: t, late: false });
  }

  extras.sort((a, b) => a.key - b.key);
  return merge(events, times, order, late, extras, duplicates, invalidCount, invalidByBreakage);
}

/** The on-time events (already in order) and the extras, by arrival; counts the events that really came late. */
function merge(
  events: RawEvent[], times: number[], order: Uint32Array, lateFlags: Uint8Array, extras: Extra[],
  duplicates: number, invalid: number, invalidByBreakage: Record<Breakage, number>,
): Arrivals {
  const out: RawEvent[] = [];
  let latestTime = -Infinity;
  let late = 0;
  let e = 0;
  for (let k = 0; k <= order.length; k++) {
    const index = k < order.length ? order[k]! : -1;
    if (index >= 0 && lateFlags[index] === 1) continue;
    const t = index >= 0 ? times[index]! : Infinity;
    // Extras whose arrival comes before this on-time event (an on-time event wins a tie).
    while (e < extras.length && extras[e]!.key < t) {
      const extra = extras[e++]!;
      if (extra.late && extra.time < latestTime) late++;
      latestTime = Math.max(latestTime, extra.time);
      out.push(extra.event);
    }
    if (index < 0) break;
    latestTime = Math.max(latestTime, t);
    out.push(events[index]!);
  }
  return { events: out, duplicates, invalid, invalidByBreakage, late };
}
