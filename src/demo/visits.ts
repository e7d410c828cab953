// What one person does on the website: a session with its page views, a form, an identify call, the CRM contact
// that follows. Times follow the visitor's working day; every event is written to the scene's log.
import { CUSTOM_HITS, JOB_TITLES, PAGES, type Country } from './catalog.js';
import { landing, type ChannelKind } from './channels.js';
import { flat, isoTime, type EventLog, type RawEvent, type RawTs } from './event-log.js';
import { publicIp, typedEmail, type Client, type MetaCookies, type Person } from './people.js';
import { weighted, type Random } from './random.js';

export const SECOND = 1_000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Share of web events whose producer sends `ts` as epoch milliseconds rather than ISO-8601. */
const EPOCH_MS_SHARE = 0.03;

const LOCAL_HOURS = weighted(
  [0.5, 0.3, 0.2, 0.2, 0.2, 0.4, 1, 2.5, 5, 8, 9, 9, 7, 8, 9, 8.5, 7, 5, 3.5, 3, 2.5, 2, 1.2, 0.8]
    .map((weight, hour) => [hour, weight] as const),
);

/** Hands out identifiers that must be unique across the whole history. */
export class Counters {
  private contacts = 0;
  nextContactId(): string {
    this.contacts++;
    return `ct_${String(this.contacts).padStart(7, '0')}`;
  }
}

/** One company's share of the history. */
export interface Scene {
  rng: Random;
  log: EventLog;
  country: Country;
  companyName: string;
  counters: Counters;
}

export function stamp(rng: Random, t: number): RawTs {
  return rng.chance(EPOCH_MS_SHARE) ? t : isoTime(t);
}

/**
 * Moves `t` to a likely moment of the same local day (working hours, fewer weekends), unless that falls outside
 * [lo, hi]: then `t` is kept as it is.
 */
export function localTime(rng: Random, t: number, country: Country, lo: number, hi: number): number {
  const offset = country.utcOffsetMin * MINUTE;
  let day = Math.floor((t + offset) / DAY);
  const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  if ((weekday === 0 || weekday === 6) && rng.chance(0.65)) day += weekday === 6 ? -1 : 1;
  const local = day * DAY + rng.choose(LOCAL_HOURS) * HOUR + rng.int(0, HOUR - 1) - offset;
  return local >= lo && local <= hi ? local : t;
}

/** A likely moment (see localTime) in [from, to]. */
export function timeBetween(rng: Random, from: number, to: number, country: Country): number {
  return localTime(rng, rng.between(from, to), country, from, to);
}

/** `n` times in [from, to], in order, each at a likely hour of its day. */
export function spreadTimes(rng: Random, from: number, to: number, n: number, country: Country): number[] {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(timeBetween(rng, from, to, country));
  return times.sort((a, b) => a - b);
}

export interface SessionInfo {
  id: string;
  landingUrl: string;
  /** Time of the session's last page view. */
  end: number;
}

export interface VisitOptions {
  /** Visits of a paying customer: logins and onboarding emails. */
  customer?: boolean;
  /** Where a direct visit lands (a link from a transactional email, say), instead of a usual direct page. */
  landingPage?: string;
  /** Pages the visitor goes on to, after browsing (e.g. the signup page). */
  then?: readonly string[];
  /** No page view at or after this time. */
  until?: number;
}

function updateMetaCookies(rng: Random, client: Client, t: number, fbclid: string | null, meta: boolean): void {
  if (client.consent?.ads === false) return;
  const previous: MetaCookies = client.cookies ?? {};
  const setAt = Math.floor(t);
  const fbp = previous._fbp ?? (meta || fbclid !== null ? flat('fb.1.', setAt, '.', rng.digits(10)) : undefined);
  const fbc = fbclid !== null ? flat('fb.1.', setAt, '.', fbclid) : previous._fbc;
  if (fbp !== previous._fbp || fbc !== previous._fbc) {
    const cookies: MetaCookies = {};
    if (fbp !== undefined) cookies._fbp = fbp;
    if (fbc !== undefined) cookies._fbc = fbc;
    client.cookies = cookies;
  }
}

