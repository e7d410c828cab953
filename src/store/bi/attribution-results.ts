// The model tables (bi.company_profile_attribution, _last, _limited, bi.contact_profile_attribution_first) and the
// interaction tables, read back in the exported shape of CONTRACT section 5.
import type { CompanyAttribution, ContactAttribution, ExportedTouchpointRef } from '../../core/export/shapes.js';
import { createHash } from 'node:crypto';
import type { Millis } from '../../core/types.js';
import { compareCodeUnits } from '../../core/text-order.js';
import { CREDIT_MODELS, type Credits } from '../../core/attribution/credits.js';
import type { ModelTouchpoint } from './touchpoints.js';
import type { Sql } from '../../ports/sql.js';
import { ArrayParams, columns, iso, writeAll } from './sql-values.js';

export interface InteractionRow {
  touchpoint_id: string;
  occurred_at: Millis;
  channel: string;
  eligible: boolean;
  /** Its credit under each model that gives it any (CONTRACT section 9). */
  credits: Credits;
}

/** The interaction tables' credit column of each model. */
export const CREDIT_COLUMNS = CREDIT_MODELS.map((m) => `credit_${m}`);

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

function modelColumns(tps: readonly (ModelTouchpoint | null)[]): unknown[][] {
  const pick = (f: (t: ModelTouchpoint) => unknown) => tps.map((tp) => (tp === null ? null : f(tp)));
  return [pick((t) => t.touchpoint_id), pick((t) => iso(t.occurred_at)), pick((t) => t.origin), pick((t) => t.channel),
    pick((t) => t.source), pick((t) => t.medium), pick((t) => t.campaign), pick((t) => t.term), pick((t) => t.content),
    pick((t) => t.click_id?.type ?? null), pick((t) => t.click_id?.value ?? null)];
}

interface KeyColumn { name: string; values: string }

/**
 * The upsert of one model table (key, converted_at, the model's touchpoint, extra columns) for the rows that differ
 * from what is stored: a recomputation that changes nothing writes nothing, and updated_at says when a row last
 * really changed.
 */
function modelUpsert(p: ArrayParams, table: string, key: KeyColumn, convertedAt: string,
  tps: readonly (ModelTouchpoint | null)[], extra: Record<string, string>): string {
  const names = [key.name, 'converted_at', ...MODEL_COLUMNS, ...Object.keys(extra)];
  const tpColumns = modelColumns(tps);
  const values = [key.values, convertedAt, ...MODEL_TYPES.map((t, i) => p.add(t, tpColumns[i]!)), ...Object.values(extra)];
  const compared = names.slice(1);
  return `INSERT INTO ${table} (${names.join(', ')}, updated_at)
     SELECT n.*, now() FROM unnest(${values.join(', ')}) AS n(${names.join(', ')})
     LEFT JOIN ${table} AS s ON s.${key.name} = n.${key.name}
     WHERE s.${key.name} IS NULL
        OR (${compared.map((c) => `s.${c}`).join(', ')}) IS DISTINCT FROM (${compared.map((c) => `n.${c}`).join(', ')})
     ON CONFLICT (${key.name}) DO UPDATE SET ${[...compared, 'updated_at'].map((n) => `${n} = EXCLUDED.${n}`).join(', ')}`;
}

/** An owner's interactions, and what is stored for it when known (RememberedInteractions); null: unknown. */
interface OwnerInteractions { id: string; interactions: readonly InteractionRow[]; stored: StoredRows | null }

/**
 * Makes the stored interactions of these owners exactly their lists. For an owner whose stored rows are known, only
 * the rows that differ are sent and those gone deleted. For the others, rows no longer listed are deleted and the
 * listed ones upserted where they differ from the stored ones. Disjoint rows, so all run in one statement (a
 * delete-then-insert of the same key could not).
 */
