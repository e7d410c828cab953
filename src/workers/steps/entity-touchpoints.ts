// Gathers, for each entity node of a batch, the touchpoints of its identities (the nodes within `maxHops`),
// with one hop query per hop and one touchpoint query for the whole batch.
import { identitiesWithin } from '../../core/identity/graph-walk.js';
import type { IdentityNode } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import { loadNeighbourhood } from '../../store/bi/identity-links.js';
import { nodesOfTouchpoint, touchpointsOfNodes, type StoredTouchpoint } from '../../store/bi/touchpoints.js';

export async function collectEntityTouchpoints(tx: Sql, entities: readonly IdentityNode[], maxHops: number): Promise<(entity: IdentityNode) => StoredTouchpoint[]> {
  const adjacency = await loadNeighbourhood(tx, entities, maxHops);
  const neighbours = (n: IdentityNode) => adjacency.get(n) ?? [];
  const identities = new Map(entities.map((e) => [e, identitiesWithin(e, neighbours, maxHops)]));
  const allNodes = new Set<IdentityNode>();
  for (const set of identities.values()) for (const n of set) allNodes.add(n);
  const byNode = new Map<IdentityNode, StoredTouchpoint[]>();
  for (const tp of await touchpointsOfNodes(tx, allNodes)) {
    for (const n of nodesOfTouchpoint(tp)) {
      const list = byNode.get(n);
      if (list) list.push(tp); else byNode.set(n, [tp]);
    }
  }
  return (entity) => {
    const seen = new Set<string>();
    const result: StoredTouchpoint[] = [];
    for (const n of identities.get(entity) ?? []) {
      for (const tp of byNode.get(n) ?? []) {
        if (!seen.has(tp.touchpoint_id)) { seen.add(tp.touchpoint_id); result.push(tp); }
      }
    }
    return result;
  };
}

/** The converted entities a change at these nodes can affect: companies and contacts within `maxHops`. */
export async function affectedEntities(tx: Sql, changed: readonly IdentityNode[], maxHops: number): Promise<{ companies: string[]; emails: string[] }> {
  const adjacency = await loadNeighbourhood(tx, changed, maxHops + 1);
  const companies: string[] = [], emails: string[] = [];
  for (const n of adjacency.keys()) {
    if (n.startsWith('company:')) companies.push(n.slice(8));
    else if (n.startsWith('email:')) emails.push(n.slice(6));
  }
  return { companies, emails };
}
