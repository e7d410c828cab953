// bi.company_profile_meta_data and bi.contact_profile_metadata: what the events said about each company and
// contact. Every upsert keeps the earliest fact (by event time, then event id), so the stored profile does not
// depend on the order events arrived in.
import type { CompanyFact, EmailSighting } from '../../core/facts/event-facts.js';
import type { Millis } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import { iso, isoOrNull, millis, type ArrayParams } from './sql-values.js';
import { compareCodeUnits } from '../../core/text-order.js';
import type { CompanyAttribution, ContactAttribution } from '../../core/export/shapes.js';
import { STORED_COMPANY_COLUMNS, STORED_COMPANY_MODELS, STORED_CONTACT_COLUMNS, STORED_CONTACT_MODELS, storedCompanyAttribution,
  storedContactAttribution } from './attribution-results.js';

/** The upsert of company facts (earliest creation, earliest signup), as a clause of `writeAll`; null when none. */
export function companyFactsUpsert(p: ArrayParams, facts: readonly CompanyFact[]): string | null {
  if (facts.length === 0) return null;
  // One row per company, earliest creation and earliest signup: an INSERT may not touch a row twice.
  const byCompany = new Map<string, { created: CompanyFact | null; signupAt: Millis | null }>();
  const earlier = (a: CompanyFact, b: CompanyFact | null) => b === null || a.at < b.at || (a.at === b.at && a.event_id < b.event_id);
  for (const f of facts) {
    const entry = byCompany.get(f.company_id) ?? { created: null, signupAt: null };
    if (f.kind === 'created' && earlier(f, entry.created)) entry.created = f;
    if (f.kind === 'signup' && (entry.signupAt === null || f.at < entry.signupAt)) entry.signupAt = f.at;
    byCompany.set(f.company_id, entry);
  }
  // Key order: concurrent upserts lock rows in the same order and cannot deadlock.
  const rows = [...byCompany].sort(byKey).map(([id, { created, signupAt }]) => ({ id, created, signupAt }));
  // Facts the stored row already has (an equal or earlier one) are skipped by a plain read, without the row lock an
  // upsert takes even when it changes nothing (see linksUpsert).
  const text = (f: (r: typeof rows[number]) => string | null) => p.add('text', rows.map(f));
  const time = (f: (r: typeof rows[number]) => Millis | null) => p.add('timestamptz', rows.map((r) => isoOrNull(f(r))));
  return `INSERT INTO bi.company_profile_meta_data AS m
       (company_id, name, domain, creator_email, client_id, referred_by, created_at, created_event_id, first_signup_at)
     SELECT p.company_id, p.name, p.domain, p.creator_email, p.client_id, p.referred_by, p.created_at, p.created_event_id,
       p.first_signup_at
     FROM unnest(${text((r) => r.id)}, ${text((r) => r.created?.name ?? null)}, ${text((r) => r.created?.domain ?? null)},
       ${text((r) => r.created?.creator_email ?? null)}, ${text((r) => r.created?.client_id ?? null)},
       ${text((r) => r.created?.referred_by ?? null)}, ${time((r) => r.created?.at ?? null)},
       ${text((r) => r.created?.event_id ?? null)}, ${time((r) => r.signupAt)})
       WITH ORDINALITY AS p(company_id, name, domain, creator_email, client_id, referred_by, created_at, created_event_id,
       first_signup_at, n)
     LEFT JOIN bi.company_profile_meta_data o ON o.company_id = p.company_id
     WHERE o.company_id IS NULL
        OR (p.created_at IS NOT NULL AND (o.created_at IS NULL OR (p.created_at, p.created_event_id) < (o.created_at, o.created_event_id)))
        OR (p.first_signup_at IS NOT NULL AND (o.first_signup_at IS NULL OR p.first_signup_at < o.first_signup_at))
     ORDER BY p.n
     ON CONFLICT (company_id) DO UPDATE SET
       (name, domain, creator_email, client_id, referred_by, created_at, created_event_id) =
         (SELECT EXCLUDED.name, EXCLUDED.domain, EXCLUDED.creator_email, EXCLUDED.client_id, EXCLUDED.referred_by,
                 EXCLUDED.created_at, EXCLUDED.created_event_id
          WHERE EXCLUDED.created_at IS NOT NULL AND (m.created_at IS NULL
             OR (EXCLUDED.created_at, EXCLUDED.created_event_id) < (m.created_at, m.created_event_id))
          UNION ALL
          SELECT m.name, m.domain, m.creator_email, m.client_id, m.referred_by, m.created_at, m.created_event_id
          WHERE NOT (EXCLUDED.created_at IS NOT NULL AND (m.created_at IS NULL
             OR (EXCLUDED.created_at, EXCLUDED.created_event_id) < (m.created_at, m.created_event_id)))),
       first_signup_at = LEAST(m.first_signup_at, EXCLUDED.first_signup_at)`;
}

