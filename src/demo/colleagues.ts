// Everyone around a conversion: the creator's life as a customer, colleagues who researched the product or were
// invited after the company was created, and the anonymous visitors and crawlers every site also gets.
import { appEvent, installApp } from './app-and-calls.js';
import { CUSTOMER_VISIT, FIRST_VISIT, RETURN_VISIT } from './channels.js';
import { research, signup, someClient, type CompanyContext } from './company-context.js';
import { giveClients, giveDevice, makeBotClient, makeClient, makePerson, type Person } from './people.js';
import { DAY, HOUR, MINUTE, SECOND, contactCreated, identify, spreadTimes, timeBetween, visit } from './visits.js';
import { PAGES } from './catalog.js';

const APP_EVENTS = ['app_open', 'dashboard_viewed', 'report_shared', 'app_open'] as const;

/**
 * Visits after converting (logins, onboarding emails, the odd branded ad click: touchpoints that must not count),
 * and the mobile app for those who have it. `appInstalled`: the person converted in the app.
 */
export function visitAsCustomer(ctx: CompanyContext, person: Person, from: number, appInstalled = false): void {
  const { scene, plan } = ctx;
  const { rng } = scene;
  const until = Math.min(plan.end, plan.convertedAt + 45 * DAY);
  if (until - from < HOUR) return;
  const times = spreadTimes(rng, from, until, rng.geometric(0.45, 5), scene.country);
  for (const t of times) {
    const client = someClient(rng, person);
    const session = visit(scene, client, t, rng.choose(CUSTOMER_VISIT), { customer: true });
    // Logging in on another browser joins it to the email, after the fact.
    if (!client.identified && rng.chance(0.6)) identify(scene, client, person, session.end + rng.int(5, 30) * SECOND);
  }
  if (person.device === null) return;
  let t = timeBetween(rng, from, until, scene.country);
  if (!appInstalled) {
    installApp(scene, person, t);
    t += rng.int(30, 300) * SECOND;
  }
  const uses = 1 + rng.geometric(0.5, 3);
  for (let i = 0; i < uses && t < until; i++) {
    appEvent(scene, person, t, rng.pick(APP_EVENTS), true);
    t += rng.between(HOUR, 5 * DAY);
  }
}

/**
 * Another person of the company: either invited after it was created (and maybe researched the product before,
 * anonymously, on the same browser: eligible once the invitation identifies it), or a researcher who never joins.
 */
export function simulateColleague(ctx: CompanyContext): void {
  const { scene, plan } = ctx;
  const { rng } = scene;
  const person = makePerson(rng, ctx.domain, ctx.registry);
  giveClients(rng, person, scene.country);
  if (rng.chance(0.1)) giveDevice(rng, person);
  const invited = rng.chance(0.55);
  if (ctx.route !== 'offline' && (!invited || rng.chance(0.4))) {
    research(scene, person, ctx.research, 1 + rng.geometric(0.55, 3),
      { identifyChance: 0, formChance: invited ? 0 : 0.1, firstVisit: true });
  }
  if (!invited) return;
  const joinAt = timeBetween(rng, plan.convertedAt + HOUR, plan.convertedAt + 14 * DAY, scene.country);
  if (joinAt >= plan.end) return;
  const client = person.clients[0];
  if (client === undefined) return;
  // The invitation email's link: no campaign data, so a direct visit.
  const session = visit(scene, client, joinAt, 'direct', { customer: true, landingPage: PAGES.invite });
  identify(scene, client, person, session.end + rng.int(5, 20) * SECOND);
  signup(ctx, session.end + rng.int(20, 60) * SECOND, person, client);
  contactCreated(scene, person, session.end + rng.int(1, 5) * MINUTE, client);
  visitAsCustomer(ctx, person, joinAt + HOUR);
}

/** Visitors who never convert nor identify, and crawlers that run the site's JavaScript. */
export function simulateCrowd(ctx: CompanyContext): { anonymousVisitors: number; bots: number } {
  const { scene, plan } = ctx;
  const { rng } = scene;
  const anonymousVisitors = rng.geometric(0.65, 4);
  for (let v = 0; v < anonymousVisitors; v++) {
    const client = makeClient(rng, rng.chance(0.6) ? 'desktop' : 'mobile', scene.country);
    const times = spreadTimes(rng, plan.start, plan.end, 1 + rng.geometric(0.6, 2), scene.country);
    times.forEach((t, i) => visit(scene, client, t, rng.choose(i === 0 ? FIRST_VISIT : RETURN_VISIT)));
  }
  const bots = rng.chance(0.06) ? 1 : 0;
  if (bots > 0) {
    const client = makeBotClient(rng);
    const crawls = 1 + rng.geometric(0.4, 3);
    for (let i = 0; i < crawls; i++) {
      visit(scene, client, rng.between(plan.start, plan.end), rng.chance(0.7) ? 'direct' : 'organic_search');
    }
  }
  return { anonymousVisitors, bots };
}
