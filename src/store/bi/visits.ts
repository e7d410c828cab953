// bi.sessions, bi.visits and bi.event_hits: what the browser SDK reported, enriched.
import type { VisitEnrichment } from '../../core/enrichment/enrich-visit.js';
import type { HitEvent, SessionEvent } from '../../core/events/types.js';
import type { Millis, Touchpoint } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import { iso } from './sql-values.js';
import { compareCodeUnits } from '../../core/text-order.js';

export interface SessionActivity { session_id: string; client_id: string; at: Millis; page_views: number }

/** Sessions keep their earliest start and latest activity, whatever order their events arrive in. */
export async function upsertSessions(tx: Sql, activity: readonly SessionActivity[]): Promise<void> {
  const merged = new Map<string, { client_id: string; first: Millis; last: Millis; views: number }>();
  for (const a of activity) {
    const m = merged.get(a.session_id);
    if (!m) merged.set(a.session_id, { client_id: a.client_id, first: a.at, last: a.at, views: a.page_views });
    else { m.first = Math.min(m.first, a.at); m.last = Math.max(m.last, a.at); m.views += a.page_views; }
  }
  if (merged.size === 0) return;
  // Key order, so concurrent upserts cannot deadlock.
  const rows = [...merged].sort(([a], [b]) => compareCodeUnits(a, b));
  await tx.query(
    `INSERT INTO bi.sessions AS s (session_id, client_id, started_at, last_seen_at, page_views)
     SELECT p.session_id, p.client_id, p.started_at, p.last_seen_at, p.page_views
     FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::int[]) WITH ORDINALITY
       AS p(session_id, client_id, started_at, last_seen_at, page_views, n)
     LEFT JOIN bi.sessions o ON o.session_id = p.session_id
     -- activity inside the stored span and without page views changes nothing: no row lock for it
     WHERE o.session_id IS NULL OR p.page_views > 0 OR p.started_at < o.started_at OR p.last_seen_at > o.last_seen_at
     ORDER BY p.n
     ON CONFLICT (session_id) DO UPDATE SET
       started_at = LEAST(s.started_at, EXCLUDED.started_at),
       last_seen_at = GREATEST(s.last_seen_at, EXCLUDED.last_seen_at),
       page_views = s.page_views + EXCLUDED.page_views`,
    [rows.map(([id]) => id), rows.map(([, m]) => m.client_id), rows.map(([, m]) => iso(m.first)),
      rows.map(([, m]) => iso(m.last)), rows.map(([, m]) => m.views)]);
}

export interface VisitRow { event: SessionEvent; enrichment: VisitEnrichment; touchpoint: Touchpoint }

export async function insertVisits(tx: Sql, visits: readonly VisitRow[]): Promise<void> {
  if (visits.length === 0) return;
  const col = <T>(f: (v: VisitRow) => T) => visits.map(f);
  await tx.query(
    `INSERT INTO bi.visits (visit_id, session_id, client_id, occurred_at, page_url, referrer, utm_source, utm_medium,
       utm_campaign, utm_term, utm_content, click_ids, fbp, fbc, ip, country, region, city, device_type, browser,
       browser_version, os, os_version, is_bot, consent_analytics, consent_ads, user_agent)
     SELECT u.id, u.sid, u.cid, u.at, u.url, u.ref, u.src, u.med, u.cmp, u.term, u.cnt, u.clicks::jsonb, u.fbp, u.fbc,
       u.ip, u.country, u.region, u.city, u.dev, u.br, u.brv, u.os, u.osv, u.bot, u.ca, u.cads, u.ua
     FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[],
       $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], $24::boolean[], $25::boolean[], $26::boolean[], $27::text[])
       AS u(id, sid, cid, at, url, ref, src, med, cmp, term, cnt, clicks, fbp, fbc, ip, country, region, city, dev, br, brv, os, osv, bot, ca, cads, ua)
     ON CONFLICT (visit_id) DO NOTHING`,
    [col((v) => v.event.event_id), col((v) => v.event.session_id), col((v) => v.event.client_id), col((v) => iso(v.event.ts)),
      col((v) => v.event.page_url), col((v) => v.event.referrer), col((v) => v.touchpoint.source), col((v) => v.touchpoint.medium),
      col((v) => v.touchpoint.campaign), col((v) => v.touchpoint.term), col((v) => v.touchpoint.content),
      col((v) => JSON.stringify(v.touchpoint.click_ids)), col((v) => v.touchpoint.meta_cookies.fbp), col((v) => v.touchpoint.meta_cookies.fbc),
      col((v) => v.enrichment.ip), col((v) => v.enrichment.country), col((v) => v.enrichment.region), col((v) => v.enrichment.city),
      col((v) => v.enrichment.device_type), col((v) => v.enrichment.browser), col((v) => v.enrichment.browser_version),
      col((v) => v.enrichment.os), col((v) => v.enrichment.os_version), col((v) => v.enrichment.is_bot),
      col((v) => v.event.consent?.analytics ?? null), col((v) => v.event.consent?.ads ?? null), col((v) => v.event.user_agent)]);
}

export async function insertHits(tx: Sql, hits: readonly HitEvent[]): Promise<void> {
  if (hits.length === 0) return;
  await tx.query(
    `INSERT INTO bi.event_hits (event_id, client_id, session_id, name, occurred_at, page_url, properties)
     SELECT u.id, u.cid, u.sid, u.name, u.at, u.url, u.props::jsonb
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[])
       AS u(id, cid, sid, name, at, url, props)
     ON CONFLICT (event_id) DO NOTHING`,
    [hits.map((h) => h.event_id), hits.map((h) => h.client_id), hits.map((h) => h.session_id), hits.map((h) => h.name),
      hits.map((h) => iso(h.ts)), hits.map((h) => h.page_url), hits.map((h) => (h.properties === null ? null : JSON.stringify(h.properties)))]);
}
