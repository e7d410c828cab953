// Every model side by side per key: where the models agree a channel's worth is settled; where they differ is
// the question to ask.
import type { ChannelModel } from '../../../../../core/attribution/channel-paths.js';
import { colourOf, drawChart } from '../charts.js';
import { formatConversions, keyLabel } from '../format.js';
import { KEY_LABELS, MODEL_LABELS } from '../labels.js';
import type { Panel } from '../panel.js';
import { renderTable } from '../table.js';
import { noConversions } from './empty.js';

const CHART_KEYS = 8;

export const comparisonPanel: Panel<'comparison'> = {
  id: 'comparison',
  report: 'comparison',
  title: ({ view }) => `Models compared by ${KEY_LABELS[view.by].toLowerCase()}`,
  render(frame, data, { view, locale }) {
    if (data.rows.length === 0) return noConversions(view);
    // Markov and Shapley credit channels only: by another key their column is null and is left out, with a note.
    const models = data.models.filter((m) => data.rows.some((r) => r[m] !== null));
    const missing = data.models.filter((m) => !models.includes(m));
    const isChannel = view.by === 'channel';
    const shown = data.rows.slice(0, CHART_KEYS);
    const notes = [
      data.rows.length > CHART_KEYS ? `The chart shows the top ${CHART_KEYS} of ${data.rows.length} (by linear credit); the table has them all.` : '',
      missing.length ? `${missing.map((m) => MODEL_LABELS[m]).join(' and ')} credit channels only: choose "by channel" to compare them.` : '',
    ];
    frame.note.textContent = notes.filter(Boolean).join(' ');
    const value = (row: (typeof data.rows)[number], m: ChannelModel) => row[m] ?? 0;
    drawChart(frame.canvas, {
      kind: 'bar', labels: shown.map((r) => keyLabel(r.key, isChannel)),
      series: models.map((m) => ({ label: MODEL_LABELS[m], values: shown.map((r) => value(r, m)), colour: colourOf(m, 'model') })),
      format: (n) => formatConversions(n, locale),
      description: `Grouped bar chart of conversions by ${KEY_LABELS[view.by].toLowerCase()} under each model; the table below lists the numbers.`,
    });
    renderTable(frame.table, {
      caption: `Conversions by ${KEY_LABELS[view.by].toLowerCase()} under each model`,
      empty: noConversions(view),
      rows: data.rows,
      columns: [
        { label: KEY_LABELS[view.by], cell: (r) => keyLabel(r.key, isChannel) },
        ...models.map((m) => ({ label: MODEL_LABELS[m], numeric: true, cell: (r: (typeof data.rows)[number]) => formatConversions(value(r, m), locale) })),
      ],
    });
    return null;
  },
};
