// Path-level data as the R package ChannelAttribution reads and writes it (CONTRACT section 9): `;`-separated, a
// header naming the columns, channels joined by ` > `:
//   path;total_conversions;total_conversion_value;total_null
//   facebook > google > email;12;2400.5;130
// (https://cran.r-project.org/package=ChannelAttribution, markov_model(Data, var_path, var_conv, var_value, var_null)).
// Each line is parsed on its own, so a malformed line (or an unclosed quote) costs that line only.
import { parse } from 'csv-parse/sync';
import type { PathRecord } from './channel-paths.js';

export const PATH_FILE_HEADER = 'path;total_conversions;total_conversion_value;total_null';

/** Where each column is; value and null are optional, as in ChannelAttribution (absent: 0). */
export interface PathFileColumns { path: number; conversions: number; value: number | null; nulls: number | null }

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

function fields(line: string): Parsed<string[]> {
  try {
    const [record] = parse(line, { delimiter: ';', trim: true, relax_quotes: true }) as string[][];
    return { ok: true, value: record ?? [] };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

export function parsePathHeader(line: string): Parsed<PathFileColumns> {
  const f = fields(line.replace(/^\uFEFF/, ''));
  if (!f.ok) return f;
  const at = (name: string) => { const i = f.value.indexOf(name); return i < 0 ? null : i; };
  const path = at('path'), conversions = at('total_conversions');
  if (path === null || conversions === null) {
    return { ok: false, reason: `the header must name the columns path and total_conversions (expected "${PATH_FILE_HEADER}"), got "${line.slice(0, 200)}"` };
  }
  return { ok: true, value: { path, conversions, value: at('total_conversion_value'), nulls: at('total_null') } };
}

export function parsePathLine(line: string, columns: PathFileColumns): Parsed<PathRecord> {
  const f = fields(line);
  if (!f.ok) return f;
  const width = Math.max(columns.path, columns.conversions, columns.value ?? 0, columns.nulls ?? 0) + 1;
  if (f.value.length !== width) return { ok: false, reason: `expected ${width} ;-separated fields, got ${f.value.length}` };
  const channels = f.value[columns.path]!.split('>').map((c) => c.trim());
  if (channels.some((c) => c === '')) return { ok: false, reason: `path "${f.value[columns.path]}" has an empty channel (channels are joined by " > ")` };
  const numbers: Record<'total_conversions' | 'total_conversion_value' | 'total_null', number> = { total_conversions: 0, total_conversion_value: 0, total_null: 0 };
  for (const [name, index] of [['total_conversions', columns.conversions], ['total_conversion_value', columns.value], ['total_null', columns.nulls]] as const) {
    if (index === null) continue;
    const text = f.value[index]!;
    const n = Number(text);
    if (text === '' || !Number.isFinite(n) || n < 0) return { ok: false, reason: `${name} must be a non-negative number, got "${text}"` };
    numbers[name] = n;
  }
  return { ok: true, value: { channels, conversions: numbers.total_conversions, value: numbers.total_conversion_value, nulls: numbers.total_null } };
}
