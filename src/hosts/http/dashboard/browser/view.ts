// The dashboard's filters as one value that lives in the URL (?entity=&model=&by=&from=&to=), so a view can be
// shared: the address bar is the state, the page only reads and writes it. Pure: parsing is tested without a browser.
import { CHANNEL_MODELS, type ChannelModel } from '../../../../core/attribution/channel-paths.js';
import { CREDIT_MODELS, type CreditModel } from '../../../../core/attribution/credits.js';
import type { CreditEntity } from '../../../../store/bi/attribution-credits.js';
import { REPORT_KEYS, type ReportKey } from '../../../../store/bi/reports/scope.js';
import type { ReportName } from '../../../../app/reports/params.js';

export const ENTITIES: readonly CreditEntity[] = ['companies', 'contacts'];
export { CHANNEL_MODELS, REPORT_KEYS };

export interface View {
  entity: CreditEntity;
  model: ChannelModel;
  by: ReportKey;
  /** First day of conversions shown (YYYY-MM-DD, UTC), inclusive; null: from the start. */
  from: string | null;
  /** First day not shown (exclusive, as the API and CLI take `to`); null: up to now. */
  to: string | null;
}

export const DEFAULT_VIEW: View = { entity: 'companies', model: 'first_touch', by: 'channel', from: null, to: null };

/** Markov and Shapley credit channels over all paths of a range: no other key, no week. */
export const isDataDriven = (model: ChannelModel): boolean => !(CREDIT_MODELS as readonly string[]).includes(model);

/** The trend needs a per-touchpoint model; under a data-driven one it shows linear, and says so. */
export const TREND_FALLBACK: CreditModel = 'linear';
export const trendModel = (view: View): CreditModel => (isDataDriven(view.model) ? TREND_FALLBACK : view.model as CreditModel);

const oneOf = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
  (value !== null && (allowed as readonly string[]).includes(value) ? value as T : fallback);

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isDate(text: string | null): text is string {
  if (text === null || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** What the filters allow together: a data-driven model only by channel; a range only forwards. */
export function normalise(view: View): View {
  const by = isDataDriven(view.model) ? 'channel' : view.by;
  const to = view.from !== null && view.to !== null && view.to <= view.from ? null : view.to;
  return { ...view, by, to };
}

/**
 * The view of a URL's query. A shared link with a typo or an old parameter still opens: what cannot be read falls
 * back to the default instead of breaking the page.
 */
export function viewOfSearch(search: string): View {
  const q = new URLSearchParams(search);
  const from = q.get('from');
  const to = q.get('to');
  return normalise({
    entity: oneOf(q.get('entity'), ENTITIES, DEFAULT_VIEW.entity),
    model: oneOf(q.get('model'), CHANNEL_MODELS, DEFAULT_VIEW.model),
    by: oneOf(q.get('by'), REPORT_KEYS, DEFAULT_VIEW.by),
    from: isDate(from) ? from : null,
    to: isDate(to) ? to : null,
  });
}

/** The query of a view (with `?`, or '' for the default view), defaults left out so shared links stay short. */
export function searchOfView(view: View): string {
  const q = new URLSearchParams();
  for (const name of ['entity', 'model', 'by', 'from', 'to'] as const) {
    const value = view[name];
    if (value !== null && value !== DEFAULT_VIEW[name]) q.set(name, value);
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** Which parameters each report takes: the quality report is about intake, not conversions of an entity kind. */
export function reportSearch(name: ReportName, view: View, limit: number): string {
  const q = new URLSearchParams();
  if (name !== 'quality') q.set('entity', view.entity);
  if (name === 'attribution') q.set('model', view.model);
  if (name === 'trend') q.set('model', trendModel(view));
  if (name === 'attribution' || name === 'comparison' || name === 'trend') q.set('by', view.by);
  if (name === 'paths') q.set('limit', String(limit));
  if (view.from !== null) q.set('from', view.from);
  if (view.to !== null) q.set('to', view.to);
  const text = q.toString();
  return text ? `?${text}` : '';
}
