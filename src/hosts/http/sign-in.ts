// The dashboard's sign-in page (CONTRACT section 10): a form that takes a read key and leaves a cookie holding its
// digest. Plain HTML under a CSP that allows no script at all: the page needs none.
import type { FastifyInstance } from 'fastify';
import { safeNext, type ReadAccess } from './read-access.js';

const SIGN_IN_CSP = "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(next: string, problem: string | null): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Tributary</title></head>
<body>
<main>
<h1>Tributary</h1>
<form method="post" action="/sign-in">
<p><label for="key">Read key</label><br><input id="key" name="key" type="password" autocomplete="current-password" required autofocus></p>
<input type="hidden" name="next" value="${escapeHtml(next)}">
${problem === null ? '' : `<p role="alert">${escapeHtml(problem)}</p>`}
<p><button type="submit">Sign in</button></p>
</form>
<p>A read key is one of <code>TRIBUTARY_READ_KEYS</code> of this server.</p>
</main>
</body></html>
`;
}

export function registerSignIn(app: FastifyInstance, access: ReadAccess): void {
  // The form's body type, for these routes only: the collector keeps refusing what is not JSON.
  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));

    scope.get<{ Querystring: { next?: string } }>('/sign-in', async (request, reply) =>
      reply.type('text/html; charset=utf-8').header('content-security-policy', SIGN_IN_CSP).send(page(safeNext(request.query.next), null)));

    scope.post<{ Body: { key?: unknown; next?: unknown } }>('/sign-in', async (request, reply) => {
      const body = request.body ?? {};
      const next = safeNext(body.next);
      if (typeof body.key !== 'string' || !access.isReadKey(body.key)) {
        const problem = access.keysConfigured ? 'That is not a read key of this server.' : 'No read keys are configured: set TRIBUTARY_READ_KEYS, or open the dashboard from this machine.';
        return reply.code(401).type('text/html; charset=utf-8').header('content-security-policy', SIGN_IN_CSP).send(page(next, problem));
      }
      return reply.header('set-cookie', access.signInCookie(body.key, request.protocol === 'https')).redirect(next, 303);
    });
  });
}
