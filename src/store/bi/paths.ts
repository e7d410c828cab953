// The stored paths of CONTRACT section 9, read for `tributary models paths`: each converted entity's credited
// touchpoints, and the identity graph with every touchpoint's identities for the non-converting paths. Whole tables,
// streamed with COPY (Sql.copyOut).
import { CREDIT_MODELS, type Credits } from '../../core/attribution/credits.js';
import type { Channel, Millis } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import { eachCopied, epochMs } from './sql-values.js';
import { CREDIT_COLUMNS } from './attribution-results.js';
import type { CreditEntity } from './attribution-credits.js';

export interface TimeRange { from: Millis | null; to: Millis | null }

export interface CreditedTouchpoint { touchpoint_id: string; occurred_at: Millis; channel: Channel; credits: Credits }

/** Where an entity kind's credited interactions and results live, its key column, and its identity-node prefix. */
export const CONVERTED: Record<CreditEntity, { interactions: string; key: string; models: string; node: string }> = {
  companies: { interactions: 'bi.company_interactions', key: 'company_id', models: 'bi.company_profile_attribution', node: 'company' },
  contacts: { interactions: 'bi.contact_interactions', key: 'email', models: 'bi.contact_profile_attribution_first', node: 'email' },
};

/** A bound of `range` as SQL: a number the caller parsed, never text from input. */
const bound = (ms: Millis) => `to_timestamp(${Number(ms) / 1000})`;

/** The credited touchpoints of each entity converted in `range` (from inclusive, to exclusive), by entity key. */
export async function creditedTouchpoints(tx: Sql, entity: CreditEntity, range: TimeRange): Promise<Map<string, CreditedTouchpoint[]>> {
  const t = CONVERTED[entity];
  const where = [`COALESCE(${CREDIT_COLUMNS.map((c) => `i.${c}`).join(', ')}) IS NOT NULL`];
  if (range.from !== null) where.push(`m.converted_at >= ${bound(range.from)}`);
  if (range.to !== null) where.push(`m.converted_at < ${bound(range.to)}`);
  const byEntity = new Map<string, CreditedTouchpoint[]>();
  await eachCopied(tx, `SELECT i.${t.key}, i.touchpoint_id, ${epochMs('i.occurred_at')}, i.channel, ${CREDIT_COLUMNS.map((c) => `i.${c}`).join(', ')}
      FROM ${t.interactions} i JOIN ${t.models} m ON m.${t.key} = i.${t.key} WHERE ${where.join(' AND ')}`,
  ([key, id, time, channel, ...credits]) => {
    const c: Credits = {};
    CREDIT_MODELS.forEach((m, i) => { if (credits[i] != null) c[m] = Number(credits[i]); });
    const tp = { touchpoint_id: id!, occurred_at: Number(time), channel: channel as Channel, credits: c };
    const list = byEntity.get(key!);
    if (list) list.push(tp); else byEntity.set(key!, [tp]);
  });
  return byEntity;
}

/** The nodes that are converted entities of this kind: `company:<id>` or `email:<email>`. */
export async function convertedNodes(tx: Sql, entity: CreditEntity): Promise<string[]> {
  const t = CONVERTED[entity];
  const nodes: string[] = [];
  await eachCopied(tx, `SELECT ${t.key} FROM ${t.models}`, ([key]) => nodes.push(`${t.node}:${key}`));
  return nodes;
}

export async function eachIdentityLink(tx: Sql, link: (a: string, b: string) => void): Promise<void> {
  await eachCopied(tx, 'SELECT a, b FROM bi.identity_links', ([a, b]) => link(a!, b!));
}

export interface PathTouchpoint { touchpoint_id: string; occurred_at: Millis; channel: Channel; client_id: string | null; device_id: string | null; email: string | null }

export async function eachTouchpointIdentities(tx: Sql, touchpoint: (t: PathTouchpoint) => void): Promise<void> {
  await eachCopied(tx, `SELECT touchpoint_id, ${epochMs('occurred_at')}, channel, client_id, device_id, email FROM bi.interaction_touchpoints`,
    ([id, time, channel, client, device, email]) => touchpoint({
      touchpoint_id: id!, occurred_at: Number(time), channel: channel as Channel, client_id: client ?? null, device_id: device ?? null, email: email ?? null,
    }));
}
