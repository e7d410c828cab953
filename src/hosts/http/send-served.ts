// Answers a GET with bytes built or read once per process (the SDK, the dashboard's page and assets): an ETag so a
// browser revalidates for a 304 instead of downloading again, gzip when asked, and no MIME sniffing.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServedBytes } from './browser-bundle.js';

export function etagMatches(ifNoneMatch: string | undefined, etags: string[]): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || etags.includes(t);
  });
}

export function sendServed(request: FastifyRequest, reply: FastifyReply, bytes: ServedBytes, type: string, cacheControl: string): FastifyReply {
  const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
  const etags = [`"${bytes.hash}"`, `"${bytes.hash}-gz"`];
  reply
    .header('cache-control', cacheControl)
    .header('etag', gzip ? etags[1] : etags[0])
    .header('vary', 'accept-encoding')
    .header('x-content-type-options', 'nosniff');
  if (etagMatches(request.headers['if-none-match'], etags)) return reply.code(304).send();
  reply.type(type);
  if (gzip) return reply.header('content-encoding', 'gzip').send(bytes.gzip);
  return reply.send(bytes.code);
}
