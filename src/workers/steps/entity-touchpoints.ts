// The entities a change reaches, through whichever identity graph the process reads (store or memory).
import type { IdentityNode } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import type { IdentityGraph } from '../../store/bi/identity-graph.js';

/** The entities a change at these nodes can affect: companies and contacts within `maxHops`. */
export async function affectedEntities(tx: Sql, graph: IdentityGraph, changed: readonly IdentityNode[], maxHops: number): Promise<{ companies: string[]; emails: string[] }> {
  const companies: string[] = [], emails: string[] = [];
  for (const n of await graph.nodesNear(tx, changed, maxHops, ['company', 'email'])) {
    if (n.startsWith('company:')) companies.push(n.slice(8));
    else emails.push(n.slice(6));
  }
  return { companies, emails };
}
