// Conversions per key under the chosen model, with spend and cost per conversion: the panel a marketer opens first.
import { colourOf, drawChart } from '../charts.js';
import { formatConversions, formatMoney, formatShare, keyLabel } from '../format.js';
import { KEY_LABELS, MODEL_LABELS } from '../labels.js';
import type { Panel } from '../panel.js';
import { renderTable } from '../table.js';
import { noConversions } from './empty.js';

/** Bars beyond this many are unreadable; the table has every row. */
const CHART_ROWS = 15;

export const attributionPanel: Panel<'attribution'> = {
  id: 'attribution',
  report: 'attribution',
  title: ({ view }) => `Conversions by ${KEY_LABELS[view.by].toLowerCase()} · ${MODEL_LABELS[view.model]}`,
  render(frame, data, { view, locale, currency }) {
    if (!data.rows.some((r) => r.conversions > 0 || r.spend !== null)) return noConversions(view);
    const isChannel = view.by === 'channel';
    const label = (key: string) => keyLabel(key, isChannel);
    const shown = data.rows.slice(0, CHART_ROWS);
    frame.note.textContent = data.rows.length > CHART_ROWS ? `The chart shows the top ${CHART_ROWS} of ${data.rows.length}; the table has them all.` : '';
    drawChart(frame.canvas, {
      kind: 'bar', horizontal: true, labels: shown.map((r) => label(r.key)),
      series: [{ label: 'Conversions', values: shown.map((r) => r.conversions), colour: colourOf('conversions', 'measure') }],
      format: (n) => formatConversions(n, locale),
      description: `Bar chart of conversions by ${KEY_LABELS[view.by].toLowerCase()} under ${MODEL_LABELS[view.model]}; the table below lists the numbers.`,
    });
    renderTable(frame.table, {
      caption: `Conversions, share, spend and cost per conversion by ${KEY_LABELS[view.by].toLowerCase()} (${MODEL_LABELS[view.model]})`,
      empty: noConversions(view),
      rows: data.rows,
      columns: [
        { label: KEY_LABELS[view.by], cell: (r) => label(r.key) },
        { label: 'Conversions', numeric: true, cell: (r) => formatConversions(r.conversions, locale) },
        { label: 'Share', numeric: true, cell: (r) => formatShare(r.share, locale) },
        { label: `Spend (${currency})`, numeric: true, cell: (r) => formatMoney(r.spend, currency, locale) },
        { label: 'Cost per conversion', numeric: true, cell: (r) => formatMoney(r.cost_per_conversion, currency, locale) },
      ],
    });
    return null;
  },
};
