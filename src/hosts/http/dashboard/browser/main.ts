// The dashboard page: reads the view from the URL, draws every panel from /v1/reports/*, and writes the view back
// to the URL on every filter change (pushState, so Back returns to the previous view, and a copied address opens
// the same view for a colleague).
import { fetchReport, ReportFailure } from './api.js';
import { byId } from './dom.js';
import { filterForm } from './filters.js';
import { PanelFrame, type Panel, type PanelContext } from './panel.js';
import { attributionPanel } from './panels/attribution.js';
import { comparisonPanel } from './panels/comparison.js';
import { coveragePanel } from './panels/coverage.js';
import { pathsPanel, PATHS_SHOWN } from './panels/paths.js';
import { qualityPanel } from './panels/quality.js';
import { trendPanel } from './panels/trend.js';
import { ENTITY_LABELS } from './labels.js';
import { formatDate } from './format.js';
import { addDays, normalise, reportSearch, searchOfView, viewOfSearch, type View } from './view.js';

const PANELS: Panel[] = [attributionPanel, comparisonPanel, trendPanel, pathsPanel, coveragePanel, qualityPanel] as Panel[];

function describe(view: View, locale: string): string {
  const who = ENTITY_LABELS[view.entity];
  const from = view.from === null ? null : formatDate(view.from, locale);
  const through = view.to === null ? null : formatDate(addDays(view.to, -1), locale);
  if (from && through) return `${who} converted from ${from} through ${through} (UTC).`;
  if (from) return `${who} converted from ${from} on (UTC).`;
  if (through) return `${who} converted through ${through} (UTC).`;
  return `${who}, all conversions.`;
}

function start(): void {
  const locale = navigator.language || 'en-US';
  const currency = document.querySelector<HTMLMetaElement>('meta[name="tributary-currency"]')?.content || 'USD';
  const host = byId('panels');
  const summary = byId('summary');
  const frames = PANELS.map((panel) => ({ panel, frame: new PanelFrame(panel.id), inFlight: null as AbortController | null }));
  host.replaceChildren(...frames.map((f) => f.frame.section));
  const form = filterForm();

  const load = (view: View) => {
    const context: PanelContext = { view, locale, currency };
    summary.textContent = describe(view, locale);
    for (const entry of frames) {
      const { panel, frame } = entry;
      // A newer view's answer may arrive first; the older request is cancelled so it can never draw over it.
      entry.inFlight?.abort();
      const controller = new AbortController();
      entry.inFlight = controller;
      frame.heading.textContent = panel.title(context);
      frame.set('loading', 'Loading…');
      fetchReport(panel.report, reportSearch(panel.report, view, PATHS_SHOWN), controller.signal)
        .then((data) => {
          const empty = panel.render(frame, data as never, context);
          frame.set(empty === null ? 'ready' : 'empty', empty ?? '');
        })
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          const reason = error instanceof ReportFailure ? error.message : 'the server could not be reached';
          frame.set('failed', `Could not load this panel: ${reason}. Change a filter or reload the page to try again.`);
        });
    }
  };

  const show = (view: View, history: 'push' | 'replace' | 'none') => {
    const url = `${window.location.pathname}${searchOfView(view)}`;
    if (history === 'push' && url !== `${window.location.pathname}${window.location.search}`) window.history.pushState(null, '', url);
    if (history === 'replace') window.history.replaceState(null, '', url);
    form.show(view);
    load(view);
  };

  form.onChange(() => show(normalise(form.read()), 'push'));
  window.addEventListener('popstate', () => show(viewOfSearch(window.location.search), 'none'));
  // A shared link is written back in its canonical form: a value that could not be read is dropped from the URL.
  show(viewOfSearch(window.location.search), 'replace');
}

start();
