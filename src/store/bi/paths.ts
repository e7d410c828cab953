// The stored paths of CONTRACT section 9, read for `tributary models paths`: each converted entity's credited
// touchpoints, and the identity graph with every touchpoint's identities for the non-converting paths. Read in pages
// along primary keys, so a large store is read in bounded steps.
import { CREDIT_MODELS, type Credits } from '../../core/attribution/credits.js';
import type { Channel, Millis } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import { CREDIT_COLUMNS } from './attribution-results.js';
import type { CreditEntity } from './attribution-credits.js';
import { millis } from './sql-values.js';

export interface TimeRange { from: Millis | null; to: Millis | null }

export interface CreditedTouchpoint { entity_key: string; touchpoint_id: string; occurred_at: Millis; channel: Channel; credits: Credits }

const PAGE = 20_000;

const CONVERTED: Record<CreditEntity, { interactions: string; key: string; models: string }> = {
  companies: { interactions: 'bi.company_interactions', key: 'company_id', models: 'bi.company_profile_attribution' },
  contacts: { interactions: 'bi.contact_interactions', key: 'email', models: 'bi.contact_profile_attribution_first' },
};

/** The credited touchpoints of the entities converted in `range` (from inclusive, to exclusive), entity by entity. */
export async function* creditedTouchpoints(tx: Sql, entity: CreditEntity, range: TimeRange): AsyncGenerator<CreditedTouchpoint[]> {
  const t = CONVERTED[entity];
  for (let after: string | null = null; ;) {
    // A page of entities, then all their credited rows: an entity's path never straddles two pages.
    const { rows: keys }: { rows: { key: string }[] } = await tx.query<{ key: string }>(
      `SELECT ${t.key} AS key FROM ${t.models}
       WHERE ($1::text IS NULL OR ${t.key} > $1) AND ($2::timestamptz IS NULL OR converted_at >= $2)
         AND ($3::timestamptz IS NULL OR converted_at < $3)
       ORDER BY ${t.key} LIMIT ${PAGE}`,
      [after, range.from === null ? null : new Date(range.from).toISOString(), range.to === null ? null : new Date(range.to).toISOString()]);
    if (keys.length === 0) return;
    const { rows } = await tx.query<Record<string, unknown> & { key: string; touchpoint_id: string; occurred_at: Date; channel: string }>(
      `SELECT ${t.key} AS key, touchpoint_id, occurred_at, channel, ${CREDIT_COLUMNS.join(', ')} FROM ${t.interactions}
       WHERE ${t.key} = ANY($1::text[]) AND COALESCE(${CREDIT_COLUMNS.join(', ')}) IS NOT NULL`, [keys.map((k) => k.key)]);
    yield rows.map((r) => ({
      entity_key: r.key, touchpoint_id: r.touchpoint_id, occurred_at: millis(r.occurred_at), channel: r.channel as Channel,
      credits: Object.fromEntries(CREDIT_MODELS.flatMap((m) => (r[`credit_${m}`] === null ? [] : [[m, r[`credit_${m}`] as number]]))),
    }));
    if (keys.length < PAGE) return;
    after = keys[keys.length - 1]!.key;
  }
}

/** The nodes that are converted entities of this kind: `company:<id>` or `email:<email>`. */
export async function convertedNodes(tx: Sql, entity: CreditEntity): Promise<Set<string>> {
  const t = CONVERTED[entity];
  const { rows } = await tx.query<{ n: string }>(`SELECT '${entity === 'companies' ? 'company' : 'email'}:' || ${t.key} AS n FROM ${t.models}`);
  return new Set(rows.map((r) => r.n));
}

/** Every identity link, a page at a time. */
export async function* identityLinks(tx: Sql): AsyncGenerator<{ a: string; b: string }[]> {
  for (let after: { a: string; b: string } | null = null; ;) {
    const { rows }: { rows: { a: string; b: string }[] } = await tx.query<{ a: string; b: string }>(
      `SELECT a, b FROM bi.identity_links ${after === null ? '' : 'WHERE (a, b) > ($1, $2)'} ORDER BY a, b LIMIT ${PAGE}`,
      after === null ? [] : [after.a, after.b]);
    if (rows.length > 0) yield rows;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!;
  }
}

export interface PathTouchpoint { touchpoint_id: string; occurred_at: Millis; channel: Channel; client_id: string | null; device_id: string | null; email: string | null }

/** Every touchpoint with its identities, a page at a time. */
export async function* touchpointIdentities(tx: Sql): AsyncGenerator<PathTouchpoint[]> {
  for (let after: string | null = null; ;) {
    const { rows }: { rows: (Omit<PathTouchpoint, 'occurred_at'> & { occurred_at: Date })[] } = await tx.query(
      `SELECT touchpoint_id, occurred_at, channel, client_id, device_id, email FROM bi.interaction_touchpoints
       ${after === null ? '' : 'WHERE touchpoint_id > $1'} ORDER BY touchpoint_id LIMIT ${PAGE}`, after === null ? [] : [after]);
    if (rows.length > 0) yield rows.map((r) => ({ ...r, occurred_at: millis(r.occurred_at) }));
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.touchpoint_id;
  }
}
