// How many conversions have a source at all, and why the others do not: the metric the seed system never had.
import type { Coverage } from '../../../../../app/reports/run-report.js';
import { colourOf, drawChart } from '../charts.js';
import { renderFigures } from '../figures.js';
import { formatCount, formatDate, formatShare, formatShortDate } from '../format.js';
import { ENTITY_LABELS } from '../labels.js';
import type { Panel } from '../panel.js';
import { renderTable } from '../table.js';
import { noConversions } from './empty.js';

const PARTS: Array<{ label: string; count(c: Coverage): number }> = [
  { label: 'Attributed', count: (c) => c.attributed },
  { label: 'No touchpoints', count: (c) => c.unattributed.no_touchpoints },
  { label: 'Touchpoints only after converting', count: (c) => c.unattributed.all_after_conversion },
];

export const coveragePanel: Panel<'coverage'> = {
  id: 'coverage',
  report: 'coverage',
  title: ({ view }) => `Attribution coverage · ${ENTITY_LABELS[view.entity]}`,
  render(frame, data, { view, locale }) {
    const o = data.overall;
    if (o.converted === 0) return noConversions(view);
    renderFigures(frame.figures, [
      { label: 'Converted', value: formatCount(o.converted, locale) },
      { label: 'Attributed', value: formatShare(o.attributed_share, locale), hint: 'Conversions with an eligible touchpoint of their own' },
      { label: 'No touchpoints', value: formatCount(o.unattributed.no_touchpoints, locale) },
      { label: 'Only after converting', value: formatCount(o.unattributed.all_after_conversion, locale) },
      { label: 'Direct only', value: formatCount(o.direct_only, locale) },
      { label: 'Via referral chain', value: formatCount(o.via_referral_chain, locale), hint: 'Unattributed companies that take a source from the company that referred them' },
    ]);
    frame.note.textContent = 'Per week of conversion (weeks start on Monday, UTC).';
    drawChart(frame.canvas, {
      kind: 'bar', stacked: true, labels: data.weeks.map((w) => formatShortDate(w.week, locale)),
      series: PARTS.map((p) => ({ label: p.label, values: data.weeks.map(p.count), colour: colourOf(p.label, 'coverage') })),
      format: (n) => formatCount(n, locale),
      description: 'Stacked bar chart of conversions per week: attributed, without touchpoints, and with touchpoints only after converting; the table below lists the numbers.',
    });
    renderTable(frame.table, {
      caption: 'Coverage per week of conversion',
      empty: noConversions(view),
      rows: data.weeks,
      columns: [
        { label: 'Week of', nowrap: true, cell: (w) => formatDate(w.week, locale) },
        { label: 'Converted', numeric: true, cell: (w) => formatCount(w.converted, locale) },
        ...PARTS.map((p) => ({ label: p.label, numeric: true, cell: (w: Coverage & { week: string }) => formatCount(p.count(w), locale) })),
        { label: 'Direct only', numeric: true, cell: (w) => formatCount(w.direct_only, locale) },
        { label: 'Via referral chain', numeric: true, cell: (w) => formatCount(w.via_referral_chain, locale) },
        { label: 'Attributed share', numeric: true, cell: (w) => formatShare(w.attributed_share, locale) },
      ],
    });
    return null;
  },
};
