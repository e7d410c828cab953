// One company's story, from the first visit of the person who will create it to life as a customer. Four ways to
// convert, in the proportions a product-led B2B tool sees:
// - web: research visits over days or weeks, then sign up on the site (company_created carries the browser);
// - sales: a demo request, then sales creates the company days later (sometimes more than 28 days later, so the
//   28-day first touch is empty while the all-time one is not);
// - mobile: sign up in the app, with the install's campaign;
// - offline: met at an event and created by sales; the visits they made were never identified, so the company has
//   no touchpoint of its own (unattributed, unless a referring company lends it its source).
import { appEvent, inboundCall, installApp, mobileSignup } from './app-and-calls.js';
import { COUNTRIES, PAGES } from './catalog.js';
import { FIRST_VISIT, RETURN_VISIT } from './channels.js';
import { simulateColleague, simulateCrowd, visitAsCustomer } from './colleagues.js';
import {
  primaryClient, research, signup, type CompanyContext, type CompanyPlan, type ConversionRoute,
} from './company-context.js';
import type { EventLog, RawEvent } from './event-log.js';
import {
  giveClients, giveDevice, makeClient, makePerson, nameCompany, typedEmail, type Client, type Person,
  type Registry,
} from './people.js';
import { weighted, type Random } from './random.js';
import {
  DAY, HOUR, MINUTE, SECOND, contactCreated, identify, localTime, marketingForm, stamp, timeBetween, visit,
  type Counters, type Scene, type SessionInfo,
} from './visits.js';

export type { CompanyPlan, ConversionRoute } from './company-context.js';

const ROUTES = weighted<ConversionRoute>([['web', 66], ['sales', 19], ['mobile', 9], ['offline', 6]]);

/** How long before converting the first visit happened, in days. */
const LEAD_DAYS = weighted<readonly [number, number]>([[[0.02, 1], 20], [[1, 7], 27], [[7, 28], 33], [[28, 75], 20]]);

export interface CompanyOutcome {
  route: ConversionRoute;
  people: number;
  anonymousVisitors: number;
  bots: number;
}

export interface JourneyDeps { rng: Random; log: EventLog; registry: Registry; counters: Counters }

function sessionCount(rng: Random, leadMs: number): number {
  // About 2 visits for a same-day decision, 3 over two weeks, 5 or more over a month or two.
  const p = Math.min(0.45, Math.max(0.15, 0.45 - leadMs / DAY / 100));
  return 1 + rng.geometric(p, 11);
}

function companyCreated(ctx: CompanyContext, t: number, creator: Person, client?: Client): void {
  const { scene, plan } = ctx;
  const event: RawEvent = {
    type: 'company_created', event_id: '', ts: stamp(scene.rng, t), company_id: plan.companyId, name: ctx.name,
    domain: ctx.domain, email: creator.email,
  };
  if (client !== undefined) event.client_id = client.id;
  if (plan.referredBy !== null) event.referred_by = plan.referredBy;
  scene.log.add(t, event);
}

