// The attribution runners consume input events (companyCreated, signup, ...) and derived notices
// (new_interaction_touchpoint, mobile_event_hit, ...) alike. This step turns a mixed batch into what changed:
// the identity nodes touched (the input events' facts are recorded by the runners' `prepare`) and the delayed
// triggers that fired.
import type { IdentityNode } from '../../core/types.js';
import type { Message } from '../../ports/bus.js';
import type { Sql } from '../../ports/sql.js';
import { decodeEvents, decodePayloads } from './decode-messages.js';
import { touchedNodes } from './record-identity-facts.js';
import { DelayedAttributionTrigger, IdentityChange, Topic } from '../topics.js';
import type { EntityTargets } from './trigger-attribution.js';

export interface BatchChanges {
  nodes: IdentityNode[];
  triggers: DelayedAttributionTrigger[];
  /** Whether a mobile event caused part of the change (the flow document's short delay). */
  mobile: Set<IdentityNode>;
}

const isInputEvent = (m: Message) => typeof m.payload === 'object' && m.payload !== null && 'type' in m.payload;

export async function changesOfBatch(tx: Sql, batch: readonly Message[], worker: string): Promise<BatchChanges> {
  const inputs: Message[] = [], notices: Message[] = [], mobileNotices: Message[] = [], triggers: Message[] = [];
  for (const m of batch) {
    if (m.topic === Topic.delayedAttributionTrigger) triggers.push(m);
    else if (isInputEvent(m)) inputs.push(m);
    else if (m.topic === Topic.mobileEventHit) mobileNotices.push(m);
    else notices.push(m);
  }
  const nodes = new Set(touchedNodes(await decodeEvents(tx, inputs, worker)));
  for (const c of await decodePayloads(tx, notices, IdentityChange, worker)) for (const n of c.nodes) nodes.add(n);
  const mobile = new Set<IdentityNode>();
  for (const c of await decodePayloads(tx, mobileNotices, IdentityChange, worker)) {
    for (const n of c.nodes) { nodes.add(n); mobile.add(n); }
  }
  return { nodes: [...nodes], triggers: await decodePayloads(tx, triggers, DelayedAttributionTrigger, worker), mobile };
}

/** What an attribution runner recomputes for a batch: the entities of `kind` its triggers name, and those its changes reach. */
export function targetsOf(changes: BatchChanges, kind: DelayedAttributionTrigger['entity_kind']): EntityTargets {
  return { ids: changes.triggers.filter((t) => t.entity_kind === kind).map((t) => t.entity_id), near: changes.nodes };
}
