// Admission control for POST /v1/events, decided before the body is read. Every request waiting for the store holds
// its parsed body (several times its size in memory), and the embedded store takes one transaction at a time: without
// a bound, a burst of large batches grows memory without limit (1,000 concurrent 1 MiB batches took one process from
// 0.9 to 3 GB) and every answer waits behind all the others. Past the budget the collector answers 503 with
// Retry-After at once; the SDK and the server-side client retry 5xx with backoff, so the events come back later
// instead of piling up here. The budget counts declared body sizes (a body without Content-Length counts as the
// largest allowed) and requests.
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface IntakeBudgetOptions { maxBytes: number; maxRequests: number; largestBody: number }

export const DEFAULT_INTAKE_BUDGET = { maxBytes: 32 * 1024 * 1024, maxRequests: 256 };
const RETRY_AFTER_S = 1;

export function createIntakeBudget(options: IntakeBudgetOptions, onRefused: () => void) {
  let bytes = 0;
  let requests = 0;
  return async function admitWithinBudget(request: FastifyRequest, reply: FastifyReply) {
    const declared = Number(request.headers['content-length']);
    // A declared size past the limit is answered 413 by the body reader; it must not also spend the budget.
    const size = Math.min(Number.isFinite(declared) && declared >= 0 ? declared : options.largestBody, options.largestBody);
    if (requests > 0 && (bytes + size > options.maxBytes || requests + 1 > options.maxRequests)) {
      onRefused();
      return reply.code(503).header('retry-after', String(RETRY_AFTER_S))
        .send({ error: `the collector is busy with ${requests} requests; retry after ${RETRY_AFTER_S} s` });
    }
    bytes += size;
    requests++;
    // 'close' comes once the answer is sent or the connection is gone, whichever happens: the budget always returns.
    reply.raw.once('close', () => { bytes -= size; requests--; });
  };
}
