// A real collector in this process: the test harness pipeline behind createServer, listening on 127.0.0.1:0 and
// reachable from the browser as http://collector.test:PORT. It can be taken down (connection refused) and brought
// back on the same port, or made to answer 503, to play an outage.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../../src/app/config.js';
import type { Pipeline } from '../../../src/app/pipeline.js';
import { OPEN_COLLECTOR, type CollectorOptions } from '../../../src/hosts/http/collector-options.js';
import { createServer } from '../../../src/hosts/http/server.js';
import { exportAll, openTestPipeline } from '../../support/pipeline.js';

export interface TestCollector {
  /** As the browser reaches it. */
  url: string;
  /** As this process reaches it. */
  local: string;
  pipeline: Pipeline;
  app: FastifyInstance;
  /** Worker failures; a test asserts there are none. */
  errors: string[];
  /** Every POST /v1/events answer a 503 while on (with CORS, so the page sees the status). */
  answer503(on: boolean): void;
  /** Stops listening: connections are refused until up(). */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
  touchpoints(): Promise<any[]>;
  visits(clientId: string): Promise<any[]>;
  hits(clientId: string): Promise<any[]>;
}

export async function startCollector(collector: Partial<CollectorOptions> = {}, config: Partial<Config> = {}): Promise<TestCollector> {
  const errors: string[] = [];
  const pipeline = await openTestPipeline(config, { onError: (worker, error) => { errors.push(`${worker}: ${(error as Error)?.stack ?? String(error)}`); } });
  const app = createServer(pipeline, { logLevel: 'silent', collector: { ...OPEN_COLLECTOR, ...collector } });
  let outage = false;
  app.addHook('onRequest', async (request, reply) => {
    if (outage && request.method === 'POST' && request.url.startsWith('/v1/events')) {
      if (request.headers.origin) reply.header('access-control-allow-origin', request.headers.origin);
      return reply.code(503).send({ error: 'down for maintenance' });
    }
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const rows = async (sql: string, clientId: string) => (await pipeline.store.query(sql, [clientId])).rows;
  return {
    url: `http://collector.test:${port}`,
    local: `http://127.0.0.1:${port}`,
    pipeline,
    app,
    errors,
    answer503: (on) => { outage = on; },
    down: () => new Promise((resolve) => { app.server.close(() => resolve()); app.server.closeAllConnections(); }),
    up: () => new Promise((resolve) => { app.server.listen(port, '127.0.0.1', () => resolve()); }),
    async close() {
      if (!app.server.listening) await new Promise<void>((resolve) => app.server.listen(port, '127.0.0.1', () => resolve()));
      await app.close();
      await pipeline.close();
    },
    touchpoints: () => exportAll(pipeline, 'touchpoints'),
    visits: (clientId) => rows('SELECT * FROM bi.visits WHERE client_id = $1 ORDER BY occurred_at, visit_id', clientId),
    hits: (clientId) => rows('SELECT * FROM bi.event_hits WHERE client_id = $1 ORDER BY occurred_at, event_id', clientId),
  };
}
