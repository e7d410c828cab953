// bi.sessions, bi.visits and bi.event_hits: what the browser SDK reported, enriched.
import type { VisitEnrichment } from '../../core/enrichment/enrich-visit.js';
import type { HitEvent, SessionEvent } from '../../core/events/types.js';
import type { Millis, Touchpoint } from '../../core/types.js';
import { iso, type ArrayParams } from './sql-values.js';
import { compareCodeUnits } from '../../core/text-order.js';

export interface SessionActivity { session_id: string; client_id: string; at: Millis; page_views: number }

/**
 * The upsert of session activity (sessions keep their earliest start and latest activity, whatever order their
 * events arrive in), as a clause of `writeAll`; null when none.
 */
export function sessionsUpsert(p: ArrayParams, activity: readonly SessionActivity[]): string | null {
  const merged = new Map<string, { client_id: string; first: Millis; last: Millis; views: number }>();
  for (const a of activity) {
    const m = merged.get(a.session_id);
    if (!m) merged.set(a.session_id, { client_id: a.client_id, first: a.at, last: a.at, views: a.page_views });
    else { m.first = Math.min(m.first, a.at); m.last = Math.max(m.last, a.at); m.views += a.page_views; }
  }
  if (merged.size === 0) return null;
  // Key order, so concurrent upserts cannot deadlock.
  const rows = [...merged].sort(([a], [b]) => compareCodeUnits(a, b));
  return `INSERT INTO bi.sessions AS s (session_id, client_id, started_at, last_seen_at, page_views)
     SELECT p.session_id, p.client_id, p.started_at, p.last_seen_at, p.page_views
     FROM unnest(${p.add('text', rows.map(([id]) => id))}, ${p.add('text', rows.map(([, m]) => m.client_id))},
       ${p.add('timestamptz', rows.map(([, m]) => iso(m.first)))}, ${p.add('timestamptz', rows.map(([, m]) => iso(m.last)))},
       ${p.add('int', rows.map(([, m]) => m.views))}) WITH ORDINALITY
       AS p(session_id, client_id, started_at, last_seen_at, page_views, n)
     LEFT JOIN bi.sessions o ON o.session_id = p.session_id
     -- activity inside the stored span and without page views changes nothing: no row lock for it
     WHERE o.session_id IS NULL OR p.page_views > 0 OR p.started_at < o.started_at OR p.last_seen_at > o.last_seen_at
     ORDER BY p.n
     ON CONFLICT (session_id) DO UPDATE SET
       started_at = LEAST(s.started_at, EXCLUDED.started_at),
       last_seen_at = GREATEST(s.last_seen_at, EXCLUDED.last_seen_at),
       page_views = s.page_views + EXCLUDED.page_views`;
}

export interface VisitRow { event: SessionEvent; enrichment: VisitEnrichment; touchpoint: Touchpoint }

/** The insert of enriched visits, as a clause of `writeAll`; null when none. */
export function visitsInsert(p: ArrayParams, visits: readonly VisitRow[]): string | null {
  if (visits.length === 0) return null;
  const text = (f: (v: VisitRow) => unknown) => p.add('text', visits.map(f));
  const bool = (f: (v: VisitRow) => boolean | null) => p.add('boolean', visits.map(f));
  return `INSERT INTO bi.visits (visit_id, session_id, client_id, occurred_at, page_url, referrer, utm_source, utm_medium,
       utm_campaign, utm_term, utm_content, click_ids, fbp, fbc, ip, country, region, city, device_type, browser,
       browser_version, os, os_version, is_bot, consent_analytics, consent_ads, user_agent)
     SELECT u.id, u.sid, u.cid, u.at, u.url, u.ref, u.src, u.med, u.cmp, u.term, u.cnt, u.clicks::jsonb, u.fbp, u.fbc,
       u.ip, u.country, u.region, u.city, u.dev, u.br, u.brv, u.os, u.osv, u.bot, u.ca, u.cads, u.ua
     FROM unnest(${text((v) => v.event.event_id)}, ${text((v) => v.event.session_id)}, ${text((v) => v.event.client_id)},
       ${p.add('timestamptz', visits.map((v) => iso(v.event.ts)))}, ${text((v) => v.event.page_url)}, ${text((v) => v.event.referrer)},
       ${text((v) => v.touchpoint.source)}, ${text((v) => v.touchpoint.medium)}, ${text((v) => v.touchpoint.campaign)},
       ${text((v) => v.touchpoint.term)}, ${text((v) => v.touchpoint.content)}, ${text((v) => JSON.stringify(v.touchpoint.click_ids))},
       ${text((v) => v.touchpoint.meta_cookies.fbp)}, ${text((v) => v.touchpoint.meta_cookies.fbc)}, ${text((v) => v.enrichment.ip)},
       ${text((v) => v.enrichment.country)}, ${text((v) => v.enrichment.region)}, ${text((v) => v.enrichment.city)},
       ${text((v) => v.enrichment.device_type)}, ${text((v) => v.enrichment.browser)}, ${text((v) => v.enrichment.browser_version)},
       ${text((v) => v.enrichment.os)}, ${text((v) => v.enrichment.os_version)}, ${bool((v) => v.enrichment.is_bot)},
       ${bool((v) => v.event.consent?.analytics ?? null)}, ${bool((v) => v.event.consent?.ads ?? null)}, ${text((v) => v.event.user_agent)})
       AS u(id, sid, cid, at, url, ref, src, med, cmp, term, cnt, clicks, fbp, fbc, ip, country, region, city, dev, br, brv, os, osv, bot, ca, cads, ua)
     ON CONFLICT (visit_id) DO NOTHING`;
}

/** The insert of page and custom hits, as a clause of `writeAll`; null when none. */
export function hitsInsert(p: ArrayParams, hits: readonly HitEvent[]): string | null {
  if (hits.length === 0) return null;
  const text = (f: (h: HitEvent) => unknown) => p.add('text', hits.map(f));
  return `INSERT INTO bi.event_hits (event_id, client_id, session_id, name, occurred_at, page_url, properties)
     SELECT u.id, u.cid, u.sid, u.name, u.at, u.url, u.props::jsonb
     FROM unnest(${text((h) => h.event_id)}, ${text((h) => h.client_id)}, ${text((h) => h.session_id)}, ${text((h) => h.name)},
       ${p.add('timestamptz', hits.map((h) => iso(h.ts)))}, ${text((h) => h.page_url)},
       ${text((h) => (h.properties === null ? null : JSON.stringify(h.properties)))})
       AS u(id, cid, sid, name, at, url, props)
     ON CONFLICT (event_id) DO NOTHING`;
}
