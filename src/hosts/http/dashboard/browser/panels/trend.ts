// Conversions per week of conversion (weeks start on Monday, UTC) by key: is a channel growing or fading?
import { colourOf, drawChart } from '../charts.js';
import { formatConversions, formatDate, formatShortDate, keyLabel } from '../format.js';
import { KEY_LABELS, MODEL_LABELS } from '../labels.js';
import type { Panel } from '../panel.js';
import { renderTable } from '../table.js';
import { trendLines } from '../trend-pivot.js';
import { isDataDriven, trendModel } from '../view.js';
import { noConversions } from './empty.js';

const LINES = 6;
const OTHER = 'Other';

export const trendPanel: Panel<'trend'> = {
  id: 'trend',
  report: 'trend',
  title: ({ view }) => `Conversions per week by ${KEY_LABELS[view.by].toLowerCase()} · ${MODEL_LABELS[trendModel(view)]}`,
  render(frame, data, { view, locale }) {
    if (data.rows.length === 0) return noConversions(view);
    const isChannel = view.by === 'channel';
    const { weeks, lines, other } = trendLines(data.rows, LINES);
    const series = lines.map((l) => ({ label: keyLabel(l.key, isChannel), values: l.values, colour: colourOf(l.key, 'key') }));
    if (other) series.push({ label: OTHER, values: other, colour: colourOf(OTHER, 'other') });
    frame.note.textContent = [
      isDataDriven(view.model) ? `${MODEL_LABELS[view.model]} is computed over a whole range, not per week: the trend shows ${MODEL_LABELS[trendModel(view)]}.` : '',
      other ? `The ${LINES} largest have their own line; "${OTHER}" adds up the rest.` : '',
      'Weeks start on Monday (UTC).',
    ].filter(Boolean).join(' ');
    drawChart(frame.canvas, {
      kind: weeks.length > 1 ? 'line' : 'bar', labels: weeks.map((w) => formatShortDate(w, locale)), series,
      format: (n) => formatConversions(n, locale),
      description: `Line chart of conversions per week by ${KEY_LABELS[view.by].toLowerCase()}; the table below lists the numbers.`,
    });
    renderTable(frame.table, {
      caption: `Conversions per week (week starting) by ${KEY_LABELS[view.by].toLowerCase()}`,
      empty: noConversions(view),
      rows: weeks.map((week, i) => ({ week, i })),
      columns: [
        { label: 'Week of', nowrap: true, cell: (r) => formatDate(r.week, locale) },
        ...series.map((s) => ({ label: s.label, numeric: true, cell: (r: { week: string; i: number }) => formatConversions(s.values[r.i]!, locale) })),
      ],
    });
    return null;
  },
};