function interactionsSync(p: ArrayParams, table: string, keyName: string, owners: readonly OwnerInteractions[]): (string | null)[] {
  const sent: Array<InteractionRow & { owner: string }> = [];
  const gone: Array<[string, string]> = [];
  for (const o of owners) {
    const stored = o.stored;
    if (stored === null) {
      for (const i of o.interactions) sent.push({ ...i, owner: o.id });
      continue;
    }
    const listed = new Set<string>();
    for (const i of o.interactions) {
      listed.add(i.touchpoint_id);
      if (stored.get(i.touchpoint_id) !== rowDigest(i)) sent.push({ ...i, owner: o.id });
    }
    for (const tp of stored.keys()) if (!listed.has(tp)) gone.push([o.id, tp]);
  }
  const unknown = owners.filter((o) => o.stored === null).map((o) => o.id);
  if (unknown.length === 0 && sent.length === 0 && gone.length === 0) return [];
  const [ids, tpIds, channels, eligible] = columns(sent, ['owner', 'touchpoint_id', 'channel', 'eligible']);
  // Every parameter must be used by the statement (PostgreSQL cannot type one that is not): these two are, by the
  // delete of unknown owners' rows or by the upsert, and the others only with the clause that uses them.
  const [id, tp] = unknown.length + sent.length > 0 ? [p.add('text', ids!), p.add('text', tpIds!)] : ['', ''];
  const compared = ['occurred_at', 'channel', 'eligible', ...CREDIT_COLUMNS];
  return [
    // The rows gone are found by a set difference, not NOT IN: a NOT IN list that outgrows work_mem is searched
    // again for every stored row (a long history's unit of work stalled for minutes on it).
    unknown.length === 0 ? null
      : `DELETE FROM ${table} AS i USING (
         SELECT s.${keyName}, s.touchpoint_id FROM ${table} AS s WHERE s.${keyName} = ANY(${p.add('text', unknown)})
         EXCEPT SELECT n.owner, n.touchpoint_id FROM unnest(${id}, ${tp}) AS n(owner, touchpoint_id)) AS gone
       WHERE i.${keyName} = gone.${keyName} AND i.touchpoint_id = gone.touchpoint_id`,
    gone.length === 0 ? null
      : `DELETE FROM ${table} AS i USING unnest(${p.add('text', gone.map(([o]) => o))}, ${p.add('text', gone.map(([, t]) => t))}) AS g(owner, touchpoint_id)
       WHERE i.${keyName} = g.owner AND i.touchpoint_id = g.touchpoint_id`,
    sent.length === 0 ? null
      : `INSERT INTO ${table} (${keyName}, touchpoint_id, ${compared.join(', ')})
       SELECT n.* FROM unnest(${id}, ${tp}, ${p.add('timestamptz', sent.map((r) => iso(r.occurred_at)))}, ${p.add('text', channels!)},
         ${p.add('boolean', eligible!)}, ${CREDIT_MODELS.map((m) => p.add('float8', sent.map((r) => r.credits[m] ?? null))).join(', ')})
         AS n(owner, touchpoint_id, ${compared.join(', ')})
       LEFT JOIN ${table} AS s ON s.${keyName} = n.owner AND s.touchpoint_id = n.touchpoint_id
       WHERE s.touchpoint_id IS NULL
          OR (${compared.map((c) => `s.${c}`).join(', ')}) IS DISTINCT FROM (${compared.map((c) => `n.${c}`).join(', ')})
       ON CONFLICT (${keyName}, touchpoint_id) DO UPDATE
         SET ${compared.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`,
  ];
}

/** The values of a row that the interaction tables store beside its keys, in a fixed order. */
function comparedValues(i: InteractionRow): unknown[] {
  return [i.touchpoint_id, i.occurred_at, i.channel, i.eligible, ...CREDIT_MODELS.map((m) => i.credits[m] ?? null)];
}

/** Each stored interaction row of one entity, by touchpoint id, as `rowDigest` gives it (RememberedInteractions). */
export type StoredRows = ReadonlyMap<string, string>;

/**
 * A row's compared values but its touchpoint id (the key it is held under) as one short string; numbers print exactly
 * (the shortest text that reads back as the same number), and a missing credit as nothing.
 */
export const rowDigest = (i: InteractionRow): string =>
  [i.occurred_at, i.channel, i.eligible ? 1 : 0, ...CREDIT_MODELS.map((m) => i.credits[m] ?? '')].join(' ');

