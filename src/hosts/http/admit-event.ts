// What the collector adds to, or refuses in, an event before validation, from what it knows about the request:
// - a browser `session` gets the client's address and User-Agent when it does not carry them (the SDK leaves
//   both to the collector: the page cannot know its public address). A backend's request (secret key) is not the
//   visitor's, so its sessions are taken as sent;
// - with IP anonymisation on, the address is anonymised here, so the full one is never written anywhere — not even
//   to the outbox on its way to VisitsRunner (which anonymises too, for the other ways in);
// - once secret keys are configured, conversions (`company_created`, `signup`, ...) are refused from public write
//   keys: a key read from a web page must not let anyone invent customers;
// - ad spend (`ad_spend`) comes from a secret key only, keys configured or not: anyone who can load the page could
//   otherwise rewrite every cost per conversion.
import { anonymiseIp } from '../../core/enrichment/ip.js';
import { MAX_USER_AGENT_LENGTH } from '../../core/events/fields.js';
import type { Principal } from './access-policy.js';

/** Events that declare an entity or a conversion: from backends only, once secret keys exist. */
export const SERVER_SIDE_TYPES: ReadonlySet<string> = new Set(['contact_created', 'company_created', 'signup', 'mobile_signup', 'call']);

export interface RequestFacts {
  principal: Principal;
  ip: string;
  userAgent: string | null;
  anonymiseIp: boolean;
  secretKeysConfigured: boolean;
}

export type Admission = { ok: true; event: unknown } | { ok: false; reason: string; event_id: string | null };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const absent = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

export function admitEvent(raw: unknown, facts: RequestFacts): Admission {
  if (!isObject(raw)) return { ok: true, event: raw };
  const trusted = facts.principal.kind === 'secret';
  if (!trusted && facts.secretKeysConfigured && typeof raw.type === 'string' && SERVER_SIDE_TYPES.has(raw.type)) {
    return {
      ok: false,
      event_id: typeof raw.event_id === 'string' ? raw.event_id : null,
      reason: `type: ${raw.type} is a server-side event: send it with a secret key (Authorization: Bearer <key>), not a write key`,
    };
  }
  if (!trusted && raw.type === 'ad_spend') {
    return {
      ok: false,
      event_id: typeof raw.event_id === 'string' ? raw.event_id : null,
      reason: 'type: ad_spend is accepted from a secret key only: set TRIBUTARY_SECRET_KEYS and send it with Authorization: Bearer <key>, or load it with `tributary ingest`',
    };
  }
  if (raw.type !== 'session') return { ok: true, event: raw };
  const event = { ...raw };
  if (!trusted && absent(event.ip)) event.ip = facts.ip;
  if (!trusted && absent(event.user_agent) && facts.userAgent && facts.userAgent.length <= MAX_USER_AGENT_LENGTH) event.user_agent = facts.userAgent;
  // An address that does not parse is left for the validator to reject with its reason.
  if (facts.anonymiseIp && typeof event.ip === 'string') event.ip = anonymiseIp(event.ip) ?? event.ip;
  return { ok: true, event };
}
