// bi.interaction_touchpoints: the normalised touchpoints every model reads.
import type { ClickIdType, IdentityNode, Touchpoint } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import { iso, millis, type ArrayParams } from './sql-values.js';
import type { Adjacency } from './identity-links.js';

export interface StoredTouchpoint extends Touchpoint {
  /** Whether the visitor allowed ads measurement; the conversion uploads honour it. */
  ads_consent: boolean | null;
}

/** The insert of new touchpoints (a touchpoint once stored is kept), as a clause of `writeAll`; null when none. */
export function touchpointsInsert(p: ArrayParams, tps: readonly StoredTouchpoint[]): string | null {
  if (tps.length === 0) return null;
  const text = (f: (t: StoredTouchpoint) => unknown) => p.add('text', tps.map(f));
  return `INSERT INTO bi.interaction_touchpoints (touchpoint_id, occurred_at, origin, client_id, device_id, email, session_id,
       channel, source, medium, campaign, term, content, click_id_type, click_id_value, click_ids, fbp, fbc,
       referrer_domain, landing_url, ads_consent)
     SELECT u.id, u.at, u.origin, u.client_id, u.device_id, u.email, u.session_id, u.channel, u.source, u.medium,
       u.campaign, u.term, u.content, u.cid_type, u.cid_value, u.click_ids::jsonb, u.fbp, u.fbc, u.ref, u.landing, u.ads
     FROM unnest(${text((t) => t.touchpoint_id)}, ${p.add('timestamptz', tps.map((t) => iso(t.occurred_at)))}, ${text((t) => t.origin)},
       ${text((t) => t.client_id)}, ${text((t) => t.device_id)}, ${text((t) => t.email)}, ${text((t) => t.session_id)},
       ${text((t) => t.channel)}, ${text((t) => t.source)}, ${text((t) => t.medium)}, ${text((t) => t.campaign)},
       ${text((t) => t.term)}, ${text((t) => t.content)}, ${text((t) => t.click_id?.type ?? null)},
       ${text((t) => t.click_id?.value ?? null)}, ${text((t) => JSON.stringify(t.click_ids))}, ${text((t) => t.meta_cookies.fbp)},
       ${text((t) => t.meta_cookies.fbc)}, ${text((t) => t.referrer_domain)}, ${text((t) => t.landing_url)},
       ${p.add('boolean', tps.map((t) => t.ads_consent))})
       AS u(id, at, origin, client_id, device_id, email, session_id, channel, source, medium, campaign, term, content,
            cid_type, cid_value, click_ids, fbp, fbc, ref, landing, ads)
     ON CONFLICT (touchpoint_id) DO NOTHING`;
}

export const TOUCHPOINT_COLUMNS = `touchpoint_id, occurred_at, origin, client_id, device_id, email, session_id, channel,
  source, medium, campaign, term, content, click_id_type, click_id_value, click_ids, fbp, fbc, referrer_domain,
  landing_url, ads_consent`;

export interface TouchpointRow {
  touchpoint_id: string; occurred_at: Date; origin: string; client_id: string | null; device_id: string | null;
  email: string | null; session_id: string | null; channel: string; source: string; medium: string;
  campaign: string | null; term: string | null; content: string | null; click_id_type: string | null;
  click_id_value: string | null; click_ids: Record<string, string>; fbp: string | null; fbc: string | null;
  referrer_domain: string | null; landing_url: string | null; ads_consent: boolean | null;
}

export function fromRow(r: TouchpointRow): StoredTouchpoint {
  return {
    touchpoint_id: r.touchpoint_id, occurred_at: millis(r.occurred_at), origin: r.origin as Touchpoint['origin'],
    client_id: r.client_id, device_id: r.device_id, email: r.email, session_id: r.session_id,
    channel: r.channel as Touchpoint['channel'], source: r.source, medium: r.medium, campaign: r.campaign,
    term: r.term, content: r.content,
    click_id: r.click_id_type === null ? null : { type: r.click_id_type as ClickIdType, value: r.click_id_value ?? '' },
    click_ids: r.click_ids, meta_cookies: { fbp: r.fbp, fbc: r.fbc }, referrer_domain: r.referrer_domain,
    landing_url: r.landing_url, ads_consent: r.ads_consent,
  };
}