/**
 * A digest of everything a result stores (models, reason, original source, interactions and their credits), kept on
 * its first model row: the bulk recompute reads one short value per entity, not every interaction row, to tell
 * which results changed.
 */
function fingerprint(parts: readonly unknown[], interactions: readonly InteractionRow[]): string {
  const rows = [...interactions].sort((a, b) => compareCodeUnits(a.touchpoint_id, b.touchpoint_id))
    .map(comparedValues);
  return createHash('sha256').update(JSON.stringify([parts, rows])).digest('base64url');
}

// A result is compared by the bulk recompute and then written: its digest is made once.
const digests = new WeakMap<CompanyResult | ContactResult, string>();
const memo = <R extends CompanyResult | ContactResult>(digest: (r: R) => string) => (r: R): string => {
  let d = digests.get(r);
  if (d === undefined) digests.set(r, (d = digest(r)));
  return d;
};

export const companyFingerprint = memo((r: CompanyResult) => fingerprint([r.converted_at, r.first_touch?.touchpoint_id,
  r.last_touch?.touchpoint_id, r.first_touch_28d?.touchpoint_id, r.unattributed_reason, r.original_source], r.interactions));
export const contactFingerprint = memo((r: ContactResult) =>
  fingerprint([r.converted_at, r.first_touch?.touchpoint_id, r.unattributed_reason], r.interactions));

/**
 * Stores the models and interactions of freshly computed companies; only what differs from the stored rows is
 * written. `stored` gives the interactions known to be stored for a company (null: not known).
 */
export async function writeCompanyResults(tx: Sql, results: readonly CompanyResult[], stored: (companyId: string) => StoredRows | null = () => null): Promise<void> {
  if (results.length === 0) return;
  const p = new ArrayParams();
  const key = { name: 'company_id', values: p.add('text', results.map((r) => r.company_id)) };
  const converted = p.add('timestamptz', results.map((r) => iso(r.converted_at)));
  const reason = { unattributed_reason: p.add('text', results.map((r) => r.unattributed_reason)) };
  await writeAll(tx, p, [
    modelUpsert(p, 'bi.company_profile_attribution', key, converted, results.map((r) => r.first_touch), {
      original_source_touchpoint_id: p.add('text', results.map((r) => r.original_source?.touchpoint_id ?? null)),
      original_source_company_id: p.add('text', results.map((r) => r.original_source?.company_id ?? null)),
      ...reason,
      result_fingerprint: p.add('text', results.map(companyFingerprint)),
    }),
    modelUpsert(p, 'bi.company_profile_attribution_last', key, converted, results.map((r) => r.last_touch), reason),
    modelUpsert(p, 'bi.company_profile_attribution_limited', key, converted, results.map((r) => r.first_touch_28d), reason),
    ...interactionsSync(p, 'bi.company_interactions', 'company_id',
      results.map((r) => ({ id: r.company_id, interactions: r.interactions, stored: stored(r.company_id) }))),
  ]);
}