function webSignup(ctx: CompanyContext, creator: Person, researchVisits: number): void {
  const { scene, plan } = ctx;
  const { rng } = scene;
  const conv = plan.convertedAt;
  const earlier = research(scene, creator, ctx.research, researchVisits,
    { identifyChance: 0.5, formChance: 0.08, firstVisit: true });
  maybeCall(ctx, creator, earlier, 0.06);

  const client = rng.chance(0.8) ? primaryClient(creator) : rng.pick(creator.clients);
  const sessionAt = Math.max(plan.start, conv - rng.int(4, 20) * MINUTE);
  const session = visit(scene, client, sessionAt, rng.choose(earlier.length > 0 ? RETURN_VISIT : FIRST_VISIT), {
    then: rng.chance(0.5) ? [PAGES.pricing, PAGES.signup] : [PAGES.signup], until: conv - 45 * SECOND,
  });
  const formAt = conv - rng.int(15, 40) * SECOND;
  const form: RawEvent = {
    type: 'form_submission', event_id: '', ts: stamp(rng, formAt), email: typedEmail(rng, creator), form_id: 'signup',
    site: 'app', client_id: client.id, session_id: session.id,
  };
  const x = rng.next();
  if (x < 0.35) form.page_url = session.landingUrl; // the SDK kept the landing page's UTMs
  else if (x < 0.85) form.page_url = PAGES.signup;
  form.fields = { company: ctx.name, team_size: rng.pick(['1-10', '11-50', '51-200', '201-1000']) };
  scene.log.add(formAt, form);
  identify(scene, client, creator, conv - rng.int(3, 10) * SECOND);
  companyCreated(ctx, conv, creator, client);
  signup(ctx, conv + rng.int(1, 3) * SECOND, creator, client);
  contactCreated(scene, creator, conv + rng.int(20 * SECOND, 5 * MINUTE), client);
}

function salesLed(ctx: CompanyContext, creator: Person, researchVisits: number): void {
  const { scene, plan } = ctx;
  const { rng } = scene;
  const conv = plan.convertedAt;
  const earlier = research(scene, creator, ctx.research, researchVisits,
    { identifyChance: 0.4, formChance: 0.05, firstVisit: true });
  const last = earlier[earlier.length - 1];
  if (last !== undefined) {
    const formAt = last.session.end + rng.int(30 * SECOND, 3 * MINUTE);
    const form = rng.chance(0.7) ? 'demo_request' : 'contact_sales';
    marketingForm(scene, creator, last.client, last.session, formAt, form);
  } else {
    contactCreated(scene, creator, ctx.research.to);
  }
  maybeCall(ctx, creator, earlier, 0.4);
  companyCreated(ctx, conv, creator); // by a sales rep in the CRM: no browser
  firstLogin(ctx, creator, 3 * DAY);
}

/** The creator's first login to a company sales created: identifies the browser, joins it to the company. */
function firstLogin(ctx: CompanyContext, creator: Person, within: number): void {
  const { scene, plan } = ctx;
  const from = plan.convertedAt + 10 * MINUTE;
  const to = Math.min(plan.end - MINUTE, plan.convertedAt + within);
  if (to <= from) return;
  const client = primaryClient(creator);
  const session = visit(scene, client, timeBetween(scene.rng, from, to, scene.country), 'direct', { customer: true });
  if (!client.identified) identify(scene, client, creator, session.end + 5 * SECOND);
  signup(ctx, session.end + scene.rng.int(10, 60) * SECOND, creator, client);
}

function appSignup(ctx: CompanyContext, creator: Person, researchVisits: number): void {
  const { scene, plan } = ctx;
  const { rng } = scene;
  const conv = plan.convertedAt;
  research(scene, creator, ctx.research, researchVisits - 1,
    { identifyChance: 0.3, formChance: 0.03, firstVisit: true });
  const installAt = timeBetween(rng, Math.max(plan.start, conv - 3 * DAY), conv - 5 * MINUTE, scene.country);
  const campaign = installApp(scene, creator, installAt);
  appEvent(scene, creator, installAt + rng.int(20, 90) * SECOND, 'app_open', false);
  // The measurement partner's attribution is attached to the signup about half the time.
  mobileSignup(scene, creator, conv - rng.int(5, 20) * SECOND, plan.companyId, rng.chance(0.5) ? campaign : undefined);
  companyCreated(ctx, conv, creator);
  appEvent(scene, creator, conv + rng.int(2, 6) * SECOND, 'signup_completed', true);
  contactCreated(scene, creator, conv + rng.int(30 * SECOND, 5 * MINUTE));
}

