// Data quality: what came in per day and what was refused, bots, and the tagging problems that make attribution
// wrong (unassigned traffic, click IDs contradicting their UTMs, paid clicks without a campaign, companies no
// identity reaches). Each check is a table that says, when empty, that the check found nothing.
import { colourOf, drawChart } from '../charts.js';
import { el } from '../dom.js';
import { formatCount, formatDate, formatShortDate, keyLabel } from '../format.js';
import type { Panel } from '../panel.js';
import { renderTable, type Column, type TableSpec } from '../table.js';

interface Tagged { source: string; medium: string; touchpoints: number }

/** Where a tagging problem comes from (source, medium, as sent) and how many touchpoints it spoils. */
function taggingColumns<Row extends Tagged>(count: (n: number) => string): { pair: Array<Column<Row>>; touchpoints: Column<Row> } {
  return {
    pair: [{ label: 'Source', cell: (r) => keyLabel(r.source, false) }, { label: 'Medium', cell: (r) => keyLabel(r.medium, false) }],
    touchpoints: { label: 'Touchpoints', numeric: true, cell: (r) => count(r.touchpoints) },
  };
}

const INTAKE: Array<{ label: string; field: 'accepted' | 'duplicate' | 'rejected' }> = [
  { label: 'Accepted', field: 'accepted' }, { label: 'Duplicate', field: 'duplicate' }, { label: 'Rejected', field: 'rejected' },
];

function check<Row>(host: HTMLElement, title: string, explanation: string, spec: TableSpec<Row>): void {
  const table = el('div');
  host.append(el('h3', { text: title }), el('p', { className: 'note', text: explanation }), table);
  renderTable(table, spec);
}

export const qualityPanel: Panel<'quality'> = {
  id: 'quality',
  report: 'quality',
  title: () => 'Data quality',
  render(frame, data, { view, locale }) {
    if (data.days.length === 0 && data.bots.length === 0) {
      return view.from !== null || view.to !== null
        ? 'No events arrived in this range: widen the dates, or clear them.'
        : 'No events have arrived yet: send them to POST /v1/events or run `tributary ingest FILE`.';
    }
    const n = (x: number) => formatCount(x, locale);
    frame.note.textContent = 'Events by the day they arrived (UTC); the checks below by the time of the session or touchpoint.';
    drawChart(frame.canvas, {
      kind: 'bar', stacked: true, labels: data.days.map((d) => formatShortDate(d.day, locale)),
      series: INTAKE.map((p) => ({ label: p.label, values: data.days.map((d) => d[p.field]), colour: colourOf(p.label, 'intake') })),
      format: n,
      description: 'Stacked bar chart of events accepted, duplicate and rejected per day; the table below lists the numbers.',
    });
    renderTable(frame.table, {
      caption: 'Events taken in per day',
      empty: 'No events arrived in this range.',
      rows: data.days,
      columns: [
        { label: 'Day', nowrap: true, cell: (d) => formatDate(d.day, locale) },
        ...INTAKE.map((p) => ({ label: p.label, numeric: true, cell: (d: (typeof data.days)[number]) => n(d[p.field]) })),
        { label: 'Rejections by reason', cell: (d) => Object.entries(d.rejected_by_reason).map(([reason, count]) => `${reason}: ${n(count)}`).join('; ') },
      ],
    });
    frame.more.replaceChildren();
    check(frame.more, 'Bot sessions', 'Sessions whose user agent is a bot earn no touchpoint.', {
      caption: 'Sessions and bot sessions per day', empty: 'No sessions in this range.', rows: data.bots,
      columns: [
        { label: 'Day', nowrap: true, cell: (d) => formatDate(d.day, locale) },
        { label: 'Sessions', numeric: true, cell: (d) => n(d.sessions) },
        { label: 'Bot sessions', numeric: true, cell: (d) => n(d.bot_sessions) },
      ],
    });
    const unassigned = taggingColumns<(typeof data.unassigned)[number]>(n);
    const conflicts = taggingColumns<(typeof data.click_id_conflicts)[number]>(n);
    const unpaid = taggingColumns<(typeof data.paid_without_campaign)[number]>(n);
    check(frame.more, 'Unassigned traffic', 'Source and medium pairs that no channel rule matches, and why: fix the tagging or extend the source lists.', {
      caption: 'Touchpoints in the unassigned channel by source and medium', empty: 'Nothing fell into unassigned.', rows: data.unassigned,
      columns: [
        ...unassigned.pair, unassigned.touchpoints,
        { label: 'Why', cell: (r) => r.reason },
      ],
    });
    check(frame.more, 'Click IDs contradicting their UTMs', 'A click ID names its ad platform; these UTMs name another one.', {
      caption: 'Click IDs whose utm_source names another platform', empty: 'No click ID contradicts its UTMs.', rows: data.click_id_conflicts,
      columns: [
        { label: 'Click ID', cell: (r) => r.click_id_type },
        ...conflicts.pair, conflicts.touchpoints,
        { label: 'Click ID is from', cell: (r) => r.expected_platform },
        { label: 'UTMs name', cell: (r) => r.named_platform },
      ],
    });
    check(frame.more, 'Paid touchpoints without a campaign', 'Their spend cannot be matched by campaign: tag the ads with utm_campaign.', {
      caption: 'Paid touchpoints without a campaign by channel, source and medium', empty: 'Every paid touchpoint has a campaign.', rows: data.paid_without_campaign,
      columns: [
        { label: 'Channel', cell: (r) => keyLabel(r.channel, true) },
        ...unpaid.pair, unpaid.touchpoints,
      ],
    });
    const unreached = data.unreached_companies;
    check(frame.more, 'Companies no identity reaches', `${n(unreached.count)} converted companies are linked to no touchpoint by any identity (examples below): check that the signup sends the visitor's client_id or email.`, {
      caption: 'Examples of companies with no linked touchpoint', empty: 'Every converted company is linked to a touchpoint.', rows: unreached.examples,
      columns: [{ label: 'Company ID', cell: (id) => id }],
    });
    return null;
  },
};
