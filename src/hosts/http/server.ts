// The HTTP host of `tributary start`: the collector (POST /v1/events, guarded by write keys, secret keys, CORS and a
// rate limit), the browser SDK (GET /sdk.js), the attribution API, health and metrics.
import Fastify, { LogController, type FastifyInstance, type FastifyLoggerOptions } from 'fastify';
import { validateEvent } from '../../core/events/validate.js';
import { acceptEvents } from '../../app/ingress.js';
import type { Pipeline } from '../../app/pipeline.js';
import { loadCredits, type CreditEntity } from '../../store/bi/attribution-credits.js';
import { emailsOfContactId, loadCompanyAttributions, loadContactAttributions } from '../../store/bi/attribution-results.js';
import { createMetrics } from './metrics.js';
import { createAccessPolicy } from './access-policy.js';
import { admitEvent } from './admit-event.js';
import { createCollectorGuard, principalOf } from './collector-guard.js';
import { OPEN_COLLECTOR, type CollectorOptions } from './collector-options.js';
import { registerPreflight } from './cors.js';
import { parseTextAsJson } from './json-text-parser.js';
import { rawEventText } from './raw-event-text.js';
import { createRateLimiter } from './rate-limiter.js';
import { createIntakeBudget, DEFAULT_INTAKE_BUDGET } from './intake-budget.js';
import { sdkBundle } from './sdk-bundle.js';
import { registerSdkRoute } from './sdk-route.js';
import { createReadAccess, registerReadAccess } from './read-access.js';
import { registerReportRoutes } from './report-routes.js';
import { registerSignIn } from './sign-in.js';
import { registerDashboard } from './dashboard/register-dashboard.js';
import { addSecurityHeaders } from './security-headers.js';
import { MAX_IDENTIFIER_LENGTH } from '../../core/events/fields.js';

export const MAX_BATCH_EVENTS = 500;
export const MAX_BODY_BYTES = 1024 * 1024;
const DRAIN_LINGER_MS = 20;
/** Time to send a whole request, headers and body; a 1 MiB batch needs under 30 s even at 300 kbit/s. */
export const REQUEST_TIMEOUT_MS = 30_000;
// Ids in paths (an identifier of 256 characters) percent-encoded: up to 12 characters each (4 UTF-8 bytes, %XX).
const MAX_PARAM_LENGTH = MAX_IDENTIFIER_LENGTH * 12;

export interface ServerOptions {
  logLevel: string;
  /** Keys, origins, rate limit, proxy trust, IP anonymisation; absent: an open collector (tests, benchmark). */
  collector?: CollectorOptions;
  /** Keys that may read reports, the dashboard and attributions (TRIBUTARY_READ_KEYS); none: loopback clients only. */
  readKeys?: readonly string[];
  /** A request (headers and body) not received in this time is answered 408 and its connection closed. */
  requestTimeoutMs?: number;
  /** Declared body bytes and requests POST /v1/events may hold at once; past them, 503 with Retry-After. */
  intakeBudget?: { maxBytes: number; maxRequests: number };
}

