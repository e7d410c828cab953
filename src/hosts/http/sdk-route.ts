// GET /sdk.js: the script of `<script src="https://COLLECTOR/sdk.js" data-write-key="KEY" async>`. Its URL has no
// version, so browsers keep it an hour and then revalidate with the ETag (304 when unchanged); gzip when asked.
import type { FastifyInstance } from 'fastify';
import { sdkBundle } from './sdk-bundle.js';

const CACHE_CONTROL = 'public, max-age=3600, stale-while-revalidate=86400';

function matches(ifNoneMatch: string | undefined, etags: string[]): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || etags.includes(t);
  });
}

export function registerSdkRoute(app: FastifyInstance): void {
  app.get('/sdk.js', async (request, reply) => {
    let bundle;
    try {
      bundle = await sdkBundle();
    } catch (error) {
      request.log.error({ err: error }, 'the browser SDK could not be built');
      return reply.code(503).send({ error: `the browser SDK could not be built (esbuild is a dependency installed by \`npm ci\`): ${(error as Error).message}` });
    }
    const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    const etags = [`"${bundle.hash}"`, `"${bundle.hash}-gz"`];
    reply
      .header('cache-control', CACHE_CONTROL)
      .header('etag', gzip ? etags[1] : etags[0])
      .header('vary', 'accept-encoding')
      .header('x-content-type-options', 'nosniff')
      // Loadable by sites that isolate themselves (COEP) or check it with Subresource Integrity (CORS mode).
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('access-control-allow-origin', '*');
    if (matches(request.headers['if-none-match'], etags)) return reply.code(304).send();
    reply.type('text/javascript; charset=utf-8');
    if (gzip) return reply.header('content-encoding', 'gzip').send(bundle.gzip);
    return reply.send(bundle.code);
  });
}
