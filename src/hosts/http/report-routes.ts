// GET /v1/reports/NAME (CONTRACT section 10): the report module's answers as JSON. A bad parameter is a 400 that
// names it; an unknown report a 404 that lists the reports.
import type { FastifyInstance } from 'fastify';
import type { Pipeline } from '../../app/pipeline.js';
import { InputError } from '../../app/input-error.js';
import { parseReportParams, REPORT_NAMES, type ReportName } from '../../app/reports/params.js';
import { runReport } from '../../app/reports/run-report.js';

export function registerReportRoutes(app: FastifyInstance, pipeline: Pipeline): void {
  app.get<{ Params: { name: string }; Querystring: Record<string, unknown> }>('/v1/reports/:name', async (request, reply) => {
    const name = request.params.name;
    if (!(REPORT_NAMES as readonly string[]).includes(name)) {
      return reply.code(404).send({ error: `no report ${JSON.stringify(name)}; the reports are ${REPORT_NAMES.join(', ')}` });
    }
    try {
      const params = parseReportParams(name as ReportName, request.query ?? {});
      return await runReport(pipeline.store, name as ReportName, params);
    } catch (error) {
      if (error instanceof InputError) return reply.code(400).send({ error: error.message });
      throw error;
    }
  });
}
