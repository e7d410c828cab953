// Prometheus metrics at /metrics: ingress counts, queue depth, and attribution coverage (the flow document's
// "no metrics for attribution coverage" gap).
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { IngressSummary } from '../../app/ingress.js';
import type { Pipeline } from '../../app/pipeline.js';
import type { Refusal } from './collector-guard.js';

export function createMetrics(pipeline: Pipeline) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const events = new Counter({ name: 'tributary_events_total', help: 'Events received by the collector, by outcome', labelNames: ['outcome'], registers: [registry] });
  const refusals = new Counter({ name: 'tributary_collector_refusals_total', help: 'Requests the collector refused before reading their events, by reason', labelNames: ['reason'], registers: [registry] });
  new Gauge({
    name: 'tributary_queue_depth', help: 'Messages waiting per worker queue', labelNames: ['queue'], registers: [registry],
    collect() { for (const [queue, depth] of Object.entries(pipeline.bus.depth())) this.set({ queue }, depth); },
  });
  new Gauge({
    name: 'tributary_companies', help: 'Converted companies, by attribution status', labelNames: ['status'], registers: [registry],
    async collect() {
      const { rows } = await pipeline.store.query<{ status: string; n: number }>(
        `SELECT COALESCE(unattributed_reason, 'attributed') AS status, count(*)::int AS n
         FROM bi.company_profile_attribution GROUP BY 1`);
      this.reset();
      for (const r of rows) this.set({ status: r.status }, r.n);
    },
  });
  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),
    recordRefusal: (reason: Refusal) => { refusals.inc({ reason }); },
    recordIngress(s: IngressSummary) {
      events.inc({ outcome: 'accepted' }, s.accepted);
      events.inc({ outcome: 'duplicate' }, s.duplicate);
      events.inc({ outcome: 'rejected' }, s.rejected.length);
    },
  };
}
