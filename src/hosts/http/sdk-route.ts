// GET /sdk.js: the script of `<script src="https://COLLECTOR/sdk.js" data-write-key="KEY" async>`. Its URL has no
// version, so browsers keep it an hour and then revalidate with the ETag (304 when unchanged); gzip when asked.
import type { FastifyInstance } from 'fastify';
import { sdkBundle } from './sdk-bundle.js';
import { sendServed } from './send-served.js';

const CACHE_CONTROL = 'public, max-age=3600, stale-while-revalidate=86400';

export function registerSdkRoute(app: FastifyInstance): void {
  app.get('/sdk.js', async (request, reply) => {
    let bundle;
    try {
      bundle = await sdkBundle();
    } catch (error) {
      request.log.error({ err: error }, 'the browser SDK could not be built');
      return reply.code(503).send({ error: `the browser SDK could not be built (esbuild is a dependency installed by \`npm ci\`): ${(error as Error).message}` });
    }
    reply
      // Loadable by sites that isolate themselves (COEP) or check it with Subresource Integrity (CORS mode).
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('access-control-allow-origin', '*');
    return sendServed(request, reply, bundle, 'text/javascript; charset=utf-8', CACHE_CONTROL);
  });
}
