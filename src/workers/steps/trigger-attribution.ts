// `delayed_attribution_trigger`: attribute these entities again. Published when a delayed re-check falls due, and for
// an entity another transaction is attributing right now (its lock is taken): handed back as a trigger due now, it
// comes round again through the queue and is computed once that transaction has committed, from what it wrote and
// what this batch knows. Nothing waits, and no change is lost.
import { randomUUID } from 'node:crypto';
import { companyNode, emailNode } from '../../core/identity/event-nodes.js';
import type { Millis } from '../../core/types.js';
import type { OutgoingMessage } from '../../ports/bus.js';
import type { Sql } from '../../ports/sql.js';
import { lockFreeEntities } from '../../store/bi/entity-locks.js';
import { Topic, type DelayedAttributionTrigger } from '../topics.js';
import type { EntityRef } from './schedule-delayed-attribution.js';

export function triggerAttribution(entities: readonly EntityRef[], publish: (m: OutgoingMessage) => void, dueAt: Millis): void {
  for (const e of entities) {
    const payload: DelayedAttributionTrigger = { entity_kind: e.kind, entity_id: e.id, due_at: dueAt };
    publish({ topic: Topic.delayedAttributionTrigger, payload, message_id: `${Topic.delayedAttributionTrigger}:${e.kind}:${e.id}:${randomUUID()}` });
  }
}

/**
 * Takes the attribution locks of `ids` that are free and returns those ids; the others, being attributed by another
 * transaction right now, are handed back as triggers due now.
 */
export async function claimEntities(
  tx: Sql, kind: EntityRef['kind'], ids: readonly string[], publish: (m: OutgoingMessage) => void, now: Millis,
): Promise<string[]> {
  // An entity's lock is keyed by its identity node.
  const nodeOf = kind === 'company' ? companyNode : emailNode;
  const busy = await lockFreeEntities(tx, ids.map(nodeOf));
  const free: string[] = [];
  const handedBack: EntityRef[] = [];
  for (const id of ids) {
    if (busy.has(nodeOf(id))) handedBack.push({ kind, id });
    else free.push(id);
  }
  triggerAttribution(handedBack, publish, now);
  return free;
}
