// Chart.js, registered piece by piece so the bundle carries only the bar and line charts the panels draw. Charts
// draw text on a canvas (fillText), never as markup, and Chart.js sizes its canvas through element.style, which a
// `style-src 'self'` policy allows (it forbids style attributes and elements, which Chart.js 4 does not write).
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
  type ChartDataset,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.color = '#3b4252';
// Panels redraw on every filter change; an animation would only delay the new numbers.
Chart.defaults.animation = false;

// Tableau 10: distinct hues that stay apart for the common colour-vision deficiencies.
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const colours = new Map<string, Map<string, string>>();

/**
 * A key keeps its colour across panels and redraws for as long as the page is open (paid search is always blue);
 * models and coverage states are other families, so they do not use up the channels' colours.
 */
export function colourOf(key: string, family: string): string {
  let assigned = colours.get(family);
  if (!assigned) colours.set(family, (assigned = new Map()));
  let colour = assigned.get(key);
  if (!colour) assigned.set(key, (colour = PALETTE[assigned.size % PALETTE.length]!));
  return colour;
}

export interface Series { label: string; values: number[]; colour: string }

export interface ChartSpec {
  kind: 'bar' | 'line';
  labels: string[];
  series: Series[];
  /** Bars run left to right, labels down the side: long campaign names stay readable. */
  horizontal?: boolean;
  stacked?: boolean;
  /** How a value reads in the tooltip and on the value axis. */
  format(value: number): string;
  /** What the chart shows, for screen readers (the table under it has the numbers). */
  description: string;
}

const charts = new WeakMap<HTMLCanvasElement, Chart>();

export function drawChart(canvas: HTMLCanvasElement, spec: ChartSpec): void {
  charts.get(canvas)?.destroy();
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', spec.description);
  const datasets: ChartDataset<'bar' | 'line', number[]>[] = spec.series.map((s) => ({
    label: s.label, data: s.values, backgroundColor: s.colour, borderColor: s.colour,
    ...(spec.kind === 'line' ? { tension: 0.2, pointRadius: 2, borderWidth: 2 } : { maxBarThickness: 28 }),
  }));
  const valueAxis = { stacked: spec.stacked ?? false, beginAtZero: true, ticks: { callback: (v: number | string) => spec.format(Number(v)) } };
  const labelAxis = { stacked: spec.stacked ?? false, ticks: { autoSkip: true } };
  const horizontal = spec.horizontal ?? false;
  charts.set(canvas, new Chart(canvas, {
    type: spec.kind,
    data: { labels: spec.labels, datasets },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      plugins: {
        legend: { display: spec.series.length > 1, position: 'bottom' },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${spec.format(Number(item.raw))}` } },
      },
    },
  }));
}

export function clearChart(canvas: HTMLCanvasElement): void {
  charts.get(canvas)?.destroy();
  charts.delete(canvas);
}
