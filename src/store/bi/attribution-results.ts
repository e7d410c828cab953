// The model tables (bi.company_profile_attribution, _last, _limited, bi.contact_profile_attribution_first) and the
// interaction tables, read back in the exported shape of CONTRACT section 5.
import type { CompanyAttribution, ContactAttribution, ExportedTouchpointRef } from '../../core/export/shapes.js';
import type { Millis } from '../../core/types.js';
import type { ModelTouchpoint } from './touchpoints.js';
import type { Sql } from '../../ports/sql.js';
import { iso } from './sql-values.js';


export interface InteractionRow { touchpoint_id: string; occurred_at: Millis; channel: string; eligible: boolean }

export interface CompanyResult {
  company_id: string;
  converted_at: Millis;
  first_touch: ModelTouchpoint | null;
  last_touch: ModelTouchpoint | null;
  first_touch_28d: ModelTouchpoint | null;
  original_source: { touchpoint_id: string; company_id: string } | null;
  unattributed_reason: string | null;
  interactions: InteractionRow[];
}

export interface ContactResult {
  email: string;
  converted_at: Millis;
  first_touch: ModelTouchpoint | null;
  unattributed_reason: string | null;
  interactions: InteractionRow[];
}

const MODEL_COLUMNS = ['touchpoint_id', 'occurred_at', 'origin', 'channel', 'source', 'medium', 'campaign', 'term',
  'content', 'click_id_type', 'click_id_value'] as const;
