// Reading the per-touchpoint credits back (CONTRACT section 9): `tributary export credits` and the attribution
// endpoints. Read by entity keys through the interaction tables' primary keys, so a page costs what it returns.
import { CREDIT_MODELS, type CreditModel } from '../../core/attribution/credits.js';
import { compareTouchpoints } from '../../core/attribution/models.js';
import type { Channel } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import { CREDIT_COLUMNS } from './attribution-results.js';
import { millis } from './sql-values.js';

export const CREDIT_ENTITIES = ['companies', 'contacts'] as const;
export type CreditEntity = (typeof CREDIT_ENTITIES)[number];

export interface CreditLine {
  entity: CreditEntity; id: string; model: CreditModel; touchpoint_id: string; channel: string; source: string;
  medium: string; campaign: string | null; credit: number;
}

const TABLES: Record<CreditEntity, { from: string; key: string; id: string }> = {
  companies: { from: 'bi.company_interactions i', key: 'i.company_id', id: 'i.company_id' },
  contacts: {
    from: 'bi.contact_interactions i JOIN bi.contact_profile_metadata c ON c.email = i.email', key: 'i.email',
    id: 'COALESCE(c.contact_id, c.email)',
  },
};

interface CreditRow {
  key: string; id: string; touchpoint_id: string; occurred_at: Date; channel: string; source: string; medium: string;
  campaign: string | null;
}

/**
 * The credit lines of these entities (company ids, or contacts' emails), entity by entity in the order of `keys`,
 * each entity's touchpoints in attribution order and each touchpoint's models in CREDIT_MODELS order.
 */
export async function loadCredits(tx: Sql, entity: CreditEntity, keys: readonly string[], model: CreditModel | null = null): Promise<CreditLine[]> {
  if (keys.length === 0) return [];
  const t = TABLES[entity];
  const wanted = model === null ? CREDIT_COLUMNS : [`credit_${model}`];
  const { rows } = await tx.query<CreditRow>(
    `SELECT ${t.key} AS key, ${t.id} AS id, i.touchpoint_id, i.occurred_at, tp.channel, tp.source, tp.medium, tp.campaign,
            ${CREDIT_COLUMNS.map((c) => `i.${c}`).join(', ')}
     FROM ${t.from} JOIN bi.interaction_touchpoints tp ON tp.touchpoint_id = i.touchpoint_id
     WHERE ${t.key} = ANY($1::text[]) AND COALESCE(${wanted.map((c) => `i.${c}`).join(', ')}) IS NOT NULL`, [keys]);
  const order = new Map(keys.map((k, i) => [k, i]));
  const sorted = rows.map((r) => ({ ...r, occurred_at: millis(r.occurred_at), channel: r.channel as Channel, credits: r as unknown as Record<string, number | null> }))
    .sort((a, b) => order.get(a.key)! - order.get(b.key)! || compareTouchpoints(a, b));
  return sorted.flatMap((r) => CREDIT_MODELS.filter((m) => (model === null || m === model) && r.credits[`credit_${m}`] !== null)
    .map((m): CreditLine => ({
      entity, id: r.id, model: m, touchpoint_id: r.touchpoint_id, channel: r.channel, source: r.source, medium: r.medium,
      campaign: r.campaign, credit: r.credits[`credit_${m}`]!,
    })));
}

/** Every attributed entity's key (company id, contact email), in export order (by id, code units). */
export async function creditEntityKeys(tx: Sql, entity: CreditEntity): Promise<string[]> {
  const { rows } = await tx.query<{ key: string }>(entity === 'companies'
    ? 'SELECT company_id AS key FROM bi.company_profile_attribution ORDER BY company_id COLLATE "C"'
    : `SELECT a.email AS key FROM bi.contact_profile_attribution_first a JOIN bi.contact_profile_metadata c ON c.email = a.email
       ORDER BY COALESCE(c.contact_id, c.email) COLLATE "C", c.email COLLATE "C"`);
  return rows.map((r) => r.key);
}
