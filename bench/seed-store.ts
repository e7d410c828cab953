// A large attribution store written straight into the tables `recompute` and `models paths` read (touchpoints,
// identity links, company and contact profiles), by set-based SQL, so the recompute benchmark can start from
// 1,000,000 touchpoints in seconds instead of ingesting them for minutes. Deterministic: the same size gives the
// same store on PGlite and PostgreSQL.
//
// Each company: a creator email linked to two clients and to the company; `perCompany` touchpoints spread over the
// two clients across the 60 days before the conversion (about 1 in 10 after it); the contact of the creator's email
// converts at the same time. Anonymous visitors with `perVisitor` touchpoints each never convert.
import type { Store } from '../src/ports/sql.js';

export interface SeedSize { companies: number; perCompany: number; visitors: number; perVisitor: number }

const T0 = "timestamptz '2026-06-01T00:00:00Z'";
// (channel, source, medium, campaign): the mix the demo's channels produce, direct and unassigned included.
const CAMPAIGNS = [
  ['paid_search', 'google', 'cpc', 'Brand'], ['paid_search', 'google', 'cpc', 'Generic'], ['paid_search', 'bing', 'cpc', 'Brand'],
  ['paid_social', 'facebook', 'cpc', 'Retarget'], ['paid_social', 'linkedin', 'paid_social', 'ABM'], ['organic_search', 'google', 'organic', null],
  ['organic_social', 'linkedin', 'social', null], ['email', 'newsletter', 'email', 'Weekly'], ['referral', 'g2.com', 'referral', null],
  ['direct', '(direct)', '(none)', null], ['direct', '(direct)', '(none)', null], ['display', 'google', 'display', 'Remarketing'],
  ['unassigned', 'foo', 'bar', null], ['affiliates', 'partner', 'affiliate', null],
] as const;
const array = (i: number) => `ARRAY[${CAMPAIGNS.map((c) => (c[i] === null ? 'NULL' : `'${c[i]}'`)).join(', ')}]::text[]`;

export async function seedStore(store: Store, size: SeedSize): Promise<void> {
  const n = CAMPAIGNS.length;
  const pick = (g: string) => `(${g}) % ${n} + 1`;
  const converted = (i: string) => `${T0} + (${i}) * interval '37 seconds'`;
  await store.exec(`
    INSERT INTO bi.company_profile_meta_data (company_id, creator_email, created_at, created_event_id)
      SELECT 'co' || i, 'u' || i || '@co' || i || '.example', ${converted('i')}, 'cc' || i FROM generate_series(1, ${size.companies}) i;
    INSERT INTO bi.contact_profile_metadata (email, first_seen_at)
      SELECT 'u' || i || '@co' || i || '.example', ${converted('i')} FROM generate_series(1, ${size.companies}) i;
    INSERT INTO bi.identity_links (a, b, first_seen_at)
      SELECT x.a, x.b, ${converted('i')} FROM generate_series(1, ${size.companies}) i,
        LATERAL (VALUES ('client:c' || i || 'a', 'email:u' || i || '@co' || i || '.example'), ('client:c' || i || 'b', 'email:u' || i || '@co' || i || '.example'),
                        ('company:co' || i, 'email:u' || i || '@co' || i || '.example')) AS l(a, b),
        LATERAL (VALUES (l.a, l.b), (l.b, l.a)) AS x(a, b);
    INSERT INTO bi.interaction_touchpoints (touchpoint_id, occurred_at, origin, client_id, channel, source, medium, campaign)
      SELECT 'tp' || i || '-' || j, ${converted('i')} - ((i * 31 + j * 17) % 66 - 6) * interval '1 day' - (j * 613) * interval '1 second',
        'visit', 'c' || i || CASE WHEN j % 2 = 0 THEN 'a' ELSE 'b' END,
        (${array(0)})[${pick('i * 7 + j * 3')}], (${array(1)})[${pick('i * 7 + j * 3')}], (${array(2)})[${pick('i * 7 + j * 3')}], (${array(3)})[${pick('i * 7 + j * 3')}]
      FROM generate_series(1, ${size.companies}) i, generate_series(1, ${size.perCompany}) j;
    INSERT INTO bi.interaction_touchpoints (touchpoint_id, occurred_at, origin, client_id, channel, source, medium, campaign)
      SELECT 'vt' || v || '-' || j, ${T0} + (v * 53 + j * 3600) * interval '1 second', 'visit', 'v' || v,
        (${array(0)})[${pick('v * 5 + j')}], (${array(1)})[${pick('v * 5 + j')}], (${array(2)})[${pick('v * 5 + j')}], (${array(3)})[${pick('v * 5 + j')}]
      FROM generate_series(1, ${size.visitors}) v, generate_series(1, ${size.perVisitor}) j;
    ANALYZE;`);
}
