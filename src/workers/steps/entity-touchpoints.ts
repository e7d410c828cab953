// Gathers, for each entity node of a batch, the touchpoints of its identities (the nodes within `maxHops`),
// in one round trip for the whole batch.
import { identitiesWithin } from '../../core/identity/graph-walk.js';
import type { IdentityNode } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import { nodesNear, type Adjacency } from '../../store/bi/identity-links.js';
import { neighbourhoodWithTouchpoints, nodesOfTouchpoint, type ModelTouchpoint } from '../../store/bi/touchpoints.js';

export async function collectEntityTouchpoints(tx: Sql, entities: readonly IdentityNode[], maxHops: number): Promise<(entity: IdentityNode) => ModelTouchpoint[]> {
  const { adjacency, touchpoints } = await neighbourhoodWithTouchpoints(tx, entities, maxHops);
  return entityTouchpoints(adjacency, touchpoints, maxHops);
}

/** The touchpoints of each entity's identities (the nodes within `maxHops` of it), in a graph held in memory. */
export function entityTouchpoints(adjacency: Adjacency, touchpoints: readonly ModelTouchpoint[], maxHops: number): (entity: IdentityNode) => ModelTouchpoint[] {
  const neighbours = (n: IdentityNode) => adjacency.get(n) ?? [];
  const byNode = new Map<IdentityNode, ModelTouchpoint[]>();
  for (const tp of touchpoints) {
    for (const n of nodesOfTouchpoint(tp)) {
      const list = byNode.get(n);
      if (list) list.push(tp); else byNode.set(n, [tp]);
    }
  }
  return (entity) => {
    const seen = new Set<string>();
    const result: ModelTouchpoint[] = [];
    for (const n of identitiesWithin(entity, neighbours, maxHops)) {
      for (const tp of byNode.get(n) ?? []) {
        if (!seen.has(tp.touchpoint_id)) { seen.add(tp.touchpoint_id); result.push(tp); }
      }
    }
    return result;
  };
}

/** The entities a change at these nodes can affect: companies and contacts within `maxHops`. */
export async function affectedEntities(tx: Sql, changed: readonly IdentityNode[], maxHops: number): Promise<{ companies: string[]; emails: string[] }> {
  const companies: string[] = [], emails: string[] = [];
  for (const n of await nodesNear(tx, changed, maxHops, ['company', 'email'])) {
    if (n.startsWith('company:')) companies.push(n.slice(8));
    else emails.push(n.slice(6));
  }
  return { companies, emails };
}
