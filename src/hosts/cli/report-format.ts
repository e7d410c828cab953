// `tributary report` output: each report as one or more tables, printed as aligned text, CSV or JSON Lines.
// Campaign names, sources and reasons come from strangers: in a terminal their control characters could move the
// cursor or recolour the screen, and in a spreadsheet a cell starting with `=` runs as a formula. Text is made
// harmless for each output, never silently changed for JSON.
import { stringify } from 'csv-stringify/sync';
import type { ReportName } from '../../app/reports/params.js';
import type { Reports } from '../../app/reports/run-report.js';

type Cell = string | number | null;
export interface Table { title: string | null; columns: string[]; rows: Array<Record<string, Cell>> }

const pick = (row: object, columns: string[]) => Object.fromEntries(columns.map((c) => [c, (row as Record<string, Cell>)[c] ?? null]));

/** The report's tables, in the order a reader wants them. */
export function reportTables<N extends ReportName>(name: N, report: Reports[N]): Table[] {
  switch (name) {
    case 'attribution': {
      const columns = ['key', 'conversions', 'share', 'spend', 'cost_per_conversion'];
      return [{ title: null, columns, rows: (report as Reports['attribution']).rows.map((r) => pick(r, columns)) }];
    }
    case 'comparison': {
      const r = report as Reports['comparison'];
      const columns = ['key', ...r.models];
      return [{ title: null, columns, rows: r.rows.map((row) => pick(row, columns)) }];
    }
    case 'trend': return [{ title: null, columns: ['week', 'key', 'conversions'], rows: (report as Reports['trend']).rows }];
    case 'paths': {
      const columns = ['path', 'conversions', 'median_touchpoints', 'median_days_to_convert'];
      return [{ title: null, columns, rows: (report as Reports['paths']).rows.map((r) => pick(r, columns)) }];
    }
    case 'coverage': {
      const r = report as Reports['coverage'];
      const flat = (week: string, c: Reports['coverage']['overall']) => ({
        week, converted: c.converted, attributed: c.attributed, no_touchpoints: c.unattributed.no_touchpoints,
        all_after_conversion: c.unattributed.all_after_conversion, direct_only: c.direct_only,
        via_referral_chain: c.via_referral_chain, attributed_share: c.attributed_share,
      });
      const columns = ['week', 'converted', 'attributed', 'no_touchpoints', 'all_after_conversion', 'direct_only', 'via_referral_chain', 'attributed_share'];
      return [{ title: null, columns, rows: [flat('all', r.overall), ...r.weeks.map((w) => flat(w.week, w))] }];
    }
    case 'quality': {
      const q = report as Reports['quality'];
      return [
        { title: 'events per day (by arrival)', columns: ['day', 'accepted', 'duplicate', 'rejected'], rows: q.days.map((d) => pick(d, ['day', 'accepted', 'duplicate', 'rejected'])) },
        { title: 'rejections by reason', columns: ['day', 'reason', 'count'], rows: q.days.flatMap((d) => Object.entries(d.rejected_by_reason).map(([reason, count]) => ({ day: d.day, reason, count }))) },
        { title: 'bot sessions per day', columns: ['day', 'sessions', 'bot_sessions'], rows: q.bots },
        { title: 'unassigned (source, medium) pairs', columns: ['source', 'medium', 'touchpoints', 'reason'], rows: q.unassigned },
        { title: 'click IDs whose UTMs name another platform', columns: ['click_id_type', 'source', 'medium', 'touchpoints', 'expected_platform', 'named_platform'], rows: q.click_id_conflicts },
        { title: 'paid touchpoints without a campaign', columns: ['channel', 'source', 'medium', 'touchpoints'], rows: q.paid_without_campaign },
        { title: 'converted companies no identity links to a touchpoint', columns: ['count', 'examples'], rows: [{ count: q.unreached_companies.count, examples: q.unreached_companies.examples.join(' ') }] },
      ];
    }
  }
  throw new Error(`no tables for report ${String(name)}`);
}

/** JSON Lines: the report's own objects, one a line (a quality line names its section; coverage's overall line has week null). */
export function reportJsonLines<N extends ReportName>(name: N, report: Reports[N]): string[] {
  const lines = (objects: readonly object[]) => objects.map((o) => JSON.stringify(o));
  switch (name) {
    case 'coverage': {
      const r = report as Reports['coverage'];
      return lines([{ week: null, ...r.overall }, ...r.weeks]);
    }
    case 'quality': {
      const q = report as Reports['quality'];
      return lines([
        ...q.days.map((d) => ({ section: 'days', ...d })), ...q.bots.map((b) => ({ section: 'bots', ...b })),
        ...q.unassigned.map((u) => ({ section: 'unassigned', ...u })), ...q.click_id_conflicts.map((c) => ({ section: 'click_id_conflicts', ...c })),
        ...q.paid_without_campaign.map((p) => ({ section: 'paid_without_campaign', ...p })),
        { section: 'unreached_companies', ...q.unreached_companies },
      ]);
    }
    default: return lines((report as { rows: object[] }).rows);
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** For a terminal: control characters and bidirectional overrides shown as escapes, never interpreted. */
export const terminalSafe = (text: string) => text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
/** For a spreadsheet: a cell that would start a formula is quoted as text (OWASP's CSV injection advice). */
export const spreadsheetSafe = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

function shown(value: Cell, column: string): string {
  if (value === null) return '-';
  if (typeof value === 'string') return terminalSafe(value);
  if (column.includes('share')) return `${(value * 100).toFixed(1)}%`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function formatTable(t: Table): string {
  const cells = t.rows.map((r) => t.columns.map((c) => shown(r[c] ?? null, c)));
  const widths = t.columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const numeric = t.columns.map((c) => t.rows.some((r) => typeof r[c] === 'number'));
  const line = (values: string[]) => values.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  const body = cells.length ? cells.map(line) : ['(none)'];
  return [...(t.title ? [`${t.title}:`] : []), line(t.columns), line(widths.map((w) => '-'.repeat(w))), ...body].join('\n');
}

export function formatCsv(t: Table): string {
  const rows = t.rows.map((r) => t.columns.map((c) => { const v = r[c] ?? null; return typeof v === 'string' ? spreadsheetSafe(v) : v; }));
  return (t.title ? `# ${t.title}\n` : '') + stringify([t.columns, ...rows]);
}
