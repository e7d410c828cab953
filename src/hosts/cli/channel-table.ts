// Companies per channel under each model, side by side: the first thing a marketer asks of attribution.
import { CHANNELS } from '../../core/types.js';
import type { CompanyAttribution } from '../../core/export/shapes.js';

const MODELS = ['first_touch', 'last_touch', 'first_touch_28d', 'original_source'] as const;

export function channelTable(companies: readonly CompanyAttribution[]): string {
  const counts = new Map<string, Record<(typeof MODELS)[number], number>>();
  const row = (channel: string) => {
    let r = counts.get(channel);
    if (!r) { r = { first_touch: 0, last_touch: 0, first_touch_28d: 0, original_source: 0 }; counts.set(channel, r); }
    return r;
  };
  for (const c of companies) for (const m of MODELS) row(c[m]?.channel ?? '(unattributed)')[m]++;
  const order = [...CHANNELS, '(unattributed)'].filter((ch) => counts.has(ch));
  const header = ['channel'.padEnd(26), ...MODELS.map((m) => m.padStart(16))].join('');
  const lines = order.map((ch) => [ch.padEnd(26), ...MODELS.map((m) => String(counts.get(ch)![m]).padStart(16))].join(''));
  const total = ['total companies'.padEnd(26), ...MODELS.map(() => String(companies.length).padStart(16))].join('');
  return [header, '-'.repeat(header.length), ...lines, '-'.repeat(header.length), total].join('\n');
}
