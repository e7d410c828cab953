// One panel of the dashboard: a heading, a chart, the table with the chart's numbers, and a state (loading, ready,
// empty, failed) that is both shown in words and set as data-state, which is what the browser tests wait for.
import type { ReportName } from '../../../../app/reports/params.js';
import type { Reports } from '../../../../app/reports/run-report.js';
import { clearChart } from './charts.js';
import { el } from './dom.js';
import type { View } from './view.js';

export interface PanelContext { view: View; locale: string; currency: string }

export interface Panel<N extends ReportName = ReportName> {
  id: string;
  report: N;
  /** The heading for this view (it names the model and key shown). */
  title(context: PanelContext): string;
  /** Draws the answer; returns the empty state's words when there is nothing to draw. */
  render(frame: PanelFrame, data: Reports[N], context: PanelContext): string | null;
}

export type PanelState = 'loading' | 'ready' | 'empty' | 'failed';

export class PanelFrame {
  readonly section: HTMLElement;
  readonly heading: HTMLHeadingElement;
  readonly note: HTMLParagraphElement;
  readonly status: HTMLParagraphElement;
  readonly figures: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;
  readonly chartBox: HTMLDivElement;
  readonly table: HTMLDivElement;
  /** Further tables some panels have (the quality checks). */
  readonly more: HTMLDivElement;

  constructor(id: string) {
    this.heading = el('h2', { attrs: { id: `${id}-title` } });
    this.note = el('p', { className: 'note' });
    this.status = el('p', { className: 'status', attrs: { role: 'status' } });
    this.figures = el('div', { className: 'figures' });
    this.canvas = el('canvas');
    this.chartBox = el('div', { className: 'chart' }, [this.canvas]);
    this.table = el('div', { className: 'table' });
    this.more = el('div', { className: 'more' });
    this.section = el('section', { className: 'panel', attrs: { id, 'aria-labelledby': `${id}-title` } },
      [this.heading, this.note, this.status, this.figures, this.chartBox, this.table, this.more]);
  }

  set(state: PanelState, message = ''): void {
    this.section.dataset.state = state;
    this.section.setAttribute('aria-busy', String(state === 'loading'));
    this.status.textContent = message;
    this.status.className = `status ${state}`;
    // While the next answer loads, the last one stays in view (marked busy) rather than the panel blinking empty.
    if (state === 'loading') return;
    const drawn = state === 'ready';
    this.chartBox.hidden = !drawn;
    this.figures.hidden = !drawn;
    this.table.hidden = !drawn;
    this.more.hidden = !drawn;
    if (state === 'empty' || state === 'failed') clearChart(this.canvas);
  }
}
