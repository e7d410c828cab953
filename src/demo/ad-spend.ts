// The demo's ad costs: one ad_spend event per day and paid (source, medium, campaign) the history clicked on, priced
// at a plausible cost per click for the platform, so `npm start` shows real costs per conversion. Events are
// reported the morning after, as platforms' daily cost exports are.
import { BOUGHT_CHANNELS, defaultChannelGroup } from '../core/campaign/channel.js';
import { DEFAULT_SOURCE_CATEGORIES } from '../core/campaign/source-categories.js';
import { parseCampaignParams } from '../core/campaign/url-params.js';
import type { EventLog, RawEvent } from './event-log.js';
import { isoTime } from './event-log.js';
import { Random } from './random.js';

const DAY = 86_400_000;

/** Typical B2B cost per click in USD, by the platform a source names (industry benchmarks, rounded). */
function costPerClick(source: string): number {
  if (source.includes('linkedin')) return 9;
  if (source.includes('google')) return 4.5;
  if (source.includes('bing')) return 3;
  if (source.includes('facebook') || source.includes('instagram')) return 1.8;
  if (source.includes('tiktok')) return 1;
  return 2;
}

/** Adds the spend of every paid click in the log; `seed` varies the daily prices. */
export function addAdSpend(log: EventLog, seed: number): void {
  const clicks = new Map<string, { day: number; source: string; medium: string; campaign: string | null; clicks: number }>();
  for (const event of log.events) {
    const paid = paidClick(event);
    if (paid === null) continue;
    const key = JSON.stringify([paid.day, paid.source, paid.medium, paid.campaign]);
    const entry = clicks.get(key);
    if (entry) entry.clicks++; else clicks.set(key, { ...paid, clicks: 1 });
  }
  const rng = new Random(seed);
  for (const c of clicks.values()) {
    // Costs vary day to day around the platform's typical price.
    const cost = Math.round(c.clicks * costPerClick(c.source) * rng.between(0.7, 1.4) * 100) / 100;
    const reported = c.day + DAY + 6 * 3600_000;
    log.add(reported, {
      type: 'ad_spend', event_id: '', ts: isoTime(reported), date: isoTime(c.day).slice(0, 10),
      source: c.source, medium: c.medium, ...(c.campaign !== null && { campaign: c.campaign }), cost, currency: 'USD',
    });
  }
}

/** A session whose UTMs put it in a bought channel, read and classified as the pipeline does. */
function paidClick(event: RawEvent): { day: number; source: string; medium: string; campaign: string | null } | null {
  if (event.type !== 'session' || typeof event.page_url !== 'string') return null;
  const utm = parseCampaignParams(event.page_url);
  const source = utm.source?.toLowerCase();
  const medium = utm.medium?.toLowerCase();
  if (!source || !medium || !BOUGHT_CHANNELS.includes(defaultChannelGroup({ source, medium, campaign: utm.campaign }, DEFAULT_SOURCE_CATEGORIES))) return null;
  const t = typeof event.ts === 'number' ? event.ts : Date.parse(event.ts);
  return { day: t - (t % DAY), source, medium, campaign: utm.campaign };
}
