// The most frequent converting channel paths, with how many touchpoints and days they take.
import { colourOf, drawChart } from '../charts.js';
import { formatCount, formatDays, formatConversions, pathLabel } from '../format.js';
import type { Panel } from '../panel.js';
import { renderTable } from '../table.js';
import { noConversions } from './empty.js';

export const PATHS_SHOWN = 10;

export const pathsPanel: Panel<'paths'> = {
  id: 'paths',
  report: 'paths',
  title: () => `Top ${PATHS_SHOWN} conversion paths`,
  render(frame, data, { view, locale }) {
    if (data.rows.length === 0) return noConversions(view);
    frame.note.textContent = 'Channels in the order they were touched, repeats collapsed; direct visits count only when there is nothing else.';
    drawChart(frame.canvas, {
      kind: 'bar', horizontal: true, labels: data.rows.map((r) => pathLabel(r.path)),
      series: [{ label: 'Conversions', values: data.rows.map((r) => r.conversions), colour: colourOf('conversions', 'measure') }],
      format: (n) => formatConversions(n, locale),
      description: 'Bar chart of conversions by channel path; the table below lists the numbers.',
    });
    renderTable(frame.table, {
      caption: 'Most frequent converting channel paths',
      empty: noConversions(view),
      rows: data.rows,
      columns: [
        { label: 'Path', cell: (r) => pathLabel(r.path) },
        { label: 'Conversions', numeric: true, cell: (r) => formatCount(r.conversions, locale) },
        { label: 'Median touchpoints', numeric: true, cell: (r) => formatConversions(r.median_touchpoints, locale) },
        { label: 'Median days to convert', numeric: true, cell: (r) => formatDays(r.median_days_to_convert, locale) },
      ],
    });
    return null;
  },
};
