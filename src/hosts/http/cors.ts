// CORS for the collector: `Access-Control-Allow-Origin` echoes an allowed origin only. The SDK posts text/plain
// (a CORS "simple" request: no preflight, and what sendBeacon can send), so CORS alone cannot keep other origins
// out — the access policy refuses them on the server too. The preflight answered here serves integrations that
// post application/json from a browser.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AccessPolicy } from './access-policy.js';

const PREFLIGHT_MAX_AGE_S = 86_400;

export function allowOrigin(reply: FastifyReply, origin: string): void {
  reply.header('access-control-allow-origin', origin);
  reply.header('vary', 'origin');
}

export function registerPreflight(app: FastifyInstance, url: string, policy: AccessPolicy, onRefused: () => void): void {
  app.options(url, async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || !policy.originAllowed(origin)) {
      onRefused();
      return reply.code(403).send({ error: `origin ${JSON.stringify(origin ?? null)} may not send events to this collector` });
    }
    allowOrigin(reply, origin);
    return reply.code(204)
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', 'content-type, x-write-key')
      .header('access-control-max-age', String(PREFLIGHT_MAX_AGE_S))
      .send();
  });
}
