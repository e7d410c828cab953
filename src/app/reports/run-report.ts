// The reports of CONTRACT section 10: one module behind the HTTP API (/v1/reports/NAME), `tributary report NAME`
// and the dashboard, so the three always show the same numbers.
import { CREDIT_MODELS, type CreditModel } from '../../core/attribution/credits.js';
import { CHANNEL_MODELS, type ChannelModel } from '../../core/attribution/channel-paths.js';
import { attributionRows, topPaths, type AttributionRow, type PathRow } from '../../core/reports/attribution-rows.js';
import { clickIdPlatform, contradictingPlatform, type Platform } from '../../core/reports/platforms.js';
import { unassignedReason } from '../../core/reports/unassigned.js';
import { compareCodeUnits } from '../../core/text-order.js';
import type { Channel, ClickIdType } from '../../core/types.js';
import { BOUGHT_CHANNELS } from '../../core/campaign/channel.js';
import type { Sql } from '../../ports/sql.js';
import { conversionPaths } from '../../store/bi/reports/conversion-paths.js';
import { coverageByWeek, type CoverageCounts } from '../../store/bi/reports/coverage.js';
import { creditSums } from '../../store/bi/reports/credit-sums.js';
import { botsByDay, intakeByDay, rejectionsByDay, taggingCounts, unreachedCompanies, type TaggingCount } from '../../store/bi/reports/quality.js';
import { spendByKey } from '../../store/bi/reports/spend.js';
import { cachedPathModels } from './data-driven-cache.js';
import { isCreditModel, type ReportName, type ReportParams } from './params.js';

export interface AttributionReport { rows: AttributionRow[] }
export type ComparisonRow = { key: string } & Record<ChannelModel, number | null>;
export interface ComparisonReport { models: readonly ChannelModel[]; rows: ComparisonRow[] }
export interface TrendReport { rows: Array<{ week: string; key: string; conversions: number }> }
export interface PathsReport { rows: PathRow[] }
export interface Coverage {
  converted: number; attributed: number; unattributed: { no_touchpoints: number; all_after_conversion: number };
  direct_only: number; via_referral_chain: number; attributed_share: number | null;
}
export interface CoverageReport { overall: Coverage; weeks: Array<Coverage & { week: string }> }
export interface QualityReport {
  days: Array<{ day: string; accepted: number; duplicate: number; rejected: number; rejected_by_reason: Record<string, number> }>;
  bots: Array<{ day: string; sessions: number; bot_sessions: number }>;
  unassigned: Array<{ source: string; medium: string; touchpoints: number; reason: string }>;
  click_id_conflicts: Array<{ click_id_type: string; source: string; medium: string; touchpoints: number; expected_platform: Platform; named_platform: Platform }>;
  paid_without_campaign: Array<{ channel: string; source: string; medium: string; touchpoints: number }>;
  unreached_companies: { count: number; examples: string[] };
}
export interface Reports {
  attribution: AttributionReport; comparison: ComparisonReport; trend: TrendReport; paths: PathsReport;
  coverage: CoverageReport; quality: QualityReport;
}

export function runReport<N extends ReportName>(sql: Sql, name: N, p: ReportParams): Promise<Reports[N]> {
  const reports: { [K in ReportName]: (sql: Sql, p: ReportParams) => Promise<Reports[K]> } = {
    attribution, comparison, trend, paths, coverage, quality,
  };
  return reports[name](sql, p);
}

/** Conversions per channel of a data-driven model (markov, shapley) over the stored paths of the range. */
async function channelModelConversions(sql: Sql, p: ReportParams, models: readonly ChannelModel[]): Promise<Map<ChannelModel, Map<string, number>>> {
  const { rows } = await cachedPathModels(sql, p.entity, p.range);
  const out = new Map(models.map((m) => [m, new Map<string, number>()]));
  for (const r of rows) out.get(r.model)?.set(r.channel, r.conversions);
  return out;
}

async function attribution(sql: Sql, p: ReportParams): Promise<AttributionReport> {
  let conversions: Map<string, number>;
  if (isCreditModel(p.model)) {
    const sums = await creditSums(sql, { entity: p.entity, range: p.range, by: p.by, models: [p.model], weekly: false });
    conversions = new Map(sums.map((s) => [s.key, s.conversions[p.model as CreditModel]!]));
  } else {
    conversions = (await channelModelConversions(sql, p, [p.model])).get(p.model)!;
  }
  return { rows: attributionRows(conversions, await spendByKey(sql, p.range, p.by)) };
}

