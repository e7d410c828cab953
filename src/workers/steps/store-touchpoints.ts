// Writes new touchpoints and announces each on `new_interaction_touchpoint`, in the same transaction.
import type { Touchpoint } from '../../core/types.js';
import type { OutgoingMessage } from '../../ports/bus.js';
import type { Sql } from '../../ports/sql.js';
import { ArrayParams, writeAll } from '../../store/bi/sql-values.js';
import { modelTouchpoint, nodesOfTouchpoint, touchpointsInsert } from '../../store/bi/touchpoints.js';
import type { IdentityGraph } from '../../store/bi/identity-graph.js';
import { Topic, type NewInteractionTouchpoint } from '../topics.js';

export interface NewTouchpoint { touchpoint: Touchpoint; ads_consent: boolean | null; source_event_id: string }

/**
 * The write of new touchpoints, as a clause of `writeAll` (null when none), and their announcements, published in
 * the batch's transaction.
 */
export function touchpointsWrite(p: ArrayParams, graph: IdentityGraph, items: readonly NewTouchpoint[], publish: (m: OutgoingMessage) => void): string | null {
  for (const { touchpoint: t, source_event_id } of items) {
    const payload: NewInteractionTouchpoint = { source_event_id, ts: t.occurred_at, nodes: nodesOfTouchpoint(t), touchpoint_id: t.touchpoint_id };
    publish({ topic: Topic.newInteractionTouchpoint, payload, message_id: `${Topic.newInteractionTouchpoint}:${t.touchpoint_id}` });
  }
  // Told before the statement runs: if it fails, the transaction (and with it what the graph was told) rolls back.
  graph.recorded({ touchpoints: items.map((i) => modelTouchpoint(i.touchpoint)) });
  return touchpointsInsert(p, items.map((i) => ({ ...i.touchpoint, ads_consent: i.ads_consent })));
}

/** The touchpoint-making step the input workers share: each event that makes a touchpoint, stored and announced. */
export async function storeTouchpointsOf<E extends { event_id: string }>(
  tx: Sql, graph: IdentityGraph, events: readonly E[], toTouchpoint: (event: E) => Touchpoint | null, publish: (m: OutgoingMessage) => void,
  adsConsent: (event: E) => boolean | null = () => null,
): Promise<void> {
  const items: NewTouchpoint[] = [];
  for (const e of events) {
    const touchpoint = toTouchpoint(e);
    if (touchpoint) items.push({ touchpoint, ads_consent: adsConsent(e), source_event_id: e.event_id });
  }
  const p = new ArrayParams();
  await writeAll(tx, p, [touchpointsWrite(p, graph, items, publish)]);
}