const MODEL_TYPES = ['text', 'timestamptz', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'];

function modelColumns(rows: readonly { tp: ModelTouchpoint | null }[]): unknown[][] {
  const pick = (f: (t: ModelTouchpoint) => unknown) => rows.map(({ tp }) => (tp === null ? null : f(tp)));
  return [pick((t) => t.touchpoint_id), pick((t) => iso(t.occurred_at)), pick((t) => t.origin), pick((t) => t.channel),
    pick((t) => t.source), pick((t) => t.medium), pick((t) => t.campaign), pick((t) => t.term), pick((t) => t.content),
    pick((t) => t.click_id?.type ?? null), pick((t) => t.click_id?.value ?? null)];
}

/** Upserts one model table: key column, converted_at, the model's touchpoint, and any extra columns. */
async function upsertModel(tx: Sql, table: string, key: string, keys: string[], convertedAt: Millis[],
  tps: (ModelTouchpoint | null)[], extra: Record<string, { type: string; values: unknown[] }> = {}): Promise<void> {
  const extraNames = Object.keys(extra);
  const names = [key, 'converted_at', ...MODEL_COLUMNS, ...extraNames];
  const types = ['text', 'timestamptz', ...MODEL_TYPES, ...extraNames.map((n) => extra[n]!.type)];
  const params = [keys, convertedAt.map(iso), ...modelColumns(tps.map((tp) => ({ tp }))), ...extraNames.map((n) => extra[n]!.values)];
  await tx.query(
    `INSERT INTO ${table} (${names.join(', ')}, updated_at)
     SELECT *, now() FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
     ON CONFLICT (${key}) DO UPDATE SET ${[...names.slice(1), 'updated_at'].map((n) => `${n} = EXCLUDED.${n}`).join(', ')}`,
    params);
}

async function replaceInteractions(tx: Sql, table: string, key: string, owners: { id: string; interactions: InteractionRow[] }[]): Promise<void> {
  await tx.query(`DELETE FROM ${table} WHERE ${key} = ANY($1::text[])`, [owners.map((o) => o.id)]);
  const ids: string[] = [], tpIds: string[] = [], at: string[] = [], channels: string[] = [], eligible: boolean[] = [];
  for (const o of owners) {
    for (const i of o.interactions) {
      ids.push(o.id); tpIds.push(i.touchpoint_id); at.push(iso(i.occurred_at)); channels.push(i.channel); eligible.push(i.eligible);
    }
  }
  if (ids.length === 0) return;
  await tx.query(
    `INSERT INTO ${table} (${key}, touchpoint_id, occurred_at, channel, eligible)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::boolean[])`,
    [ids, tpIds, at, channels, eligible]);
}

export async function writeCompanyResults(tx: Sql, results: readonly CompanyResult[]): Promise<void> {
  if (results.length === 0) return;
  const ids = results.map((r) => r.company_id);
  const converted = results.map((r) => r.converted_at);
  await upsertModel(tx, 'bi.company_profile_attribution', 'company_id', ids, converted, results.map((r) => r.first_touch), {
    original_source_touchpoint_id: { type: 'text', values: results.map((r) => r.original_source?.touchpoint_id ?? null) },
    original_source_company_id: { type: 'text', values: results.map((r) => r.original_source?.company_id ?? null) },
    unattributed_reason: { type: 'text', values: results.map((r) => r.unattributed_reason) },
  });
  const reason = { unattributed_reason: { type: 'text', values: results.map((r) => r.unattributed_reason) } };
  await upsertModel(tx, 'bi.company_profile_attribution_last', 'company_id', ids, converted, results.map((r) => r.last_touch), reason);
  await upsertModel(tx, 'bi.company_profile_attribution_limited', 'company_id', ids, converted, results.map((r) => r.first_touch_28d), reason);
  await replaceInteractions(tx, 'bi.company_interactions', 'company_id', results.map((r) => ({ id: r.company_id, interactions: r.interactions })));
}

export async function writeContactResults(tx: Sql, results: readonly ContactResult[]): Promise<void> {
  if (results.length === 0) return;
  await upsertModel(tx, 'bi.contact_profile_attribution_first', 'email', results.map((r) => r.email),
    results.map((r) => r.converted_at), results.map((r) => r.first_touch),
    { unattributed_reason: { type: 'text', values: results.map((r) => r.unattributed_reason) } });
  await replaceInteractions(tx, 'bi.contact_interactions', 'email', results.map((r) => ({ id: r.email, interactions: r.interactions })));
}

// Reading back, in the exported shape.

const refColumns = (alias: string, prefix: string) =>
  ['touchpoint_id', 'occurred_at', 'channel', 'source', 'medium', 'campaign', 'click_id_type', 'click_id_value']
    .map((c) => `${alias}.${c} AS ${prefix}_${c}`).join(', ');

function refOf(row: Record<string, unknown>, prefix: string): ExportedTouchpointRef | null {
  const id = row[`${prefix}_touchpoint_id`] as string | null;
  if (id === null) return null;
  const type = row[`${prefix}_click_id_type`] as string | null;
  return {
    touchpoint_id: id,
    occurred_at: (row[`${prefix}_occurred_at`] as Date).toISOString(),
    channel: row[`${prefix}_channel`] as string,
    source: row[`${prefix}_source`] as string,
    medium: row[`${prefix}_medium`] as string,
    campaign: row[`${prefix}_campaign`] as string | null,
    click_id: type === null ? null : { type: type as never, value: row[`${prefix}_click_id_value`] as string },
  };
}

/** Stored company attributions, sorted by company_id (code-unit order); all of them when `ids` is null. */
export async function loadCompanyAttributions(tx: Sql, ids: readonly string[] | null, page?: { after: string | null; limit: number }): Promise<CompanyAttribution[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (ids !== null) { params.push(ids); where.push(`f.company_id = ANY($${params.length}::text[])`); }
  if (page?.after != null) { params.push(page.after); where.push(`f.company_id COLLATE "C" > $${params.length}`); }
  const { rows } = await tx.query<Record<string, unknown>>(
    `SELECT f.company_id, f.converted_at, ${refColumns('f', 'ft')}, ${refColumns('l', 'lt')}, ${refColumns('m', 'w')},
            ${refColumns('o', 'os')}
     FROM bi.company_profile_attribution f
     JOIN bi.company_profile_attribution_last l USING (company_id)
     JOIN bi.company_profile_attribution_limited m USING (company_id)
     LEFT JOIN bi.interaction_touchpoints o ON o.touchpoint_id = f.original_source_touchpoint_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY f.company_id COLLATE "C"${page ? ` LIMIT ${page.limit}` : ''}`, params);
  return rows.map((r) => ({
    company_id: r.company_id as string,
    converted_at: (r.converted_at as Date).toISOString(),
    first_touch: refOf(r, 'ft'), last_touch: refOf(r, 'lt'), first_touch_28d: refOf(r, 'w'), original_source: refOf(r, 'os'),
  }));
}

export async function loadContactAttributions(tx: Sql, emails: readonly string[] | null, page?: { after: string | null; limit: number }): Promise<ContactAttribution[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (emails !== null) { params.push(emails); where.push(`a.email = ANY($${params.length}::text[])`); }
  const contactId = 'COALESCE(c.contact_id, a.email)';
  if (page?.after != null) { params.push(page.after); where.push(`${contactId} COLLATE "C" > $${params.length}`); }
  const { rows } = await tx.query<Record<string, unknown>>(
    `SELECT ${contactId} AS contact_id, a.email, a.converted_at, ${refColumns('a', 'ft')}
     FROM bi.contact_profile_attribution_first a
     JOIN bi.contact_profile_metadata c USING (email)
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${contactId} COLLATE "C", a.email COLLATE "C"${page ? ` LIMIT ${page.limit}` : ''}`, params);
  return rows.map((r) => ({
    contact_id: r.contact_id as string, email: r.email as string,
    converted_at: (r.converted_at as Date).toISOString(), first_touch: refOf(r, 'ft'),
  }));
}

export async function emailsOfContactId(tx: Sql, contactId: string): Promise<string[]> {
  const { rows } = await tx.query<{ email: string }>(
    'SELECT email FROM bi.contact_profile_metadata WHERE COALESCE(contact_id, email) = $1', [contactId]);
  return rows.map((r) => r.email);
}

