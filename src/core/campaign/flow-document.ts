// The attribution flow document names paid traffic by utm_source: `cpc-google*`, `cpc-bing*` (search ads),
// `cpc-facebook*`, `cpc-linkedin*` (social ads). CONTRACT section 2 makes these paid_search / paid_social whatever
// the medium says. We apply that before GA4's table: such a source counts as a member of its category and its
// medium as paid, so the table's earlier rows still win (a `cross-network` campaign stays cross_network, a
// shopping campaign on `cpc-google-shopping` is paid_shopping).

export type FlowDocumentCategory = 'search' | 'social';

/** The category a flow-document source implies, or null for any other source. `source` is lower-cased. */
export function flowDocumentCategory(source: string): FlowDocumentCategory | null {
  if (!source.startsWith('cpc-')) return null;
  if (source.startsWith('cpc-google') || source.startsWith('cpc-bing')) return 'search';
  if (source.startsWith('cpc-facebook') || source.startsWith('cpc-linkedin')) return 'social';
  return null;
}

/**
 * Medium when a flow-document source comes without one: `cpc`, the medium these sources stand for, so the stored
 * touchpoint reads `cpc-google-brand / cpc` rather than `(not set)`.
 */
export const FLOW_DOCUMENT_DEFAULT_MEDIUM = 'cpc';