async function comparison(sql: Sql, p: ReportParams): Promise<ComparisonReport> {
  const sums = await creditSums(sql, { entity: p.entity, range: p.range, by: p.by, models: CREDIT_MODELS, weekly: false });
  const dataDriven = CHANNEL_MODELS.filter((m) => !isCreditModel(m));
  const byChannel = p.by === 'channel' ? await channelModelConversions(sql, p, dataDriven) : null;
  const credited = new Map(sums.map((s) => [s.key, s.conversions]));
  const keys = new Set([...credited.keys(), ...[...byChannel?.values() ?? []].flatMap((m) => [...m.keys()])]);
  const rows = [...keys].map((key) => {
    const sumsOfKey = credited.get(key) ?? {};
    const row = { key } as ComparisonRow;
    for (const m of CHANNEL_MODELS) row[m] = isCreditModel(m) ? sumsOfKey[m] ?? 0 : byChannel ? byChannel.get(m)!.get(key) ?? 0 : null;
    return row;
  }).sort((a, b) => (b.linear ?? 0) - (a.linear ?? 0) || compareCodeUnits(a.key, b.key));
  return { models: CHANNEL_MODELS, rows };
}

async function trend(sql: Sql, p: ReportParams): Promise<TrendReport> {
  const model = p.model as CreditModel; // params refuse the data-driven models for a trend
  const sums = await creditSums(sql, { entity: p.entity, range: p.range, by: p.by, models: [model], weekly: true });
  return {
    rows: sums.map((s) => ({ week: s.week!, key: s.key, conversions: s.conversions[model]! }))
      .filter((r) => r.conversions > 0)
      .sort((a, b) => compareCodeUnits(a.week, b.week) || b.conversions - a.conversions || compareCodeUnits(a.key, b.key)),
  };
}

async function paths(sql: Sql, p: ReportParams): Promise<PathsReport> {
  return { rows: topPaths(await conversionPaths(sql, p.entity, p.range), p.limit) };
}

function coverageOf(c: CoverageCounts): Coverage {
  return {
    converted: c.converted, attributed: c.attributed,
    unattributed: { no_touchpoints: c.no_touchpoints, all_after_conversion: c.all_after_conversion },
    direct_only: c.direct_only, via_referral_chain: c.via_referral_chain,
    attributed_share: c.converted > 0 ? c.attributed / c.converted : null,
  };
}

async function coverage(sql: Sql, p: ReportParams): Promise<CoverageReport> {
  const weeks = await coverageByWeek(sql, p.entity, p.range);
  const total: CoverageCounts = { converted: 0, attributed: 0, no_touchpoints: 0, all_after_conversion: 0, direct_only: 0, via_referral_chain: 0 };
  for (const w of weeks) for (const k of Object.keys(total) as Array<keyof CoverageCounts>) total[k] += w[k];
  return { overall: coverageOf(total), weeks: weeks.map((w) => ({ week: w.week, ...coverageOf(w) })) };
}

const TOP = 20;

/** Sums of the counts `keep` selects per (fields of `key`), most touchpoints first, ties in code-unit order. */
function top<K extends keyof TaggingCount>(counts: readonly TaggingCount[], keep: (c: TaggingCount) => boolean, fields: readonly K[]): Array<Pick<TaggingCount, K> & { touchpoints: number }> {
  const sums = new Map<string, Pick<TaggingCount, K> & { touchpoints: number }>();
  for (const c of counts.filter(keep)) {
    const k = JSON.stringify(fields.map((f) => c[f]));
    const row = sums.get(k);
    if (row) row.touchpoints += c.touchpoints;
    else sums.set(k, { ...Object.fromEntries(fields.map((f) => [f, c[f]])) as Pick<TaggingCount, K>, touchpoints: c.touchpoints });
  }
  const text = (r: object) => fields.map((f) => String((r as Record<K, unknown>)[f])).join('\u0000');
  return [...sums.values()].sort((a, b) => b.touchpoints - a.touchpoints || compareCodeUnits(text(a), text(b))).slice(0, TOP);
}

async function quality(sql: Sql, p: ReportParams): Promise<QualityReport> {
  const reasons = new Map<string, Record<string, number>>();
  for (const r of await rejectionsByDay(sql, p.range)) (reasons.get(r.day) ?? reasons.set(r.day, {}).get(r.day)!)[r.reason] = r.count;
  const tagging = await taggingCounts(sql, p.range, BOUGHT_CHANNELS);
  const conflicts = top(tagging, (c) => c.click_id_type !== null && contradictingPlatform(c.click_id_type as ClickIdType, c.source) !== null,
    ['click_id_type', 'source', 'medium']).map((r) => ({
    click_id_type: r.click_id_type!, source: r.source, medium: r.medium, touchpoints: r.touchpoints,
    expected_platform: clickIdPlatform(r.click_id_type as ClickIdType), named_platform: contradictingPlatform(r.click_id_type as ClickIdType, r.source)!,
  }));
  return {
    days: (await intakeByDay(sql, p.range)).map((d) => ({ ...d, rejected_by_reason: reasons.get(d.day) ?? {} })),
    bots: await botsByDay(sql, p.range),
    unassigned: top(tagging, (c) => c.channel === 'unassigned', ['source', 'medium'])
      .map(({ source, medium, touchpoints }) => ({ source, medium, touchpoints, reason: unassignedReason(source, medium) })),
    click_id_conflicts: conflicts,
    paid_without_campaign: top(tagging, (c) => c.no_campaign && BOUGHT_CHANNELS.includes(c.channel as Channel), ['channel', 'source', 'medium']),
    unreached_companies: await unreachedCompanies(sql, p.range, 10),
  };
}
