// `delayed_attribution_trigger`: attribute these entities again. Published when a delayed re-check falls due, and for
// an entity of a referral chain that another transaction is attributing right now (see claimEntities): handed back
// as a trigger due now, it comes round again through the queue and is computed once that transaction has committed,
// from what it wrote and what this batch knows. No change is lost.
import { randomUUID } from 'node:crypto';
import { companyNode, emailNode } from '../../core/identity/event-nodes.js';
import type { Millis } from '../../core/types.js';
import type { OutgoingMessage } from '../../ports/bus.js';
import type { Sql } from '../../ports/sql.js';
import { lockEntities, lockFreeEntities } from '../../store/bi/entity-locks.js';
import { Topic, type DelayedAttributionTrigger } from '../topics.js';
import type { EntityRef } from './schedule-delayed-attribution.js';

export function triggerAttribution(entities: readonly EntityRef[], publish: (m: OutgoingMessage) => void, dueAt: Millis): void {
  for (const e of entities) {
    const payload: DelayedAttributionTrigger = { entity_kind: e.kind, entity_id: e.id, due_at: dueAt };
    publish({ topic: Topic.delayedAttributionTrigger, payload, message_id: `${Topic.delayedAttributionTrigger}:${e.kind}:${e.id}:${randomUUID()}` });
  }
}

/**
 * Locks `ids` for this transaction and returns those it holds. The first entities a transaction claims are waited
 * for, in the locks' global order: two batches overlapping on an entity take turns, and nothing is computed twice.
 * Entities claimed later in the same transaction (a referral chain) would be taken out of that order and could
 * deadlock, so those another transaction holds are handed back as triggers due now, computed once it committed.
 */
export async function claimEntities(
  tx: Sql, kind: EntityRef['kind'], ids: readonly string[], publish: (m: OutgoingMessage) => void, now: Millis,
  { first }: { first: boolean },
): Promise<string[]> {
  // An entity's lock is keyed by its identity node.
  const nodeOf = kind === 'company' ? companyNode : emailNode;
  if (first && !process.env.HANDBACK) {
    await lockEntities(tx, ids.map(nodeOf));
    return [...ids];
  }
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
