// Bodies sent as text/plain are parsed as JSON: the SDK posts text/plain because it is what sendBeacon sends
// and, unlike application/json, needs no CORS preflight (one round trip per batch instead of two).
import type { FastifyInstance } from 'fastify';

export function parseTextAsJson(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(Object.assign(new Error(`body is not valid JSON: ${(error as Error).message}`), { statusCode: 400 }), undefined);
    }
  });
}
