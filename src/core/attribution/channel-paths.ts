// Path-level data: what the data-driven models (and `tributary models paths FILE`) read. One record is one path of
// channels with how many conversions, how much conversion value and how many non-conversions ("nulls") ended it,
// as ChannelAttribution's path files have it (CONTRACT section 9).

export interface PathRecord {
  /** The path's channels in order; for the rule-based models, one channel is one touchpoint. */
  channels: readonly string[];
  conversions: number;
  value: number;
  nulls: number;
}

/** Every channel-level model `tributary models paths` prints, in the order it prints them. */
export const CHANNEL_MODELS = ['first_touch', 'last_touch', 'first_touch_28d', 'linear', 'position_based', 'time_decay', 'markov', 'shapley'] as const;
export type ChannelModel = (typeof CHANNEL_MODELS)[number];

export interface ChannelCredit { channel: string; model: ChannelModel; conversions: number; value: number }

/** A path's channel path: consecutive repeats collapsed (`a > a > b` is `a > b`). */
export function channelPath(channels: readonly string[]): string[] {
  const out: string[] = [];
  for (const c of channels) if (out[out.length - 1] !== c) out.push(c);
  return out;
}

/** Sums per (model, channel) into rows in CHANNEL_MODELS order, channels by code units within a model. */
export class ChannelTotals {
  private readonly totals = new Map<ChannelModel, Map<string, { conversions: number; value: number }>>();

  add(model: ChannelModel, channel: string, conversions: number, value: number): void {
    let byChannel = this.totals.get(model);
    if (!byChannel) this.totals.set(model, (byChannel = new Map()));
    const t = byChannel.get(channel);
    if (t) { t.conversions += conversions; t.value += value; } else byChannel.set(channel, { conversions, value });
  }

  rows(): ChannelCredit[] {
    return CHANNEL_MODELS.flatMap((model) => [...(this.totals.get(model) ?? [])]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([channel, t]) => ({ channel, model, conversions: t.conversions, value: t.value })));
  }
}
