// Who may read (CONTRACT section 10): the dashboard, /v1/reports/* and the attribution endpoints answer a read key
// (TRIBUTARY_READ_KEYS) given as `Authorization: Bearer <key>` or through the dashboard's sign-in, which leaves a
// cookie; with no read key configured they answer loopback clients only, so a fresh `tributary start` shows the
// dashboard on the laptop that runs it and to nobody else. Everything is guarded except what the open internet must
// reach (the collector, the SDK, health, metrics, the sign-in page): a new route is private unless listed here.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isIP } from 'node:net';
import { keyDigest, keyMatcher } from './key-match.js';

const PUBLIC_PATHS: ReadonlySet<string> = new Set(['/v1/events', '/sdk.js', '/healthz', '/metrics', '/sign-in']);
export const READ_COOKIE = 'tributary_read';
const COOKIE_MAX_AGE_S = 30 * 24 * 3600;

/** What the cookie holds for a key: a digest, so the key itself is never stored in a browser. */
const cookieToken = (key: string) => keyDigest(`tributary-read:${key}`).toString('base64url');

export function isLoopback(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Where to go after signing in: a path on this site only, so the sign-in page cannot send anyone elsewhere. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) && !/[\r\n]/.test(next) ? next : '/';
}

export interface ReadAccess {
  /** Is this request allowed to read? */
  allows(request: FastifyRequest): boolean;
  /** Does this key open the dashboard? (The sign-in form.) */
  isReadKey(key: string): boolean;
  /** The Set-Cookie value that signs this key's holder in. */
  signInCookie(key: string, secure: boolean): string;
  keysConfigured: boolean;
}

export function createReadAccess(readKeys: readonly string[]): ReadAccess {
  const isReadKey = keyMatcher(readKeys);
  const isToken = keyMatcher(readKeys.map(cookieToken));
  return {
    keysConfigured: readKeys.length > 0,
    isReadKey,
    allows(request) {
      // request.ip honours TRIBUTARY_TRUST_PROXY: behind a trusted proxy it is the client's address, not the proxy's.
      if (readKeys.length === 0) return isLoopback(request.ip);
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
      if (bearer !== undefined) return isReadKey(bearer);
      const token = cookieValue(request.headers.cookie, READ_COOKIE);
      return token !== null && isToken(token);
    },
    signInCookie(key, secure) {
      return `${READ_COOKIE}=${cookieToken(key)}; Path=/; Max-Age=${COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
    },
  };
}

export function registerReadAccess(app: FastifyInstance, access: ReadAccess): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    if (PUBLIC_PATHS.has(path) || access.allows(request)) return;
    if (!access.keysConfigured) {
      return reply.code(401).send({ error: 'reports, the dashboard and attributions answer loopback clients only: set TRIBUTARY_READ_KEYS and send Authorization: Bearer <key> (or sign in at /sign-in)' });
    }
    // A person opening the dashboard is sent to sign in; a program gets the error that says what to send.
    if (request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')) {
      return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
    }
    return reply.code(401).send({ error: 'a read key is required: send Authorization: Bearer <one of TRIBUTARY_READ_KEYS>, or sign in at /sign-in' });
  });
}
