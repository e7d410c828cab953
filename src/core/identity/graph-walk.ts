// The identity graph of CONTRACT section 3: nodes are client IDs, device IDs, emails and companies; an edge joins two
// nodes that appeared together in one event. An entity's identities are the nodes within `max_hops` edges of it.
// Pure functions: the adjacency comes in as a function so the same walk runs over an in-memory map (batch recompute)
// or over rows fetched hop by hop from the store.
import type { IdentityNode } from '../types.js';
import { compareCodeUnits } from '../text-order.js';

/** The neighbours of a node in an undirected graph. Unknown nodes have none. */
export type Neighbours = (node: IdentityNode) => Iterable<IdentityNode>;

/** The contract's default `max_hops`. */
export const DEFAULT_MAX_HOPS = 5;

/**
 * The nodes reachable from `start` in at most `maxHops` edges, `start` included (0 edges).
 * Breadth-first, so every node is reached first at its shortest distance: a node is in the result iff its shortest
 * path from `start` has <= maxHops edges. Cycle-safe: each node is expanded once.
 */
export function identitiesWithin(start: IdentityNode, neighbours: Neighbours, maxHops: number): Set<IdentityNode> {
  return reachableFromAny([start], neighbours, maxHops);
}

/**
 * The nodes within `maxHops` edges of any of `starts` (starts included): the identities whose entities may be
 * affected by a change (a new touchpoint or link) at these nodes. The graph is undirected, so "X is within n hops of
 * a changed node" is the same as "the changed node is within n hops of X".
 */
export function reachableFromAny(
  starts: Iterable<IdentityNode>, neighbours: Neighbours, maxHops: number,
): Set<IdentityNode> {
  assertHops(maxHops);
  const seen = new Set<IdentityNode>(starts);
  let frontier: IdentityNode[] = [...seen];
  for (let depth = 0; depth < maxHops && frontier.length > 0; depth++) {
    const next: IdentityNode[] = [];
    for (const node of frontier) {
      for (const neighbour of neighbours(node)) {
        if (!seen.has(neighbour)) {
          seen.add(neighbour);
          next.push(neighbour);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

/**
 * An undirected adjacency over `links`: each link [a, b] makes a a neighbour of b and b of a. Repeated links count
 * once; a self-link [a, a] is ignored (it joins nothing). The returned function yields nothing for unknown nodes.
 */
export function buildAdjacency(links: Iterable<readonly [IdentityNode, IdentityNode]>): Neighbours {
  const adjacency = new Map<IdentityNode, Set<IdentityNode>>();
  const join = (from: IdentityNode, to: IdentityNode): void => {
    let set = adjacency.get(from);
    if (set === undefined) {
      set = new Set();
      adjacency.set(from, set);
    }
    set.add(to);
  };
  for (const [a, b] of links) {
    if (a === b) continue;
    join(a, b);
    join(b, a);
  }
  const none: readonly IdentityNode[] = [];
  return (node) => adjacency.get(node) ?? none;
}

/**
 * The edges one event contributes: every two distinct nodes that appear together in it, de-duplicated. An event with
 * company, email and client gives 3 edges; one node (or none) gives none. Each pair is canonical — the lower node (by
 * code-unit order) first — and pairs are listed in that order too, so the same event always yields the same links and
 * a store can keep them under a unique (a, b) key.
 */
export function linksOfEvent(nodes: readonly IdentityNode[]): Array<[IdentityNode, IdentityNode]> {
  const distinct = [...new Set(nodes)].sort(compareCodeUnits);
  const links: Array<[IdentityNode, IdentityNode]> = [];
  for (let i = 0; i < distinct.length; i++) {
    for (let j = i + 1; j < distinct.length; j++) {
      links.push([distinct[i]!, distinct[j]!]);
    }
  }
  return links;
}

function assertHops(maxHops: number): void {
  // A bad max_hops is a configuration error, caught when configuration is parsed; here it is a programming error.
  if (!(maxHops === Number.POSITIVE_INFINITY || (Number.isInteger(maxHops) && maxHops >= 0))) {
    throw new RangeError(`maxHops must be a non-negative integer, got ${maxHops}`);
  }
}