/** Stores the model and interactions of freshly computed contacts, as writeCompanyResults does. */
export async function writeContactResults(tx: Sql, results: readonly ContactResult[], stored: (email: string) => StoredRows | null = () => null): Promise<void> {
  if (results.length === 0) return;
  const p = new ArrayParams();
  const key = { name: 'email', values: p.add('text', results.map((r) => r.email)) };
  await writeAll(tx, p, [
    modelUpsert(p, 'bi.contact_profile_attribution_first', key, p.add('timestamptz', results.map((r) => iso(r.converted_at))),
      results.map((r) => r.first_touch), {
        unattributed_reason: p.add('text', results.map((r) => r.unattributed_reason)),
        result_fingerprint: p.add('text', results.map(contactFingerprint)),
      }),
    ...interactionsSync(p, 'bi.contact_interactions', 'email', results.map((r) => ({ id: r.email, interactions: r.interactions, stored: stored(r.email) }))),
  ]);
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

/**
 * The stored company models, as a FROM item (aliases f, l, m, o) and its select list: for the export and the API,
 * and beside the profiles that attribution reads (loadCompanyProfiles), where they are LEFT JOINed.
 */
export const STORED_COMPANY_MODELS = `bi.company_profile_attribution f
     JOIN bi.company_profile_attribution_last l ON l.company_id = f.company_id
     JOIN bi.company_profile_attribution_limited m ON m.company_id = f.company_id
     LEFT JOIN bi.interaction_touchpoints o ON o.touchpoint_id = f.original_source_touchpoint_id`;
export const STORED_COMPANY_COLUMNS = `f.company_id AS stored_company_id, f.converted_at AS stored_converted_at,
     ${refColumns('f', 'ft')}, ${refColumns('l', 'lt')}, ${refColumns('m', 'w')}, ${refColumns('o', 'os')}`;

/** A row selecting STORED_COMPANY_COLUMNS, in the exported shape; null when nothing is stored. */
export function storedCompanyAttribution(r: Record<string, unknown>): CompanyAttribution | null {
  if (r.stored_company_id === null) return null;
  return {
    company_id: r.stored_company_id as string,
    converted_at: (r.stored_converted_at as Date).toISOString(),
    first_touch: refOf(r, 'ft'), last_touch: refOf(r, 'lt'), first_touch_28d: refOf(r, 'w'), original_source: refOf(r, 'os'),
  };
}

/** Stored company attributions, sorted by company_id (code-unit order); all of them when `ids` is null. */
export async function loadCompanyAttributions(tx: Sql, ids: readonly string[] | null, page?: { after: string | null; limit: number }): Promise<CompanyAttribution[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (ids !== null) { params.push(ids); where.push(`f.company_id = ANY($${params.length}::text[])`); }
  if (page?.after != null) { params.push(page.after); where.push(`f.company_id COLLATE "C" > $${params.length}`); }
  const { rows } = await tx.query<Record<string, unknown>>(
    `SELECT ${STORED_COMPANY_COLUMNS} FROM ${STORED_COMPANY_MODELS}
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY f.company_id COLLATE "C"${page ? ` LIMIT ${page.limit}` : ''}`, params);
  return rows.map((r) => storedCompanyAttribution(r)!);
}

/**
 * The stored contact models (alias a), joined to bi.contact_profile_metadata AS c on the email, and their select
 * list: the contact id is the profile's (its contact_id, else its email).
 */
export const STORED_CONTACT_MODELS = 'bi.contact_profile_attribution_first a';
export const STORED_CONTACT_COLUMNS = `COALESCE(c.contact_id, c.email) AS stored_contact_id, a.email AS stored_email,
     a.converted_at AS stored_converted_at, ${refColumns('a', 'ft')}`;

/** A row selecting STORED_CONTACT_COLUMNS, in the exported shape; null when nothing is stored. */
export function storedContactAttribution(r: Record<string, unknown>): ContactAttribution | null {
  if (r.stored_email === null) return null;
  return {
    contact_id: r.stored_contact_id as string, email: r.stored_email as string,
    converted_at: (r.stored_converted_at as Date).toISOString(), first_touch: refOf(r, 'ft'),
  };
}

export async function loadContactAttributions(tx: Sql, emails: readonly string[] | null, page?: { after: string | null; limit: number }): Promise<ContactAttribution[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (emails !== null) { params.push(emails); where.push(`c.email = ANY($${params.length}::text[])`); }
  const contactId = 'COALESCE(c.contact_id, c.email)';
  if (page?.after != null) { params.push(page.after); where.push(`${contactId} COLLATE "C" > $${params.length}`); }
  const { rows } = await tx.query<Record<string, unknown>>(
    `SELECT ${STORED_CONTACT_COLUMNS} FROM bi.contact_profile_metadata c JOIN ${STORED_CONTACT_MODELS} ON a.email = c.email
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${contactId} COLLATE "C", c.email COLLATE "C"${page ? ` LIMIT ${page.limit}` : ''}`, params);
  return rows.map((r) => storedContactAttribution(r)!);
}

export async function emailsOfContactId(tx: Sql, contactId: string): Promise<string[]> {
  const { rows } = await tx.query<{ email: string }>(
    'SELECT email FROM bi.contact_profile_metadata WHERE COALESCE(contact_id, email) = $1', [contactId]);
  return rows.map((r) => r.email);
}

