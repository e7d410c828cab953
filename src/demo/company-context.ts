// What every journey is made of: the company being simulated, its research window, and the visits a person makes
// before converting.
import { FIRST_VISIT, RETURN_VISIT } from './channels.js';
import type { RawEvent } from './event-log.js';
import { typedEmail, type Client, type Person, type Registry } from './people.js';
import type { Random } from './random.js';
import {
  MINUTE, SECOND, identify, marketingForm, spreadTimes, stamp, visit, type Scene, type SessionInfo,
} from './visits.js';

export type ConversionRoute = 'web' | 'sales' | 'mobile' | 'offline';

export interface CompanyPlan {
  companyId: string;
  convertedAt: number;
  /** A company created earlier, or null. */
  referredBy: string | null;
  /** The history's time range. */
  start: number;
  end: number;
}

/** Where the pre-conversion research happens: [from, to]. */
export interface Window { from: number; to: number }

export interface CompanyContext {
  scene: Scene;
  plan: CompanyPlan;
  name: string;
  domain: string;
  route: ConversionRoute;
  research: Window;
  registry: Registry;
}

/** The person's primary browser most of the time, another one now and then. */
export function someClient(rng: Random, person: Person): Client {
  const primary = person.clients[0];
  if (primary === undefined) throw new Error(`${person.email} has no browser`);
  return rng.chance(0.7) ? primary : rng.pick(person.clients);
}

export function primaryClient(person: Person): Client {
  const client = person.clients[0];
  if (client === undefined) throw new Error(`${person.email} has no browser`);
  return client;
}

export interface ResearchOptions {
  /** Chance that a browser other than the converting one gets identified at one of its visits. */
  identifyChance: number;
  /** Chance of a marketing form per visit. */
  formChance: number;
  firstVisit: boolean;
}

/** `n` visits in `window`; returns them in time order. */
export function research(
  scene: Scene, person: Person, window: Window, n: number, options: ResearchOptions,
): { client: Client; session: SessionInfo }[] {
  const { rng } = scene;
  if (window.to - window.from < MINUTE) return [];
  const visits: { client: Client; session: SessionInfo }[] = [];
  spreadTimes(rng, window.from, window.to, n, scene.country).forEach((t, i) => {
    const client = someClient(rng, person);
    const kind = rng.choose(i === 0 && options.firstVisit ? FIRST_VISIT : RETURN_VISIT);
    const session = visit(scene, client, t, kind);
    visits.push({ client, session });
    if (rng.chance(options.formChance)) {
      marketingForm(scene, person, client, session, session.end + rng.int(20 * SECOND, 2 * MINUTE));
    } else if (!client.identified && rng.chance(options.identifyChance)) {
      identify(scene, client, person, session.end + rng.int(5 * SECOND, MINUTE)); // logged in, or a chat widget
    }
  });
  return visits;
}

export function signup(ctx: CompanyContext, t: number, person: Person, client?: Client): void {
  const { scene } = ctx;
  const event: RawEvent = {
    type: 'signup', event_id: '', ts: stamp(scene.rng, t), company_id: ctx.plan.companyId,
    email: typedEmail(scene.rng, person),
  };
  if (client !== undefined) event.client_id = client.id;
  scene.log.add(t, event);
}
