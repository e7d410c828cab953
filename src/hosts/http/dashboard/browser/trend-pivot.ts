// The weekly trend as a chart can draw it: one line per key over every week of the answer. A breakdown by campaign
// can have hundreds of keys, so the largest few get their own line and the rest are one "other" line. Pure.

export interface TrendLines {
  weeks: string[];
  /** Largest total first; values[i] is the week weeks[i], 0 where the key converted nothing that week. */
  lines: Array<{ key: string; values: number[] }>;
  /** The sum of the keys without a line of their own, null when every key has one. */
  other: number[] | null;
}

export function trendLines(rows: ReadonlyArray<{ week: string; key: string; conversions: number }>, maxLines: number): TrendLines {
  const weeks = [...new Set(rows.map((r) => r.week))].sort();
  const column = new Map(weeks.map((w, i) => [w, i]));
  const byKey = new Map<string, number[]>();
  for (const r of rows) {
    let values = byKey.get(r.key);
    if (!values) byKey.set(r.key, (values = weeks.map(() => 0)));
    values[column.get(r.week)!]! += r.conversions;
  }
  const total = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const ranked = [...byKey].map(([key, values]) => ({ key, values, total: total(values) }))
    .sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const lines = ranked.slice(0, maxLines).map(({ key, values }) => ({ key, values }));
  const rest = ranked.slice(maxLines);
  const other = rest.length === 0 ? null : weeks.map((_, i) => rest.reduce((sum, r) => sum + r.values[i]!, 0));
  return { weeks, lines, other };
}
