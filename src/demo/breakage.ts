// Invalid input, the way real producers get it wrong: a mistyped email, a server event without its company_id, an
// event type the collector does not know, a time it cannot read. Every one of these must be rejected (CONTRACT
// sections 1 and 6) without disturbing the valid events around it.
import { isoTime, type RawEvent } from './event-log.js';
import { weighted, type Random } from './random.js';

export type Breakage = 'bad_email' | 'missing_company_id' | 'unknown_type' | 'bad_ts';

const UNKNOWN_TYPES = ['pageview', 'track', 'session_start', 'Identify', 'company_updated', 'page'] as const;

function badEmail(rng: Random, email: string): string {
  const at = email.indexOf('@');
  const local = email.slice(0, at).trim();
  const domain = email.slice(at + 1).trim();
  switch (rng.int(0, 5)) {
    case 0: return `${local}@`; // autocomplete cut it short
    case 1: return `${local}.${domain}`; // no @
    case 2: return `${local} @${domain}`;
    case 3: return `${local}@${domain.replace('.', ',')}`;
    case 4: return 'N/A';
    default: return `${local}@@${domain}`;
  }
}

function badTime(rng: Random, t: number): string | number {
  const iso = isoTime(t);
  const date = new Date(t);
  switch (rng.int(0, 5)) {
    case 0: return iso.slice(0, 19); // no offset: which time zone?
    case 1: return Math.floor(t / 1000); // epoch seconds, not milliseconds
    case 2: return `${iso.slice(0, 5)}13${iso.slice(7)}`; // month 13
    case 3: // US-style local date
      return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()} ${iso.slice(11, 16)}`;
    case 4: return 'yesterday';
    default: return '';
  }
}

const BREAKAGES = weighted<Breakage>([
  ['bad_email', 30], ['missing_company_id', 15], ['unknown_type', 25], ['bad_ts', 30],
]);

export function chooseBreakage(rng: Random): Breakage {
  return rng.choose(BREAKAGES);
}

/** Whether `event` has what `breakage` breaks (an email to mistype, a company_id to lose). */
export function canBreak(event: RawEvent, breakage: Breakage): boolean {
  switch (breakage) {
    case 'bad_email': return typeof event.email === 'string';
    case 'missing_company_id': return event.type === 'company_created' || event.type === 'signup';
    case 'unknown_type': case 'bad_ts': return true;
    default: {
      const unreachable: never = breakage;
      throw new Error(`unknown breakage ${String(unreachable)}`);
    }
  }
}

/** A copy of `event` (which is left untouched) broken by `breakage`; see canBreak. */
export function breakEvent(rng: Random, event: RawEvent, t: number, breakage: Breakage): RawEvent {
  const broken: RawEvent = { ...event };
  switch (breakage) {
    case 'bad_email': broken.email = badEmail(rng, String(broken.email)); break;
    case 'missing_company_id': delete broken.company_id; break;
    case 'unknown_type': broken.type = rng.pick(UNKNOWN_TYPES); break;
    case 'bad_ts': broken.ts = badTime(rng, t); break;
    default: {
      const unreachable: never = breakage;
      throw new Error(`unknown breakage ${String(unreachable)}`);
    }
  }
  return broken;
}
