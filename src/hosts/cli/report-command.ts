// `tributary report NAME`: a report of CONTRACT section 10 on stdout, as a table, CSV or JSON Lines.
import type { Config } from '../../app/config.js';
import { openStore } from '../../app/pipeline.js';
import { parseReportParams, type ReportName } from '../../app/reports/params.js';
import { runReport } from '../../app/reports/run-report.js';
import { formatCsv, formatTable, reportJsonLines, reportTables } from './report-format.js';
import type { ReportFormat } from './report-formats.js';

export async function runReportCommand(config: Config, name: ReportName, options: Record<string, string | undefined>, format: ReportFormat): Promise<void> {
  const params = parseReportParams(name, Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)));
  const store = await openStore(config);
  try {
    const report = await runReport(store, name, params);
    const out = format === 'json' ? reportJsonLines(name, report).map((l) => `${l}\n`).join('')
      : reportTables(name, report).map(format === 'csv' ? formatCsv : (t) => `${formatTable(t)}\n`).join('\n');
    process.stdout.write(out);
  } finally {
    await store.close();
  }
}
