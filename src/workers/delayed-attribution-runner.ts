// DelayedAttributionRunner (flow document stage 5): after new touchpoints or links, re-attributes the entities they
// reach once more, 30 minutes later (6 after mobile events), to catch data that arrives late. Coalesced per entity
// in bi.attribution_schedule; the scheduler publishes `delayed_attribution_trigger` when a row falls due.
import type { IdentityNode } from '../core/types.js';
import type { AttributionSettings } from './steps/attribution-settings.js';
import { changesOfBatch } from './steps/changes-of-batch.js';
import { recordIdentityFactsOf } from './steps/record-identity-facts.js';
import { affectedEntities } from './steps/entity-touchpoints.js';
import { DELAY_MS, SHORT_DELAY_MS, scheduleDelayedAttribution, type EntityRef } from './steps/schedule-delayed-attribution.js';
import { Topic } from './topics.js';
import type { IdentityGraph } from '../store/bi/identity-graph.js';
import type { Worker } from '../ports/worker.js';

export function createDelayedAttributionRunner(settings: AttributionSettings, graph: IdentityGraph): Worker {
  return {
    name: 'DelayedAttributionRunner',
    queue: 'delayed_attribution',
    bindings: [Topic.newInteractionTouchpoint, Topic.mobileEventHit, Topic.newContactCreated],
    prepare: recordIdentityFactsOf(graph),
    async handle(batch, { tx, now }) {
      const changes = await changesOfBatch(tx, batch, 'DelayedAttributionRunner');
      const standard = changes.nodes.filter((n) => !changes.mobile.has(n));
      await scheduleFor(tx, standard, now + DELAY_MS);
      await scheduleFor(tx, [...changes.mobile], now + SHORT_DELAY_MS);
    },
  };

  async function scheduleFor(tx: Parameters<Worker['handle']>[1]['tx'], nodes: IdentityNode[], dueAt: number): Promise<void> {
    if (nodes.length === 0) return;
    const { companies, emails } = await affectedEntities(tx, graph, nodes, settings.maxHops);
    const entities: EntityRef[] = [...companies.map((id) => ({ kind: 'company' as const, id })), ...emails.map((id) => ({ kind: 'contact' as const, id }))];
    await scheduleDelayedAttribution(tx, entities, dueAt);
  }
}
