// How request bodies are read, for every route alike:
// - application/json and text/plain are both parsed as JSON, by the same plain JSON.parse that `tributary ingest`
//   uses, so the three ways in give the same result (CONTRACT section 1). The SDK posts text/plain because it is what
//   sendBeacon sends and, unlike application/json, needs no CORS preflight. Fastify's own JSON parser would refuse a
//   whole batch for one `__proto__` key in one event (its prototype-poisoning guard), losing the good events beside
//   it; JSON.parse keeps such a key as ordinary data, which the validator strips or keeps as data, never assigning it
//   to a prototype;
// - the body must be UTF-8: invalid bytes are a 400, not silently replaced by U+FFFD (which would store an altered
//   UTM value or identifier as if it had been sent);
// - a compressed body (Content-Encoding) is refused with 415 rather than read as text: nothing here inflates bodies,
//   and inflating would make the 1 MiB limit a limit on the compressed size only;
// - any other content type is 415 with the types that are read.
import type { FastifyInstance, FastifyRequest } from 'fastify';

type Done = (error: Error | null, body?: unknown) => void;
const ACCEPTED_TYPES = 'application/json or text/plain (JSON text)';
const utf8 = new TextDecoder('utf-8', { fatal: true });
const refusal = (message: string, statusCode: number) => Object.assign(new Error(message), { statusCode });

function parseJson(request: FastifyRequest, bytes: Buffer, done: Done): void {
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    done(refusal(`content-encoding ${JSON.stringify(encoding)} is not accepted: send the body uncompressed, as ${ACCEPTED_TYPES}`, 415));
    return;
  }
  let body: string;
  try {
    body = utf8.decode(bytes);
  } catch {
    done(refusal('body is not valid UTF-8: send JSON text encoded as UTF-8', 400));
    return;
  }
  try {
    done(null, JSON.parse(body));
  } catch (error) {
    done(refusal(`body is not valid JSON: ${(error as Error).message}`, 400));
  }
}

export function parseTextAsJson(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'buffer' }, (request, body, done) => parseJson(request, body as Buffer, done));
  app.addContentTypeParser('*', (request, _payload, done) => {
    done(refusal(`content-type ${JSON.stringify(request.headers['content-type'] ?? '')} is not accepted: send ${ACCEPTED_TYPES}`, 415));
  });
}