/** A session through `kind`, then its page views (and now and then a tracked click). */
export function visit(
  scene: Scene, client: Client, t: number, kind: ChannelKind, options: VisitOptions = {},
): SessionInfo {
  const { rng, log } = scene;
  const arrival = landing(rng, kind, t, scene.country, options.customer);
  if (options.landingPage !== undefined && kind === 'direct') arrival.pageUrl = options.landingPage;
  updateMetaCookies(rng, client, t, arrival.fbclid, arrival.meta);
  const sessionId = rng.base62(16, 's_');
  const session: RawEvent = {
    type: 'session', event_id: '', ts: stamp(rng, t), client_id: client.id, session_id: sessionId,
    page_url: arrival.pageUrl,
  };
  if (arrival.referrer !== null) session.referrer = arrival.referrer;
  session.user_agent = client.userAgent;
  // Phones change address often (carrier NAT); computers mostly keep theirs.
  session.ip = client.kind === 'mobile' && rng.chance(0.5) ? publicIp(rng, scene.country) : client.ip;
  if (client.consent !== undefined) session.consent = client.consent;
  if (client.cookies !== undefined) session.cookies = client.cookies;
  log.add(t, session);

  const until = options.until ?? Infinity;
  const bot = client.kind === 'bot';
  const pages: string[] = [arrival.pageUrl];
  // Prospects browse the marketing site; customers mostly go straight to the app (which has no SDK).
  const browsing = bot ? 0 : options.customer ? rng.geometric(0.7, 2) : rng.geometric(0.55, 5);
  for (let i = 0; i < browsing; i++) pages.push(rng.pick(options.customer ? PAGES.customer : PAGES.browse));
  if (options.then) pages.push(...options.then);

  let at = t + rng.int(40, 1500);
  let end = t;
  for (let i = 0; i < pages.length && at < until; i++) {
    log.add(at, {
      type: 'hit', event_id: '', ts: stamp(rng, at), client_id: client.id, session_id: sessionId,
      name: 'page_view', page_url: pages[i],
    });
    end = at;
    if (!bot && rng.chance(0.08)) {
      const custom = rng.pick(CUSTOM_HITS);
      const clickAt = at + rng.int(2 * SECOND, 40 * SECOND);
      if (clickAt < until) {
        log.add(clickAt, {
          type: 'hit', event_id: '', ts: stamp(rng, clickAt), client_id: client.id, session_id: sessionId,
          name: custom.name, page_url: pages[i], properties: custom.properties,
        });
        end = clickAt;
      }
    }
    at = end + rng.int(8 * SECOND, 150 * SECOND);
  }
  return { id: sessionId, landingUrl: arrival.pageUrl, end };
}

/** The SDK's `identify(email)`: joins this browser to the email. */
export function identify(scene: Scene, client: Client, person: Person, t: number): void {
  scene.log.add(t, {
    type: 'identify', event_id: '', ts: stamp(scene.rng, t), client_id: client.id, email: typedEmail(scene.rng, person),
  });
  client.identified = true;
}

/** The CRM creates its contact the first time it sees the email. */
export function contactCreated(scene: Scene, person: Person, t: number, client?: Client): void {
  if (person.hasContact) return;
  person.hasContact = true;
  const event: RawEvent = {
    type: 'contact_created', event_id: '', ts: stamp(scene.rng, t), contact_id: scene.counters.nextContactId(),
    email: person.email,
  };
  if (client !== undefined && scene.rng.chance(0.5)) event.client_id = client.id;
  scene.log.add(t, event);
}

const MARKETING_FORMS = weighted([
  ['ebook_attribution_guide', 30], ['webinar_registration', 15], ['newsletter', 25], ['contact_sales', 10],
  ['demo_request', 20],
] as const);

/**
 * A form on the marketing site during `session`; the SDK identifies the browser and the CRM creates the contact.
 * `formId` forces the form (a demo request on a sales-led journey).
 */
export function marketingForm(
  scene: Scene, person: Person, client: Client, session: SessionInfo, t: number, formId?: string,
): void {
  const { rng, log } = scene;
  const form = formId ?? rng.choose(MARKETING_FORMS);
  const event: RawEvent = {
    type: 'form_submission', event_id: '', ts: stamp(rng, t), email: typedEmail(rng, person), form_id: form,
    site: 'marketing',
  };
  if (rng.chance(0.92)) event.client_id = client.id;
  if (rng.chance(0.85)) event.session_id = session.id;
  // Landing-page forms report the landing URL, UTMs included; others the page they sit on.
  const onLanding = rng.chance(0.6);
  event.page_url = onLanding ? session.landingUrl : form === 'demo_request' ? PAGES.demo : PAGES.home;
  if (form !== 'newsletter') {
    event.fields = {
      first_name: person.firstName, last_name: person.lastName, company: scene.companyName,
      job_title: rng.pick(JOB_TITLES),
    };
  }
  log.add(t, event);
  if (rng.chance(0.9)) identify(scene, client, person, t + rng.int(300, 3 * SECOND));
  contactCreated(scene, person, t + rng.int(10 * SECOND, 5 * MINUTE), client);
}