/** The upsert of email sightings (earliest sighting, earliest contact id), as a clause of `writeAll`; null when none. */
export function sightingsUpsert(p: ArrayParams, sightings: readonly EmailSighting[]): string | null {
  if (sightings.length === 0) return null;
  const byEmail = new Map<string, { first: Millis; contactId: string | null; contactAt: Millis | null }>();
  for (const s of sightings) {
    const e = byEmail.get(s.email) ?? { first: s.at, contactId: null, contactAt: null };
    if (s.at < e.first) e.first = s.at;
    if (s.contact_id !== null && (e.contactAt === null || s.at < e.contactAt || (s.at === e.contactAt && s.contact_id < e.contactId!))) {
      e.contactId = s.contact_id;
      e.contactAt = s.at;
    }
    byEmail.set(s.email, e);
  }
  const rows = [...byEmail].sort(byKey);
  // Sightings that change nothing are skipped without a row lock (see recordCompanyFacts).
  return `INSERT INTO bi.contact_profile_metadata AS c (email, first_seen_at, contact_id, contact_id_at)
     SELECT p.email, p.first_seen_at, p.contact_id, p.contact_id_at
     FROM unnest(${p.add('text', rows.map(([e]) => e))}, ${p.add('timestamptz', rows.map(([, v]) => iso(v.first)))},
       ${p.add('text', rows.map(([, v]) => v.contactId))}, ${p.add('timestamptz', rows.map(([, v]) => isoOrNull(v.contactAt)))}) WITH ORDINALITY
       AS p(email, first_seen_at, contact_id, contact_id_at, n)
     LEFT JOIN bi.contact_profile_metadata o ON o.email = p.email
     WHERE o.email IS NULL OR p.first_seen_at < o.first_seen_at
        OR (p.contact_id IS NOT NULL AND (o.contact_id IS NULL OR (p.contact_id_at, p.contact_id) < (o.contact_id_at, o.contact_id)))
     ORDER BY p.n
     ON CONFLICT (email) DO UPDATE SET
       first_seen_at = LEAST(c.first_seen_at, EXCLUDED.first_seen_at),
       (contact_id, contact_id_at) = (SELECT EXCLUDED.contact_id, EXCLUDED.contact_id_at
          WHERE EXCLUDED.contact_id IS NOT NULL AND (c.contact_id IS NULL
             OR (EXCLUDED.contact_id_at, EXCLUDED.contact_id) < (c.contact_id_at, c.contact_id))
          UNION ALL SELECT c.contact_id, c.contact_id_at
          WHERE NOT (EXCLUDED.contact_id IS NOT NULL AND (c.contact_id IS NULL
             OR (EXCLUDED.contact_id_at, EXCLUDED.contact_id) < (c.contact_id_at, c.contact_id))))`;
}

export interface CompanyProfile {
  company_id: string;
  converted_at: Millis;
  referred_by: string | null;
  /** Some company names this one as its referrer: a change of this one may move their original_source. */
  refers: boolean;
  /** What attribution last stored for it. */
  stored: CompanyAttribution | null;
  /** The digest of everything stored for its result (companyFingerprint); null when nothing is. */
  fingerprint: string | null;
}

/**
 * Converted companies among `ids` (converted at company_created, or at the first signup when none arrived), with
 * their stored models: one round trip for what a recomputation starts from. The models are looked up per profile
 * (a LATERAL subquery that OFFSET 0 keeps from being flattened): joined as a whole, a planner without statistics
 * hashes every stored company to find the few asked for.
 */
export async function loadCompanyProfiles(tx: Sql, ids: readonly string[]): Promise<CompanyProfile[]> {
  const { rows } = await tx.query<Record<string, unknown>>(
    `SELECT p.company_id, COALESCE(p.created_at, p.first_signup_at) AS converted_at, p.referred_by,
       EXISTS (SELECT 1 FROM bi.company_profile_meta_data r WHERE r.referred_by = p.company_id) AS refers,
       s.*
     FROM bi.company_profile_meta_data p
     LEFT JOIN LATERAL (SELECT ${STORED_COMPANY_COLUMNS}, f.result_fingerprint FROM ${STORED_COMPANY_MODELS} WHERE f.company_id = p.company_id OFFSET 0) s ON true
     WHERE p.company_id = ANY($1::text[]) AND COALESCE(p.created_at, p.first_signup_at) IS NOT NULL`, [ids]);
  return rows.map((r) => ({
    company_id: r.company_id as string, converted_at: millis(r.converted_at as Date), referred_by: r.referred_by as string | null,
    refers: r.refers as boolean, stored: storedCompanyAttribution(r), fingerprint: r.result_fingerprint as string | null,
  }));
}

export interface ContactProfile {
  email: string;
  contact_id: string;
  converted_at: Millis;
  stored: ContactAttribution | null;
  /** The digest of everything stored for its result (contactFingerprint); null when nothing is. */
  fingerprint: string | null;
}

/** The contacts of `emails`, with their stored model. */
export async function loadContactProfiles(tx: Sql, emails: readonly string[]): Promise<ContactProfile[]> {
  const { rows } = await tx.query<Record<string, unknown>>(
    `SELECT c.email, c.contact_id, c.first_seen_at, s.*
     FROM bi.contact_profile_metadata c
     LEFT JOIN LATERAL (SELECT ${STORED_CONTACT_COLUMNS}, a.result_fingerprint FROM ${STORED_CONTACT_MODELS} WHERE a.email = c.email OFFSET 0) s ON true
     WHERE c.email = ANY($1::text[])`, [emails]);
  // A contact known only from its email (a form fill, an identify) is identified by that email.
  return rows.map((r) => ({
    email: r.email as string, contact_id: (r.contact_id as string | null) ?? (r.email as string),
    converted_at: millis(r.first_seen_at as Date), stored: storedContactAttribution(r), fingerprint: r.result_fingerprint as string | null,
  }));
}

/** Companies whose `referred_by` is one of `ids`: their original_source may follow a change of these. */
export async function companiesReferredBy(tx: Sql, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await tx.query<{ company_id: string }>(
    'SELECT company_id FROM bi.company_profile_meta_data WHERE referred_by = ANY($1::text[])', [ids]);
  return rows.map((r) => r.company_id);
}

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => compareCodeUnits(a, b);
