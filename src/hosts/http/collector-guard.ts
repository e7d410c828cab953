// The door of POST /v1/events, run before the body is read (a refused flood costs no parsing): CORS headers for
// an allowed origin, then the access policy (401 / 403), then the rate limit (429 with Retry-After). Each refusal
// answers a JSON `{error}` that says what to change.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessPolicy, Principal } from './access-policy.js';
import { allowOrigin } from './cors.js';
import type { RateLimiter } from './rate-limiter.js';

export type Refusal = 'bad_secret_key' | 'missing_write_key' | 'unknown_write_key' | 'origin' | 'rate_limited' | 'too_large' | 'busy';

const principals = new WeakMap<FastifyRequest, Principal>();

/** Who sent this request, as the guard established; an unguarded request is an anonymous public sender. */
export const principalOf = (request: FastifyRequest): Principal => principals.get(request) ?? { kind: 'write', key: null };

function writeKeyOf(request: FastifyRequest): string | null {
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.write_key;
  const value = Array.isArray(fromQuery) ? fromQuery[0] : fromQuery ?? request.headers['x-write-key'];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function createCollectorGuard(policy: AccessPolicy, limiter: RateLimiter | null, onRefused: (reason: Refusal) => void) {
  return async function guardCollector(request: FastifyRequest, reply: FastifyReply) {
    const origin = request.headers.origin ?? null;
    // Set first, so every answer (401, 413, 429 included) is readable by an allowed page: the SDK must see the
    // status to know whether retrying can help.
    if (origin !== null && policy.originAllowed(origin)) allowOrigin(reply, origin);
    const decision = policy.decide({ origin, writeKey: writeKeyOf(request), authorization: request.headers.authorization ?? null });
    if (!decision.ok) {
      onRefused(decision.reason);
      return reply.code(decision.status).send({ error: decision.error });
    }
    principals.set(request, decision.principal);
    if (limiter && decision.principal.kind === 'write') {
      // Unconfigured keys share one bucket per address: inventing keys must not buy fresh buckets.
      const taken = limiter.take(`${decision.principal.key ?? '*'}|${request.ip}`);
      if (!taken.allowed) {
        onRefused('rate_limited');
        return reply.code(429).header('retry-after', String(taken.retryAfterS))
          .send({ error: `too many requests from this address with this write key; retry after ${taken.retryAfterS} s` });
      }
    }
  };
}
