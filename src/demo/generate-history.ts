// A deterministic, believable marketing history for `tributary demo` and the benchmark: companies converting after
// journeys across every channel, people on several browsers and phones, and the mess of real traffic (late,
// duplicated and invalid events). Pure: no I/O, no clock (the start is given), no Math.random; the same options give
// the same events, byte for byte.
import { addAdSpend } from './ad-spend.js';
import { arrive } from './arrival-order.js';
import type { Breakage } from './breakage.js';
import { simulateCompany, type ConversionRoute } from './company-journey.js';
import { EventLog, type RawEvent } from './event-log.js';
import { Registry } from './people.js';
import { Random, mixSeed } from './random.js';
import { Counters, DAY } from './visits.js';

export type { RawEvent, RawTs } from './event-log.js';

export interface GenerateHistoryOptions {
  seed: number;
  companies: number;
  /** Start of the history, epoch milliseconds. */
  start: number;
  /** Length of the history. Default 90. */
  days?: number;
  /** Share of events that arrive after events that happened later. Default 0.02. */
  lateFraction?: number;
  /** Share of events sent twice, with the same event_id. Default 0.01. */
  duplicateFraction?: number;
  /** Invalid events added, as a share of the valid ones. Default 0. */
  invalidFraction?: number;
}

export const EVENT_TYPES = [
  'session', 'hit', 'identify', 'form_submission', 'contact_created', 'company_created', 'signup', 'mobile_event',
  'mobile_signup', 'call', 'ad_spend',
] as const;
export type RawEventType = (typeof EVENT_TYPES)[number];

export interface HistoryStats {
  /** Everything in `events`: the history, its duplicates and the invalid events. */
  events: number;
  /** Distinct valid events per type (duplicates and invalid events not included). */
  byType: Record<RawEventType, number>;
  companies: number;
  /** How the companies converted. */
  routes: Record<ConversionRoute, number>;
  /** Companies whose company_created has `referred_by`. */
  referredCompanies: number;
  /** People of the companies (creators and colleagues); anonymous visitors and crawlers are counted apart. */
  people: number;
  anonymousVisitors: number;
  bots: number;
  duplicates: number;
  invalid: number;
  invalidByBreakage: Record<Breakage, number>;
  /** Events that arrive after at least one event with a later `ts`. */
  late: number;
}

export interface History {
  /** Raw events (CONTRACT section 1) in arrival order. */
  events: RawEvent[];
  stats: HistoryStats;
}

function fraction(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be between 0 and 1 (got ${v})`);
  return v;
}

/** Conversion times of all companies, in order: company 1 converts first, as auto-increment IDs would. */
function conversionTimes(seed: number, companies: number, start: number, span: number): Float64Array {
  const rng = new Random(mixSeed(seed, 1));
  const times = new Float64Array(companies);
  // Not in the first days (journeys need a past) nor the last hours (customers need a present).
  for (let i = 0; i < companies; i++) times[i] = start + span * (0.08 + 0.9 * rng.next());
  return times.sort();
}

/**
 * About 7% of companies were referred by one created at least four days before: still before once both conversion
 * times move to a working hour, which can shift each by up to two days.
 */
function referrals(seed: number, times: Float64Array): (number | null)[] {
  const rng = new Random(mixSeed(seed, 3));
  const referrers: (number | null)[] = [];
  let eligible = 0;
  for (let i = 0; i < times.length; i++) {
    while (eligible < i && times[eligible]! < times[i]! - 4 * DAY) eligible++;
    referrers.push(eligible > 0 && rng.chance(0.07) ? rng.int(0, eligible - 1) : null);
  }
  return referrers;
}

export function companyId(index: number): string {
  return `co_${String(index + 1).padStart(6, '0')}`;
}

export function generateHistory(options: GenerateHistoryOptions): History {
  return generateSlice(options, { first: 0, registry: new Registry(), counters: new Counters() });
}

/**
 * A long history a slice of `sliceSize` companies at a time, so that it is never all in memory at once (the memory
 * benchmark's million events). The slices number their companies on from one another and share the names and contact
 * IDs handed out, so no two companies or people of different slices collide; each slice has its own seed, conversion
 * times across the whole period and its own ad spend.
 */
export function* generateHistorySlices(options: GenerateHistoryOptions, sliceSize: number): Generator<History> {
  if (!Number.isSafeInteger(sliceSize) || sliceSize < 1) throw new RangeError(`sliceSize must be a whole number >= 1 (got ${sliceSize})`);
  const shared = { registry: new Registry(), counters: new Counters() };
  for (let first = 0; first < options.companies; first += sliceSize) {
    yield generateSlice({ ...options, seed: options.seed + first, companies: Math.min(sliceSize, options.companies - first) }, { first, ...shared });
  }
}

/** Companies numbered from `first`, with names and contact IDs that `registry` and `counters` have not handed out. */
function generateSlice(options: GenerateHistoryOptions, slice: { first: number; registry: Registry; counters: Counters }): History {
  const { companies, start } = options;
  if (!Number.isSafeInteger(companies) || companies < 0) {
    throw new RangeError(`companies must be a whole number >= 0 (got ${companies})`);
  }
  if (!Number.isFinite(start)) throw new RangeError(`start must be epoch milliseconds (got ${start})`);
  if (!Number.isFinite(options.seed)) throw new RangeError(`seed must be a number (got ${options.seed})`);
  const days = options.days ?? 90;
  if (!(days >= 1 && days <= 3660)) throw new RangeError(`days must be between 1 and 3660 (got ${days})`);
  const seed = Math.trunc(options.seed) >>> 0;
  const end = start + days * DAY;
  const disorder = {
    lateFraction: fraction('lateFraction', options.lateFraction, 0.02),
    duplicateFraction: fraction('duplicateFraction', options.duplicateFraction, 0.01),
    invalidFraction: fraction('invalidFraction', options.invalidFraction, 0),
  };

  const log = new EventLog();
  const { registry, counters } = slice;
  const times = conversionTimes(seed, companies, start, end - start);
  const referrers = referrals(seed, times);
  const routes: Record<ConversionRoute, number> = { web: 0, sales: 0, mobile: 0, offline: 0 };
  let people = 0;
  let anonymousVisitors = 0;
  let bots = 0;
  let referredCompanies = 0;
  for (let i = 0; i < companies; i++) {
    const referrer = referrers[i] ?? null;
    if (referrer !== null) referredCompanies++;
    const outcome = simulateCompany(
      {
        companyId: companyId(slice.first + i), convertedAt: times[i]!, start, end,
        referredBy: referrer === null ? null : companyId(slice.first + referrer),
      },
      // Each company has its own stream: its story does not shift when another one changes.
      { rng: new Random(mixSeed(seed, 2, i)), log, registry, counters },
    );
    routes[outcome.route]++;
    people += outcome.people;
    anonymousVisitors += outcome.anonymousVisitors;
    bots += outcome.bots;
  }

  addAdSpend(log, mixSeed(seed, 3));

  const byType = Object.fromEntries(EVENT_TYPES.map((type) => [type, 0])) as Record<RawEventType, number>;
  for (const event of log.events) byType[event.type as RawEventType]++;

  const arrivals = arrive(log, seed, disorder);
  return {
    events: arrivals.events,
    stats: {
      events: arrivals.events.length, byType, companies, routes, referredCompanies, people, anonymousVisitors, bots,
      duplicates: arrivals.duplicates, invalid: arrivals.invalid, invalidByBreakage: arrivals.invalidByBreakage,
      late: arrivals.late,
    },
  };
}