/** What the models and the model tables read of a touchpoint: its identities and the fields that get exported. */
export type ModelTouchpoint = Pick<Touchpoint, 'touchpoint_id' | 'occurred_at' | 'origin' | 'client_id' | 'device_id' | 'email'
  | 'channel' | 'source' | 'medium' | 'campaign' | 'term' | 'content' | 'click_id'>;

/** The model fields of a touchpoint, as reading them back from the store gives them. */
export function modelTouchpoint(t: Touchpoint): ModelTouchpoint {
  return {
    touchpoint_id: t.touchpoint_id, occurred_at: t.occurred_at, origin: t.origin, client_id: t.client_id ?? null,
    device_id: t.device_id ?? null, email: t.email ?? null, channel: t.channel, source: t.source, medium: t.medium,
    campaign: t.campaign ?? null, term: t.term ?? null, content: t.content ?? null,
    click_id: t.click_id ? { type: t.click_id.type, value: t.click_id.value ?? '' } : null,
  };
}

/**
 * The part of the identity graph within `maxHops` of any start (see bi.identity_neighbourhood) and every touchpoint
 * of the nodes in it, with only the columns attribution needs, in one round trip. The nodes the walk reaches are
 * exactly the identities an exact walk of at most `maxHops` from each start can visit.
 */
export async function neighbourhoodWithTouchpoints(tx: Sql, starts: readonly IdentityNode[], maxHops: number): Promise<{ adjacency: Adjacency; touchpoints: ModelTouchpoint[] }> {
  const adjacency: Adjacency = new Map();
  const touchpoints: ModelTouchpoint[] = [];
  if (starts.length === 0) return { adjacency, touchpoints };
  // Both lookups go through their indexes whatever the statistics say (migration 006).
  const { rows } = await tx.query<{ a: IdentityNode | null; b: IdentityNode } & Omit<TouchpointRow, 'click_ids' | 'fbp' | 'fbc' | 'referrer_domain' | 'landing_url' | 'ads_consent'>>(
    `WITH links AS MATERIALIZED (SELECT a, b FROM bi.identity_neighbourhood($1::text[], $2::int)),
          nodes AS (SELECT unnest($1::text[]) AS n UNION SELECT b FROM links),
          ids AS (SELECT split_part(n, ':', 1) AS kind, substr(n, strpos(n, ':') + 1) AS id FROM nodes)
     SELECT a, b, NULL AS touchpoint_id, NULL::timestamptz AS occurred_at, NULL AS origin, NULL AS client_id,
            NULL AS device_id, NULL AS email, NULL AS channel, NULL AS source, NULL AS medium, NULL AS campaign,
            NULL AS term, NULL AS content, NULL AS click_id_type, NULL AS click_id_value
     FROM links
     UNION ALL
     SELECT NULL, NULL, t.* FROM bi.touchpoints_of_identities(
       ARRAY(SELECT id FROM ids WHERE kind = 'client'), ARRAY(SELECT id FROM ids WHERE kind = 'device'),
       ARRAY(SELECT id FROM ids WHERE kind = 'email')) AS t`,
    [[...new Set(starts)], Math.max(0, maxHops)]);
  for (const r of rows) {
    if (r.a !== null) {
      const list = adjacency.get(r.a);
      if (list) list.push(r.b); else adjacency.set(r.a, [r.b]);
      continue;
    }
    touchpoints.push({
      touchpoint_id: r.touchpoint_id, occurred_at: millis(r.occurred_at), origin: r.origin as Touchpoint['origin'],
      client_id: r.client_id, device_id: r.device_id, email: r.email, channel: r.channel as Touchpoint['channel'],
      source: r.source, medium: r.medium, campaign: r.campaign, term: r.term, content: r.content,
      click_id: r.click_id_type === null ? null : { type: r.click_id_type as ClickIdType, value: r.click_id_value ?? '' },
    });
  }
  return { adjacency, touchpoints };
}

/** The identity nodes a touchpoint belongs to. */
export function nodesOfTouchpoint(t: Pick<Touchpoint, 'client_id' | 'device_id' | 'email'>): IdentityNode[] {
  const nodes: IdentityNode[] = [];
  if (t.client_id !== null) nodes.push(`client:${t.client_id}`);
  if (t.device_id !== null) nodes.push(`device:${t.device_id}`);
  if (t.email !== null) nodes.push(`email:${t.email}`);
  return nodes;
}
