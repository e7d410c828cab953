// `tributary models paths`: channel-level results of every model (CONTRACT section 9), over a path file in
// ChannelAttribution's format or over the stored paths.
//
// Stored paths: converting paths are the converted entities' credited touchpoints, already kept current by the
// attribution workers. Non-converting paths are derived when asked, not maintained: one pass over the identity links
// and the touchpoints groups the graph into components (union-find), and each component that reaches no converted
// entity of the kind is one path. Nothing is added to the ingest path, where most traffic is visitors who never
// convert; the cost is a read of two tables, linear in their size, when a model is asked for.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { addDataDriven, addRuleBased } from '../core/attribution/channel-models.js';
import { attributionPath, CREDIT_MODELS } from '../core/attribution/credits.js';
import { ChannelTotals, type ChannelCredit, type PathRecord } from '../core/attribution/channel-paths.js';
import { compareTouchpoints } from '../core/attribution/models.js';
import { parsePathHeader, parsePathLine, type PathFileColumns } from '../core/attribution/path-file.js';
import { IdentityComponents } from '../core/identity/components.js';
import type { Channel } from '../core/types.js';
import type { Sql } from '../ports/sql.js';
import { InputError } from './input-error.js';
import type { CreditEntity } from '../store/bi/attribution-credits.js';
import { convertedNodes, creditedTouchpoints, eachIdentityLink, eachTouchpointIdentities, type TimeRange } from '../store/bi/paths.js';
import { nodesOfTouchpoint } from '../store/bi/touchpoints.js';

export interface PathModels { rows: ChannelCredit[]; converting: number; nonConverting: number }
export interface PathFileLineError { line: number; reason: string }

/** A path file's models; malformed lines are reported to `onError` and left out, the others all count. */
export async function pathFileModels(input: Readable, onError: (e: PathFileLineError) => void): Promise<PathModels & { lines: number }> {
  const paths: PathRecord[] = [];
  let columns: PathFileColumns | null = null;
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    if (columns === null) {
      const header = parsePathHeader(text);
      if (!header.ok) throw new PathFileError(`line ${line}: ${header.reason}`);
      columns = header.value;
      continue;
    }
    const parsed = parsePathLine(text, columns);
    if (parsed.ok) paths.push(parsed.value); else onError({ line, reason: parsed.reason });
  }
  if (columns === null) throw new PathFileError('the file is empty: expected a header line "path;total_conversions;total_conversion_value;total_null"');
  const totals = new ChannelTotals();
  addRuleBased(totals, paths);
  addDataDriven(totals, paths);
  return { rows: totals.rows(), converting: paths.filter((p) => p.conversions > 0).length, nonConverting: paths.filter((p) => p.conversions === 0).length, lines: line };
}

/** A path file that cannot be read as one at all (no header); a bad line is not this. */
export class PathFileError extends InputError {}

/** The stored paths' models, for conversions (and non-converting paths ending) in `range`. */
export async function storedPathModels(sql: Sql, entity: CreditEntity, range: TimeRange): Promise<PathModels> {
  const totals = new ChannelTotals();
  const paths: PathRecord[] = [];
  for (const tps of (await creditedTouchpoints(sql, entity, range)).values()) {
    tps.sort(compareTouchpoints);
    // The stored credits, so these totals are the sums of `export credits` (time_decay and first_touch_28d too).
    for (const t of tps) for (const m of CREDIT_MODELS) if (t.credits[m] !== undefined) totals.add(m, t.channel, t.credits[m], 0);
    // Events carry no conversion value (CONTRACT section 1): a stored conversion is worth 0.
    paths.push({ channels: tps.filter((t) => t.credits.linear !== undefined).map((t) => t.channel), conversions: 1, value: 0, nulls: 0 });
  }
  const converting = paths.length;
  for (const channels of await nonConvertingPaths(sql, entity, range)) paths.push({ channels, conversions: 0, value: 0, nulls: 1 });
  addDataDriven(totals, paths);
  return { rows: totals.rows(), converting, nonConverting: paths.length - converting };
}

/** The channels of each identity component that reaches no converted entity of the kind, its last touch in `range`. */
async function nonConvertingPaths(sql: Sql, entity: CreditEntity, range: TimeRange): Promise<string[][]> {
  const components = new IdentityComponents();
  await eachIdentityLink(sql, (a, b) => components.union(a, b));
  const touchpoints: Array<{ node: string; touchpoint_id: string; occurred_at: number; channel: Channel }> = [];
  await eachTouchpointIdentities(sql, (t) => {
    const nodes = nodesOfTouchpoint(t);
    if (nodes.length === 0) return;
    // A touchpoint of several identities joins them: it is one journey's, whichever node reaches it.
    for (let i = 1; i < nodes.length; i++) components.union(nodes[0]!, nodes[i]!);
    touchpoints.push({ node: nodes[0]!, touchpoint_id: t.touchpoint_id, occurred_at: t.occurred_at, channel: t.channel });
  });
  const converted = new Set((await convertedNodes(sql, entity)).map((n) => components.find(n)));
  const byComponent = new Map<number, typeof touchpoints>();
  for (const t of touchpoints) {
    const c = components.find(t.node);
    if (converted.has(c)) continue;
    const list = byComponent.get(c);
    if (list) list.push(t); else byComponent.set(c, [t]);
  }
  const paths: string[][] = [];
  for (const tps of byComponent.values()) {
    tps.sort(compareTouchpoints);
    const last = tps[tps.length - 1]!.occurred_at;
    if ((range.from !== null && last < range.from) || (range.to !== null && last >= range.to)) continue;
    paths.push(attributionPath(tps).map((t) => t.channel));
  }
  return paths;
}
