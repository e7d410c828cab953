// What attribution reads of the identity graph (bi.identity_links) and of the touchpoints of its nodes, and how the
// entities a change reaches are locked. Two implementations: the store's own (walks in SQL, for any number of
// processes), and one held in memory for a process that owns its store alone (memory-identity-graph.ts).
import type { IdentityNode } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import { IdentityIndex } from '../../core/identity/identity-index.js';
import { lockEntities, type NodesNear } from './entity-locks.js';
import { nodesNear, type Adjacency, type Link } from './identity-links.js';
import { neighbourhoodWithTouchpoints, nodesOfTouchpoint, type ModelTouchpoint } from './touchpoints.js';

export interface IdentityGraph {
  /** For each of `entities`, the touchpoints of its identities (the nodes within `maxHops` of it). */
  touchpointsOf(tx: Sql, entities: readonly IdentityNode[], maxHops: number): Promise<(entity: IdentityNode) => ModelTouchpoint[]>;
  /** The nodes of the given kinds within `maxHops` of any start (the starts included). */
  nodesNear(tx: Sql, starts: readonly IdentityNode[], maxHops: number, kinds: readonly string[]): Promise<IdentityNode[]>;
  /** lockEntities, the entity nodes `near` reaches included (see entity-locks.ts). */
  lock(tx: Sql, keys: readonly string[], waitMs: number, near?: NodesNear): Promise<{ held: string[]; busy: string[] }>;
  /**
   * Of `links`, those the store may lack or hold from a later time: the ones to write. All of them, unless the graph
   * knows what is stored.
   */
  unrecorded(links: readonly Link[]): readonly Link[];
  /** What `tx` has just written to bi.identity_links and bi.interaction_touchpoints. */
  recorded(written: { links?: readonly Link[]; touchpoints?: readonly ModelTouchpoint[] }): void;
}

/** The graph as the store holds it: every read is a statement, and writes need no telling. */
export const storeIdentityGraph: IdentityGraph = {
  async touchpointsOf(tx, entities, maxHops) {
    const { adjacency, touchpoints } = await neighbourhoodWithTouchpoints(tx, entities, maxHops);
    return entityTouchpoints(adjacency, touchpoints, maxHops);
  },
  nodesNear,
  lock: lockEntities,
  unrecorded: (links) => links,
  recorded() {},
};

/** The touchpoints of each entity's identities (the nodes within `maxHops` of it), over a graph read whole or in part. */
export function entityTouchpoints(adjacency: Adjacency, touchpoints: readonly ModelTouchpoint[], maxHops: number): (entity: IdentityNode) => ModelTouchpoint[] {
  const index = IdentityIndex.of(nodesOfTouchpoint, linksOf(adjacency), touchpoints);
  return (entity) => index.touchpointsOf(entity, maxHops);
}

function* linksOf(adjacency: Adjacency): Iterable<[IdentityNode, IdentityNode]> {
  for (const [a, bs] of adjacency) for (const b of bs) yield [a, b];
}
