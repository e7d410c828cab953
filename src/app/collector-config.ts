// The collector's exposure to the open internet, as configured: which sites may send (write keys, origins), who may
// send server-side events (secret keys), how fast (rate limit), and which proxy to believe about client addresses.
// Field schemas only; config.ts composes them into its one environment schema.
import { z } from 'zod';

export interface WriteKey {
  key: string;
  /** Origins this key may be used from; empty: any allowed origin. */
  origins: string[];
}

export interface CollectorConfig {
  /** Empty: any write key (or none) is accepted — the embedded default. */
  writeKeys: WriteKey[];
  /** Empty: server-side events need no secret. */
  secretKeys: string[];
  /** Browser origins allowed besides those bound to write keys; none at all: any origin. */
  allowedOrigins: string[];
  /** Requests per (write key, client address); null: no limit. */
  rateLimit: { perMinute: number; burst: number } | null;
  /** Fastify's trustProxy: whom to believe in X-Forwarded-For. */
  trustProxy: boolean | number | string[];
}

const KEY = /^[A-Za-z0-9_.-]{1,128}$/;
const MIN_SECRET_LENGTH = 16;

const list = (s: string) => s.split(',').map((v) => v.trim()).filter((v) => v.length > 0);

/** `https://www.acme.com` as the browser sends it in Origin: scheme, host, port; no path, no trailing slash. */
function origin(text: string, ctx: z.RefinementCtx): string {
  let parsed: URL | null = null;
  try { parsed = new URL(text); } catch { /* reported below */ }
  if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== text.replace(/\/$/, '').toLowerCase()) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not an origin (expected scheme://host[:port], like https://www.acme.com)` });
    return text;
  }
  return parsed.origin;
}

/** `key` or `key:origin` pairs, comma-separated; a key bound to several origins is listed once per origin. */
export const writeKeysVar = z.string().transform((s, ctx): WriteKey[] => {
  const byKey = new Map<string, string[]>();
  for (const item of list(s)) {
    const colon = item.indexOf(':');
    const key = colon === -1 ? item : item.slice(0, colon);
    if (!KEY.test(key)) ctx.addIssue({ code: 'custom', message: `write key "${key}" must be 1-128 letters, digits, _ . -` });
    const origins = byKey.get(key) ?? [];
    if (colon !== -1) origins.push(origin(item.slice(colon + 1), ctx));
    byKey.set(key, origins);
  }
  return [...byKey].map(([key, origins]) => ({ key, origins }));
});

/** Comma-separated keys that are secrets (secret keys, read keys): 16-128 characters each, never echoed. */
export const privateKeysVar = (what: string) => z.string().transform((s, ctx): string[] => {
  const keys = list(s);
  for (const k of keys) {
    // Never echo a secret, not even in a configuration error.
    if (k.length < MIN_SECRET_LENGTH || !KEY.test(k)) ctx.addIssue({ code: 'custom', message: `each ${what} must be ${MIN_SECRET_LENGTH}-128 letters, digits, _ . -` });
  }
  return keys;
});

export const secretKeysVar = privateKeysVar('secret key');

export const originsVar = z.string().transform((s, ctx) => list(s).map((o) => origin(o, ctx)));

/** `true`, `false`, a number of proxy hops, or comma-separated proxy addresses / CIDR ranges. */
export const trustProxyVar = z.string().transform((s): boolean | number | string[] => {
  const t = s.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  if (/^\d+$/.test(t)) return Number(t);
  return list(t);
});

export function collectorConfig(e: {
  TRIBUTARY_WRITE_KEYS?: WriteKey[] | undefined; TRIBUTARY_SECRET_KEYS?: string[] | undefined; TRIBUTARY_ALLOWED_ORIGINS?: string[] | undefined;
  TRIBUTARY_RATE_LIMIT_PER_MINUTE?: number | undefined; TRIBUTARY_RATE_LIMIT_BURST?: number | undefined; TRIBUTARY_TRUST_PROXY?: boolean | number | string[] | undefined;
}): CollectorConfig {
  const perMinute = e.TRIBUTARY_RATE_LIMIT_PER_MINUTE ?? 600;
  return {
    writeKeys: e.TRIBUTARY_WRITE_KEYS ?? [],
    secretKeys: e.TRIBUTARY_SECRET_KEYS ?? [],
    allowedOrigins: e.TRIBUTARY_ALLOWED_ORIGINS ?? [],
    rateLimit: perMinute === 0 ? null : { perMinute, burst: e.TRIBUTARY_RATE_LIMIT_BURST ?? 120 },
    trustProxy: e.TRIBUTARY_TRUST_PROXY ?? false,
  };
}
