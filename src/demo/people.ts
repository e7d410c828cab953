// The cast of the synthetic history: companies with a believable name and domain, the people who work there, and
// the browsers and phones they use. Names, domains and emails are unique across the whole history, so two
// companies never share an identity by accident.
import { BOTS, COMPANY_WORDS, PERSON_NAMES, USER_AGENTS, type Country, type DeviceKind } from './catalog.js';
import type { Random } from './random.js';

export interface Consent { analytics: boolean; ads: boolean }
export interface MetaCookies { _fbp?: string; _fbc?: string }

/** One browser: a `client_id` cookie, with the same user agent and (mostly) the same address every visit. */
export interface Client {
  id: string;
  kind: DeviceKind | 'bot';
  userAgent: string;
  ip: string;
  /** Absent when the site shows no consent banner to this visitor (no CMP in that region). */
  consent: Consent | undefined;
  /** Shared by the sessions that send the same values. */
  cookies: MetaCookies | undefined;
  identified: boolean;
}

/** A phone with the mobile app: a `device_id`. */
export interface Device { id: string }

export interface Person {
  email: string;
  firstName: string;
  lastName: string;
  clients: Client[];
  device: Device | null;
  /** The CRM has a contact for this email. */
  hasContact: boolean;
}

/** Names and identities already handed out, so that no two companies or people collide. */
export class Registry {
  private readonly domains = new Set<string>();
  private readonly emails = new Set<string>();

  claimDomain(candidates: (variant: number) => string): string {
    for (let variant = 0; ; variant++) {
      const domain = candidates(variant);
      if (!this.domains.has(domain)) {
        this.domains.add(domain);
        return domain;
      }
    }
  }

  claimEmail(email: string): string {
    let candidate = email;
    const at = email.indexOf('@');
    for (let n = 2; this.emails.has(candidate); n++) candidate = `${email.slice(0, at)}${n}${email.slice(at)}`;
    this.emails.add(candidate);
    return candidate;
  }
}

const CONSENT_ALL: Consent = Object.freeze({ analytics: true, ads: true }) as Consent;
const CONSENT_NO_ADS: Consent = Object.freeze({ analytics: true, ads: false }) as Consent;

export interface CompanyIdentity { name: string; domain: string }

export function nameCompany(rng: Random, country: Country, registry: Registry): CompanyIdentity {
  const first = rng.pick(COMPANY_WORDS.first);
  const second = rng.pick(COMPANY_WORDS.second);
  const third = rng.pick(COMPANY_WORDS.third);
  const slug = `${first}${second}${third}`.toLowerCase();
  const { domainVariants } = COMPANY_WORDS;
  const domain = registry.claimDomain((variant) => {
    if (variant < domainVariants.length) return `${domainVariants[variant]}${slug}.${country.tld}`;
    return `${slug}${variant - domainVariants.length + 2}.${country.tld}`;
  });
  const legal = rng.pick(country.legalSuffixes);
  const name = [first, second, third, legal].filter((part) => part !== '').join(' ');
  return { name, domain };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function makePerson(rng: Random, companyDomain: string, registry: Registry): Person {
  const firstName = rng.pick(PERSON_NAMES.first);
  const lastName = rng.pick(PERSON_NAMES.last);
  const x = rng.next();
  const email = x < 0.5 ? `${firstName}.${lastName}@${companyDomain}`
    : x < 0.7 ? `${firstName}@${companyDomain}`
      : x < 0.9 ? `${firstName.charAt(0)}${lastName}@${companyDomain}`
        : `${firstName}.${lastName}${rng.int(1, 99)}@${rng.pick(PERSON_NAMES.personalDomains)}`;
  return {
    email: registry.claimEmail(email), firstName: capitalise(firstName), lastName: capitalise(lastName),
    clients: [], device: null, hasContact: false,
  };
}

/** How a person types their email into a form: sometimes capitalised, now and then with a stray space. */
export function typedEmail(rng: Random, person: Person): string {
  const x = rng.next();
  if (x < 0.88) return person.email;
  const at = person.email.indexOf('@');
  const local = person.email.slice(0, at).split('.').map(capitalise).join('.');
  return x < 0.97 ? `${local}${person.email.slice(at)}` : `${person.email} `;
}

export function publicIp(rng: Random, country: Country): string {
  return `${rng.pick(country.ipBlocks)}${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

export function makeClient(rng: Random, kind: DeviceKind, country: Country): Client {
  const x = rng.next();
  return {
    id: rng.uuid(), kind, userAgent: rng.choose(USER_AGENTS[kind]), ip: publicIp(rng, country),
    consent: x < 0.15 ? undefined : x < 0.3 ? CONSENT_NO_ADS : CONSENT_ALL,
    cookies: undefined, identified: false,
  };
}

export function makeBotClient(rng: Random): Client {
  const bot = rng.pick(BOTS);
  return {
    id: rng.uuid(), kind: 'bot', userAgent: bot.userAgent, ip: `${bot.ipPrefix}${rng.int(1, 254)}`,
    consent: undefined, cookies: undefined, identified: false,
  };
}

/** A person's browsers: a work computer first, then often a phone, sometimes a tablet or a home computer. */
export function giveClients(rng: Random, person: Person, country: Country): void {
  const count = rng.chance(0.55) ? 1 : rng.chance(0.73) ? 2 : 3;
  const first: DeviceKind = rng.chance(0.8) ? 'desktop' : 'mobile';
  const second: DeviceKind = first === 'desktop' ? 'mobile' : 'desktop';
  const kinds: DeviceKind[] = [first, second, rng.chance(0.5) ? 'tablet' : 'desktop'];
  for (let i = 0; i < count; i++) person.clients.push(makeClient(rng, kinds[i] ?? 'desktop', country));
}

export function giveDevice(rng: Random, person: Person): void {
  // iOS identifiers for vendor are upper case; Android app-set IDs lower case.
  const id = rng.uuid();
  person.device = { id: rng.chance(0.55) ? id.toUpperCase() : id };
}
