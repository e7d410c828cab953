// Headline figures above a chart (coverage's totals): a definition list, so each number is read with its name.
import { el } from './dom.js';

export function renderFigures(host: HTMLElement, figures: Array<{ label: string; value: string; hint?: string }>): void {
  host.replaceChildren(el('dl', {}, figures.map((f) => el('div', { className: 'figure', attrs: f.hint ? { title: f.hint } : {} }, [
    el('dt', { text: f.label }), el('dd', { text: f.value }),
  ]))));
}
