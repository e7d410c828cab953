// SpendRunner: ad costs (`ad_spend`, CONTRACT section 10) into bi.ad_spend, where the reports divide them by the
// conversions each model credits. Not in the flow document, which has no spend; named like its input runners.
import { defaultChannelGroup } from '../core/campaign/channel.js';
import { DEFAULT_SOURCE_CATEGORIES } from '../core/campaign/source-categories.js';
import { deploymentRuleBroken, type DeploymentRules } from '../core/events/deployment-rules.js';
import type { AdSpendEvent, TributaryEvent } from '../core/events/types.js';
import { compareCodeUnits } from '../core/text-order.js';
import { decodeEvents } from './steps/decode-messages.js';
import type { Worker } from '../ports/worker.js';

const isSpend = (e: TributaryEvent): e is AdSpendEvent => e.type === 'ad_spend';
const keyOf = (e: AdSpendEvent) => JSON.stringify([e.date, e.source, e.medium, e.campaign ?? '']);
/** The later of two reports of one day and key: by event time, then event_id, whatever the arrival order. */
const later = (a: AdSpendEvent, b: AdSpendEvent) => (a.ts !== b.ts ? (a.ts > b.ts ? a : b) : compareCodeUnits(a.event_id, b.event_id) > 0 ? a : b);

export function createSpendRunner(deps: { rules: DeploymentRules }): Worker {
  return {
    name: 'SpendRunner',
    queue: 'ad_spend',
    bindings: ['ad_spend'],
    async handle(batch, { tx }) {
      // Spend published on the exchange directly has not met the collector's currency check: it meets it here.
      const events = (await decodeEvents(tx, batch, 'SpendRunner', (e) => deploymentRuleBroken(e, deps.rules))).filter(isSpend);
      // One row per key and statement: PostgreSQL refuses to update a row twice in one INSERT ... ON CONFLICT.
      const byKey = new Map<string, AdSpendEvent>();
      for (const e of events) { const k = keyOf(e); const seen = byKey.get(k); byKey.set(k, seen ? later(seen, e) : e); }
      const spend = [...byKey.values()];
      if (spend.length === 0) return;
      const channel = (e: AdSpendEvent) => defaultChannelGroup({ source: e.source, medium: e.medium, campaign: e.campaign }, DEFAULT_SOURCE_CATEGORIES);
      await tx.query(
        `INSERT INTO bi.ad_spend (spend_date, source, medium, campaign, channel, cost, currency, reported_at, event_id)
         SELECT d::date, s, m, c, ch, cost, cur, to_timestamp(ts / 1000.0), id
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::float8[], $9::text[])
           AS u(d, s, m, c, ch, cost, cur, ts, id)
         ON CONFLICT (spend_date, source, medium, (COALESCE(campaign, ''))) DO UPDATE
           SET campaign = excluded.campaign, channel = excluded.channel, cost = excluded.cost, currency = excluded.currency,
               reported_at = excluded.reported_at, event_id = excluded.event_id
           WHERE (excluded.reported_at, excluded.event_id COLLATE "C") > (bi.ad_spend.reported_at, bi.ad_spend.event_id COLLATE "C")`,
        [spend.map((e) => e.date), spend.map((e) => e.source), spend.map((e) => e.medium), spend.map((e) => e.campaign),
          spend.map(channel), spend.map((e) => e.cost), spend.map((e) => e.currency), spend.map((e) => e.ts), spend.map((e) => e.event_id)]);
    },
  };
}
