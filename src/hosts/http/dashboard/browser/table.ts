// The table under every chart: the same numbers, readable by a screen reader and copyable into a spreadsheet.
// Long tables show their first rows and a button for the rest, so a campaign breakdown of hundreds of rows does
// not push every other panel off the page.
import { el } from './dom.js';

export interface Column<Row> {
  label: string;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** Kept on one line (dates): a wrapped date reads as two. */
  nowrap?: boolean;
  cell(row: Row): string;
}

export interface TableSpec<Row> {
  caption: string;
  columns: Array<Column<Row>>;
  rows: readonly Row[];
  /** The first column names the row (a channel, a week): a row header for assistive technology. */
  rowHeader?: boolean;
  /** Said instead of an empty table: what it means, and what to do. */
  empty: string;
}

export const SHOWN_ROWS = 20;

export function renderTable<Row>(host: HTMLElement, spec: TableSpec<Row>): void {
  if (spec.rows.length === 0) {
    host.replaceChildren(el('p', { className: 'empty', text: spec.empty }));
    return;
  }
  const classOf = (c: Column<Row>) => (c.numeric ? 'num' : c.nowrap ? 'nowrap' : '');
  const head = el('tr', {}, spec.columns.map((c) => el('th', { text: c.label, attrs: { scope: 'col' }, className: classOf(c) })));
  const body = el('tbody');
  const rowOf = (row: Row) => el('tr', {}, spec.columns.map((c, i) => {
    const header = i === 0 && spec.rowHeader !== false;
    return el(header ? 'th' : 'td', { text: c.cell(row), className: classOf(c), attrs: header ? { scope: 'row' } : {} });
  }));
  for (const row of spec.rows.slice(0, SHOWN_ROWS)) body.append(rowOf(row));
  const table = el('table', {}, [el('caption', { text: spec.caption }), el('thead', {}, [head]), body]);
  const parts: Node[] = [el('div', { className: 'table-scroll' }, [table])];
  if (spec.rows.length > SHOWN_ROWS) {
    const more = el('button', { text: `Show all ${spec.rows.length} rows`, className: 'show-all', attrs: { type: 'button' } });
    more.addEventListener('click', () => {
      for (const row of spec.rows.slice(SHOWN_ROWS)) body.append(rowOf(row));
      more.remove();
    });
    parts.push(more);
  }
  host.replaceChildren(...parts);
}
