// The dashboard at / (CONTRACT section 7): one page, one stylesheet, one script, all from this origin, under a
// Content-Security-Policy that allows nothing else — no inline script or style, no other origin, no framing — so a
// hostile campaign name that ever reached the page as markup still could not run. Read access (read-access.ts)
// guards these routes like the reports they draw.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServedBytes } from '../browser-bundle.js';
import { sendServed } from '../send-served.js';
import { dashboardPage, dashboardScript, dashboardStylesheet } from './assets.js';

export const DASHBOARD_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
  + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
export const SCRIPT_PATH = '/dashboard/dashboard.js';
export const STYLESHEET_PATH = '/dashboard/dashboard.css';

// The files change only with a new release, but their URLs do not: the browser asks again each time (a 304 when
// unchanged, by the ETag). Private, since they are behind read access.
const CACHE_CONTROL = 'private, no-cache';

export interface DashboardSettings {
  /** The one currency of spend (TRIBUTARY_CURRENCY), for money formatting on the page. */
  currency: string;
}

type Load = () => Promise<ServedBytes>;

function serve(load: Load, type: string, what: string) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    let bytes: ServedBytes;
    try {
      bytes = await load();
    } catch (error) {
      request.log.error({ err: error }, `the dashboard's ${what} could not be built`);
      return reply.code(503).send({ error: `the dashboard's ${what} could not be built (esbuild and chart.js are dependencies installed by \`npm ci\`): ${(error as Error).message}` });
    }
    return sendServed(request, reply, bytes, type, CACHE_CONTROL);
  };
}

export function registerDashboard(app: FastifyInstance, settings: DashboardSettings): void {
  const page = serve(() => dashboardPage(settings.currency), 'text/html; charset=utf-8', 'page');
  app.get('/', async (request, reply) => page(request, reply.header('content-security-policy', DASHBOARD_CSP)));
  app.get(SCRIPT_PATH, serve(dashboardScript, 'text/javascript; charset=utf-8', 'script'));
  app.get(STYLESHEET_PATH, serve(dashboardStylesheet, 'text/css; charset=utf-8', 'stylesheet'));
  // Built as the server starts listening, so the first reader does not wait for esbuild.
  app.addHook('onListen', async () => { dashboardScript().catch((error) => app.log.error({ err: error }, "the dashboard's script could not be built")); });
}
