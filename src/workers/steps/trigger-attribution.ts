// `delayed_attribution_trigger`: attribute these entities again. Published when a delayed re-check falls due, and for
// an entity whose lock another transaction holds when this one cannot wait for it (see claimEntities): handed back
// as a trigger due now, it comes round again through the queue and is computed once that transaction has committed,
// from what it wrote and what this batch knows. No change is lost.
import { randomUUID } from 'node:crypto';
import { companyNode, emailNode } from '../../core/identity/event-nodes.js';
import type { IdentityNode, Millis } from '../../core/types.js';
import type { OutgoingMessage } from '../../ports/bus.js';
import type { Sql } from '../../ports/sql.js';
import { storeIdentityGraph, type IdentityGraph } from '../../store/bi/identity-graph.js';
import { Topic, type DelayedAttributionTrigger } from '../topics.js';
import type { EntityRef } from './schedule-delayed-attribution.js';

export function triggerAttribution(entities: readonly EntityRef[], publish: (m: OutgoingMessage) => void, dueAt: Millis): void {
  for (const e of entities) {
    const payload: DelayedAttributionTrigger = { entity_kind: e.kind, entity_id: e.id, due_at: dueAt };
    publish({ topic: Topic.delayedAttributionTrigger, payload, message_id: `${Topic.delayedAttributionTrigger}:${e.kind}:${e.id}:${randomUUID()}` });
  }
}

/** How long a batch waits for the locks of its entities before handing back those still taken. */
export const LOCK_WAIT_MS = 10_000;

/** What a batch attributes: entities by id, and (`near`) those its changed identity nodes reach. */
export interface EntityTargets { ids: readonly string[]; near?: readonly IdentityNode[] }

/**
 * Locks the `targets` for this transaction and returns the ids of those it holds; the others are handed back as
 * triggers due now, computed once their holder committed. The entities `near` reaches are found in the statement
 * that locks them. With `waitMs` > 0 the locks are waited for that long, in their global order: the first entities
 * a transaction claims, so that two batches sharing entities take turns without deadlock, and hand back only what
 * a stalled holder keeps. With 0 they are only tried: entities a transaction reaches later (a referral chain) would
 * be locked out of that order, and could deadlock.
 */
export async function claimEntities(
  tx: Sql, kind: EntityRef['kind'], targets: EntityTargets, maxHops: number, publish: (m: OutgoingMessage) => void,
  now: Millis, waitMs: number, graph: IdentityGraph = storeIdentityGraph,
): Promise<string[]> {
  // An entity's lock is keyed by its identity node.
  const [nodeOf, nodeKind] = kind === 'company' ? [companyNode, 'company'] : [emailNode, 'email'];
  const near = targets.near && { nodes: targets.near, maxHops, kind: nodeKind };
  const { held, busy } = await graph.lock(tx, targets.ids.map(nodeOf), waitMs, near);
  const idOf = (key: string) => key.slice(nodeKind.length + 1);
  triggerAttribution(busy.map((key) => ({ kind, id: idOf(key) })), publish, now);
  return held.map(idOf);
}
