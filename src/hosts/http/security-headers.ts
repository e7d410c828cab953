// Headers on every answer, for what a browser may do with it: no MIME sniffing (a JSON answer holding a hostile
// string must never run as a script or page), no framing, no referrer leaking ids in URLs, and no caching of the
// answers that may carry personal data (attribution objects hold emails): those of GET. The collector's POST answers
// (counts and reasons) are not cached by anyone anyway, and `no-store` on them keeps Chromium's devtools — and so
// Playwright — from reading their bodies, which the SDK's browser tests do. A route that sets its own Cache-Control or
// Content-Security-Policy (/sdk.js, an HTML page) keeps it; the strict `default-src 'none'` is for API answers only,
// which load nothing.
import type { FastifyInstance } from 'fastify';

export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (request.method !== 'POST' && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    const type = String(reply.getHeader('content-type') ?? '');
    if (!reply.hasHeader('content-security-policy') && !type.startsWith('text/html')) {
      reply.header('content-security-policy', API_CONTENT_SECURITY_POLICY);
    }
    return payload;
  });
}
