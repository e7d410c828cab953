// Source categories of GA4's default channel group (search, social, video and shopping sites), as data.
// The defaults come from source-categories.json; a deployment adds its own names with mergeSourceCategories().
import data from './source-categories.json' with { type: 'json' };

export const SOURCE_CATEGORY_NAMES = ['search', 'social', 'video', 'shopping'] as const;
export type SourceCategoryName = (typeof SOURCE_CATEGORY_NAMES)[number];

/** Source names per category, as written in configuration or JSON (any case; trimmed and lower-cased on use). */
export type SourceCategoryLists = { readonly [K in SourceCategoryName]?: readonly string[] };

/** Compiled categories: lower-cased source names, looked up once per touchpoint. Build with mergeSourceCategories(). */
export type SourceCategories = { readonly [K in SourceCategoryName]: ReadonlySet<string> };

function normalisedSet(base: Iterable<string>, extra: readonly string[] | undefined): ReadonlySet<string> {
  const set = new Set<string>(base);
  if (extra) {
    for (const name of extra) {
      if (typeof name !== 'string') continue;
      const n = name.trim().toLowerCase();
      if (n !== '') set.add(n);
    }
  }
  return set;
}

/**
 * Returns new categories holding `base` (GA4's defaults unless given) plus `extra`. Neither input is changed.
 * A name may sit in several categories; the channel table's order then decides (shopping, search, social, video).
 */
export function mergeSourceCategories(
  extra: SourceCategoryLists,
  base: SourceCategories = DEFAULT_SOURCE_CATEGORIES,
): SourceCategories {
  return {
    search: normalisedSet(base.search, extra.search),
    social: normalisedSet(base.social, extra.social),
    video: normalisedSet(base.video, extra.video),
    shopping: normalisedSet(base.shopping, extra.shopping),
  };
}

const EMPTY: SourceCategories = { search: new Set(), social: new Set(), video: new Set(), shopping: new Set() };

/** GA4's published lists plus the few current names they predate (the file's `additions`). */
export const DEFAULT_SOURCE_CATEGORIES: SourceCategories = mergeSourceCategories(
  data.additions,
  mergeSourceCategories(data, EMPTY),
);