export function createServer(pipeline: Pipeline, options: ServerOptions): FastifyInstance {
  const collector = options.collector ?? OPEN_COLLECTOR;
  const logger: FastifyLoggerOptions = { level: options.logLevel };
  // With anonymisation on, the request log must not keep the full address either.
  if (collector.anonymiseIp) logger.serializers = { req: (req) => ({ method: req.method, url: req.url }) };
  // A number of proxy hops is trusted as proxy-addr does (Fastify's typings only take its function form).
  const hops = collector.trustProxy;
  const trustProxy = typeof hops === 'number' ? (_address: string, hop: number) => hop < hops : hops;
  // One log line per request would drown the log at collector rates; errors and rejections are logged where they happen.
  // Fastify sets no request timeout by default: a client dribbling its body a byte at a time (slow loris) would hold
  // its connection for ever. Node reads the timeouts when the server is created (setting them later has no effect)
  // and checks them on an interval, so all three are given to it together.
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const http = { requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(requestTimeout / 2, 1000) };
  const app = Fastify({
    logger, bodyLimit: MAX_BODY_BYTES, trustProxy, logController: new LogController({ disableRequestLogging: true }),
    requestTimeout, http, routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  });
  const metrics = createMetrics(pipeline);
  parseTextAsJson(app);
  addSecurityHeaders(app);
  const policy = createAccessPolicy(collector);
  const guard = createCollectorGuard(policy, collector.rateLimit ? createRateLimiter(collector.rateLimit) : null, metrics.recordRefusal);
  registerPreflight(app, '/v1/events', policy, () => metrics.recordRefusal('origin'));
  const withinBudget = createIntakeBudget({ ...DEFAULT_INTAKE_BUDGET, ...options.intakeBudget, largestBody: MAX_BODY_BYTES }, () => metrics.recordRefusal('busy'));
  registerSdkRoute(app);
  const readAccess = createReadAccess(options.readKeys ?? []);
  registerReadAccess(app, readAccess);
  registerSignIn(app, readAccess);
  registerReportRoutes(app, pipeline);
  registerDashboard(app, pipeline.rules);
  // Build the SDK as the collector starts listening, so the first page that asks for it does not wait.
  app.addHook('onListen', async () => { sdkBundle().catch((error) => app.log.error({ err: error }, 'the browser SDK could not be built')); });
  let draining: Promise<void> | null = null;
  // On the embedded bus a batch is handled before it is answered (one unit of work); on RabbitMQ the collector answers
  // once the events are durably queued, and the workers catch up behind it. What is left queued (retries, delayed
  // messages, work from before a restart) is drained here, a few milliseconds late so that a burst forms one batch.
  const processInBackground = () => {
    draining ??= new Promise((resolve) => setTimeout(resolve, DRAIN_LINGER_MS))
      .then(() => pipeline.tick())
      .catch((error) => app.log.error({ err: error }, 'pipeline error'))
      .finally(() => { draining = null; });
  };
  // Delayed re-attribution and the destinations' deliveries run on the wall clock while serving.
  let delivering: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    processInBackground();
    delivering ??= pipeline.deliver().catch((error) => app.log.error({ err: error }, 'delivery error')).finally(() => { delivering = null; });
  }, 1000);
  app.addHook('onClose', async () => { clearInterval(timer); await draining; await delivering; });

  app.post('/v1/events', { onRequest: [guard, withinBudget] }, async (request, reply) => {
    const body = request.body;
    const batch = isBatch(body) ? body.events : [body];
    if (batch.length === 0) return reply.code(400).send({ error: `events: the batch is empty; send 1 to ${MAX_BATCH_EVENTS} events`, accepted: 0, duplicate: 0, rejected: [] });
    if (batch.length > MAX_BATCH_EVENTS) {
      return reply.code(413).send({ error: `a batch holds at most ${MAX_BATCH_EVENTS} events; got ${batch.length}. Split it into smaller batches.` });
    }
    const facts = {
      principal: principalOf(request), ip: request.ip, userAgent: request.headers['user-agent'] ?? null,
      anonymiseIp: collector.anonymiseIp, secretKeysConfigured: policy.secretKeysConfigured,
    };
    const summary = await acceptEvents(pipeline.bus, batch.map((raw) => {
      const admitted = admitEvent(raw, facts);
      return { result: admitted.ok ? validateEvent(admitted.event) : admitted, raw: () => rawEventText(raw) };
    }), 'http', pipeline.rules, { handleNow: true });
    metrics.recordIngress(summary);
    processInBackground();
    const ok = summary.accepted + summary.duplicate > 0;
    return reply.code(ok ? 200 : 400).send({ accepted: summary.accepted, duplicate: summary.duplicate, rejected: summary.rejected });
  });

  // The object of CONTRACT section 5; with ?include=credits also its per-touchpoint credits (section 9), as the
  // lines `tributary export credits` prints for it.
  type AttributionRequest = { Params: { id: string }; Querystring: { include?: string } };
  const withCredits = async <T extends object>(request: { query: { include?: string } }, found: T, entity: CreditEntity, key: string) =>
    (request.query.include === 'credits' ? { ...found, credits: await loadCredits(pipeline.store, entity, [key]) } : found);
  const badInclude = (include: string | undefined) => (include === undefined || include === 'credits' ? null
    : { error: `include: unknown value ${JSON.stringify(include)}; the only one is include=credits` });

  app.get<AttributionRequest>('/v1/companies/:id/attribution', async (request, reply) => {
    const bad = badInclude(request.query.include);
    if (bad) return reply.code(400).send(bad);
    const [found] = await loadCompanyAttributions(pipeline.store, [request.params.id]);
    if (!found) return reply.code(404).send({ error: `no attribution for company ${request.params.id}: it has not converted (no company_created or signup) or is unknown` });
    return withCredits(request, found, 'companies', found.company_id);
  });

  app.get<AttributionRequest>('/v1/contacts/:id/attribution', async (request, reply) => {
    const bad = badInclude(request.query.include);
    if (bad) return reply.code(400).send(bad);
    const emails = await emailsOfContactId(pipeline.store, request.params.id);
    const [found] = emails.length ? await loadContactAttributions(pipeline.store, emails) : [];
    if (!found) return reply.code(404).send({ error: `no attribution for contact ${request.params.id}: unknown contact_id (a contact without contact_created is identified by its email)` });
    return withCredits(request, found, 'contacts', found.email);
  });

  app.get('/healthz', async () => {
    await pipeline.store.query('SELECT 1');
    return { status: 'ok', store: pipeline.store.description, queued: pipeline.bus.totalDepth() };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.contentType);
    return metrics.render();
  });

  app.setErrorHandler((error: { statusCode?: number; message: string; code?: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) metrics.recordRefusal('too_large');
    if (status === 413) return reply.code(413).send({ error: `request body over ${MAX_BODY_BYTES} bytes; send at most ${MAX_BATCH_EVENTS} events per request` });
    if (status >= 500) app.log.error(error);
    return reply.code(status).send({ error: status >= 500 ? 'internal error; the request was not processed, retry it' : error.message });
  });
  return app;
}

function isBatch(body: unknown): body is { events: unknown[] } {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && Array.isArray((body as { events?: unknown }).events);
}
