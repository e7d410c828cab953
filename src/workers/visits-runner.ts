// VisitsRunner (flow document stage 1): sessions become enriched visits and touchpoints; page hits are recorded;
// `identify` hits join a browser to an email.
import type { CampaignResolver } from '../core/campaign/resolve-campaign.js';
import { enrichVisit } from '../core/enrichment/enrich-visit.js';
import type { GeoLookup } from '../core/enrichment/geo.js';
import type { ParseUserAgent } from '../core/enrichment/user-agent.js';
import type { HitEvent, IdentifyEvent, SessionEvent } from '../core/events/types.js';
import { createInteractionFromVisit } from '../core/touchpoints/create-touchpoints.js';
import { identityNodesOfEvent } from '../core/identity/event-nodes.js';
import { ArrayParams, writeAll } from '../store/bi/sql-values.js';
import { hitsInsert, sessionsUpsert, visitsInsert, type VisitRow } from '../store/bi/visits.js';
import { decodeEvents } from './steps/decode-messages.js';
import { recordIdentityFactsOf } from './steps/record-identity-facts.js';
import { touchpointsWrite, type NewTouchpoint } from './steps/store-touchpoints.js';
import { Topic, identityChange } from './topics.js';
import type { IdentityGraph } from '../store/bi/identity-graph.js';
import type { Worker } from '../ports/worker.js';

export interface VisitsRunnerDeps {
  resolveCampaign: CampaignResolver;
  parseUserAgent: ParseUserAgent;
  geo: GeoLookup | null;
  anonymiseIp: boolean;
  graph: IdentityGraph;
}

export function createVisitsRunner(deps: VisitsRunnerDeps): Worker {
  return {
    name: 'VisitsRunner',
    queue: 'visits',
    bindings: [Topic.sessionWebhook, `${Topic.eventHit}.#`],
    prepare: recordIdentityFactsOf(deps.graph),
    async handle(batch, { tx, publish }) {
      const events = await decodeEvents(tx, batch, 'VisitsRunner');
      const sessions: SessionEvent[] = [], hits: HitEvent[] = [], identifies: IdentifyEvent[] = [];
      for (const e of events) {
        if (e.type === 'session') sessions.push(e);
        else if (e.type === 'hit') hits.push(e);
        else if (e.type === 'identify') identifies.push(e);
      }

      const visits: VisitRow[] = [];
      const touchpoints: NewTouchpoint[] = [];
      for (const s of sessions) {
        const enrichment = enrichVisit({ userAgent: s.user_agent, ip: s.ip, anonymiseIp: deps.anonymiseIp }, deps);
        const touchpoint = createInteractionFromVisit(s, deps.resolveCampaign);
        visits.push({ event: s, enrichment, touchpoint });
        // CONTRACT section 2: every session is a touchpoint. Bots are flagged on the visit (is_bot) for reports to
        // filter; dropping them here would also drop real people behind odd user agents (headless browsers, apps).
        touchpoints.push({ touchpoint, ads_consent: s.consent?.ads ?? null, source_event_id: s.event_id });
      }
      // One statement. Hits of one session reach both processes of a queue at once, and the row lock of the session
      // upsert is held until commit: only the outbox write comes between.
      const p = new ArrayParams();
      await writeAll(tx, p, [visitsInsert(p, visits), hitsInsert(p, hits), touchpointsWrite(p, deps.graph, touchpoints, publish), sessionsUpsert(p, [
        ...sessions.map((s) => ({ session_id: s.session_id, client_id: s.client_id, at: s.ts, page_views: 0 })),
        ...hits.map((h) => ({ session_id: h.session_id, client_id: h.client_id, at: h.ts, page_views: h.name === 'page_view' ? 1 : 0 })),
      ])]);
      for (const i of identifies) {
        publish({ topic: Topic.newContactCreated, payload: { ...identityChange(i.event_id, i.ts, identityNodesOfEvent(i)), email: i.email },
          message_id: `${Topic.newContactCreated}:${i.event_id}` });
      }
    },
  };
}