function offline(ctx: CompanyContext, creator: Person, researchVisits: number): void {
  const { scene, plan } = ctx;
  const { rng } = scene;
  const conv = plan.convertedAt;
  // Visits from browsers that are never identified: they stay anonymous for good.
  research(scene, creator, ctx.research, researchVisits - 1, { identifyChance: 0, formChance: 0, firstVisit: true });
  creator.clients = [makeClient(rng, 'desktop', scene.country)];
  // A CRM import after a trade show, some time before sales creates the company.
  const imported = timeBetween(rng, Math.max(plan.start, conv - 20 * DAY), conv - HOUR, scene.country);
  contactCreated(scene, creator, imported);
  companyCreated(ctx, conv, creator);
  firstLogin(ctx, creator, 2 * DAY); // on a browser that has no past here
}

function maybeCall(
  ctx: CompanyContext, person: Person, visits: readonly { client: Client; session: SessionInfo }[], chance: number,
): void {
  const { rng } = ctx.scene;
  if (!rng.chance(chance)) return;
  const from = visits.length > 0 ? rng.pick(visits) : undefined;
  const t = from !== undefined
    ? Math.min(from.session.end + rng.int(MINUTE, 20 * MINUTE), ctx.plan.convertedAt - MINUTE)
    : rng.between(ctx.research.from, ctx.research.to);
  inboundCall(ctx.scene, person, t, from);
}

/** Writes one company's events to the log. */
export function simulateCompany(given: CompanyPlan, deps: JourneyDeps): CompanyOutcome {
  const { rng, log, registry, counters } = deps;
  const country = rng.choose(COUNTRIES);
  const { name, domain } = nameCompany(rng, country, registry);
  const scene: Scene = { rng, log, country, companyName: name, counters };
  // People sign up during their working day.
  const conv = localTime(rng, given.convertedAt, country, given.start, given.end);
  const plan: CompanyPlan = { ...given, convertedAt: conv };
  const available = conv - plan.start;

  let route = rng.choose(ROUTES);
  // Some referred companies come straight from their referrer's invitation: no tracked visit of their own.
  if (plan.referredBy !== null && rng.chance(0.5)) route = 'offline';

  const longCycle = route === 'sales' && available > 36 * DAY && rng.chance(0.35);
  let lead: number;
  let researchEnd: number;
  if (longCycle) {
    lead = rng.between(35, Math.min(85, available / DAY)) * DAY;
    researchEnd = conv - rng.between(29, Math.min(34, lead / DAY - 0.5)) * DAY;
  } else {
    const [lo, hi] = rng.choose(LEAD_DAYS);
    lead = Math.min(available, rng.between(lo, hi) * DAY);
    // A sales-led company is created hours to days after the demo request; a web signup ends its own research.
    researchEnd = conv - (route === 'sales' ? Math.min(lead / 2, rng.between(2 * HOUR, 5 * DAY)) : 30 * MINUTE);
  }
  const ctx: CompanyContext = {
    scene, plan, name, domain, route, registry, research: { from: conv - lead, to: Math.max(conv - lead, researchEnd) },
  };

  const creator = makePerson(rng, domain, registry);
  giveClients(rng, creator, country);
  if (route === 'mobile' || rng.chance(0.12)) giveDevice(rng, creator);
  const visits = sessionCount(rng, lead);
  switch (route) {
    case 'web': webSignup(ctx, creator, visits - 1); break;
    case 'sales': salesLed(ctx, creator, visits); break;
    case 'mobile': appSignup(ctx, creator, visits); break;
    case 'offline': offline(ctx, creator, visits); break;
    default: {
      const unreachable: never = route;
      throw new Error(`unknown route ${String(unreachable)}`);
    }
  }
  visitAsCustomer(ctx, creator, conv + 30 * MINUTE, route === 'mobile');

  const people = rng.chance(0.6) ? 1 : rng.chance(0.7) ? 2 : 3;
  for (let i = 1; i < people; i++) simulateColleague(ctx);
  const crowd = simulateCrowd(ctx);
  return { route, people, ...crowd };
}
