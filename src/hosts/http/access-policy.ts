// Who may post events, decided from the request's Origin, write key and secret key. Pure over its configuration,
// so every rule is unit-tested without a server. Rules (CONTRACT sections 6 and 7, docs/decisions.md):
// - a valid secret key (Authorization: Bearer) is a trusted backend: no write key, origin or rate limit applies;
//   a wrong one is 401 (no guessing by falling back to the write-key path);
// - a browser Origin outside the allowed set is 403 (no origins configured at all: any origin);
// - with no write keys configured any key, or none, is accepted (the embedded default); otherwise a missing or
//   unknown key is 401, and a key bound to origins used from another origin is 403.
import type { CollectorConfig } from '../../app/collector-config.js';
import { keyMatcher } from './key-match.js';

export type Principal =
  | { kind: 'secret' }
  /** A browser or other public sender; `key` is the configured write key, null when keys are not configured. */
  | { kind: 'write'; key: string | null };

export type AccessDecision =
  | { ok: true; principal: Principal }
  | { ok: false; status: 401 | 403; reason: 'bad_secret_key' | 'missing_write_key' | 'unknown_write_key' | 'origin'; error: string };

export interface AccessRequest { origin: string | null; writeKey: string | null; authorization: string | null }

export interface AccessPolicy {
  /** May a page on this origin call the collector (CORS)? */
  originAllowed(origin: string): boolean;
  /** Conversion events need a secret key once secret keys are configured. */
  secretKeysConfigured: boolean;
  decide(request: AccessRequest): AccessDecision;
}

/** Keys are echoed in errors (they are public, in every page), but never at a length that floods a log. */
const shown = (key: string) => JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}...` : key);

export function createAccessPolicy(config: Pick<CollectorConfig, 'writeKeys' | 'secretKeys' | 'allowedOrigins'>): AccessPolicy {
  const keyOrigins = new Map(config.writeKeys.map((k) => [k.key, new Set(k.origins)]));
  const origins = new Set([...config.allowedOrigins, ...config.writeKeys.flatMap((k) => k.origins)]);
  const isSecret = keyMatcher(config.secretKeys);
  const originAllowed = (origin: string) => origins.size === 0 || origins.has(origin);

  return {
    originAllowed,
    secretKeysConfigured: config.secretKeys.length > 0,
    decide({ origin, writeKey, authorization }) {
      if (authorization !== null && config.secretKeys.length > 0) {
        const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
        if (token && isSecret(token)) return { ok: true, principal: { kind: 'secret' } };
        return { ok: false, status: 401, reason: 'bad_secret_key', error: 'invalid secret key: send `Authorization: Bearer <one of TRIBUTARY_SECRET_KEYS>`, or no Authorization header and a write key' };
      }
      if (origin !== null && !originAllowed(origin)) {
        return { ok: false, status: 403, reason: 'origin', error: `origin ${shown(origin)} may not send events to this collector: list it in TRIBUTARY_ALLOWED_ORIGINS or bind it to a write key (key:origin in TRIBUTARY_WRITE_KEYS)` };
      }
      if (keyOrigins.size === 0) return { ok: true, principal: { kind: 'write', key: null } };
      if (!writeKey) {
        return { ok: false, status: 401, reason: 'missing_write_key', error: 'missing write key: pass ?write_key=KEY (the SDK sends its data-write-key) or the X-Write-Key header; server-side senders use Authorization: Bearer <secret key>' };
      }
      const bound = keyOrigins.get(writeKey);
      if (!bound) return { ok: false, status: 401, reason: 'unknown_write_key', error: `unknown write key ${shown(writeKey)}: check the data-write-key of the script tag against TRIBUTARY_WRITE_KEYS` };
      if (origin !== null && bound.size > 0 && !bound.has(origin)) {
        return { ok: false, status: 403, reason: 'origin', error: `write key ${shown(writeKey)} is not valid on origin ${shown(origin)}: each site sends with its own key` };
      }
      return { ok: true, principal: { kind: 'write', key: writeKey } };
    },
  };
}
