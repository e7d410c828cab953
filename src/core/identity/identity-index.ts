// The identity graph and the touchpoints of its nodes, held in memory: what attribution reads for every batch,
// answered without a round trip to the store. Only ever added to, as the store's links and touchpoints are; each
// addition is journalled so that one made inside a transaction that rolls back can be taken back (`undoTo`).
import { reachableFromAny, identitiesWithin } from './graph-walk.js';
import type { IdentityNode } from '../types.js';

export interface IndexedTouchpoint { touchpoint_id: string }

export class IdentityIndex<T extends IndexedTouchpoint> {
  /** Each node's neighbours, with the time the link was first seen (-Infinity when not told). */
  private readonly adjacency = new Map<IdentityNode, Map<IdentityNode, number>>();
  private readonly byNode = new Map<IdentityNode, T[]>();
  private readonly known = new Set<string>();
  /** How to take back each addition since the last `settle`, in the order they were made; null while loading. */
  private journal: Array<() => void> | null = [];

  /** @param nodesOf the identity nodes a touchpoint belongs to */
  constructor(private readonly nodesOf: (t: T) => readonly IdentityNode[]) {}

  /** An index of these links and touchpoints, none of which can be taken back. */
  static of<T extends IndexedTouchpoint>(nodesOf: (t: T) => readonly IdentityNode[],
    links: Iterable<readonly [IdentityNode, IdentityNode]>, touchpoints: Iterable<T>): IdentityIndex<T> {
    const index = new IdentityIndex(nodesOf);
    index.journal = null;
    for (const [a, b] of links) index.addLink(a, b);
    for (const t of touchpoints) index.addTouchpoint(t);
    index.journal = [];
    return index;
  }

  /** Runs `fill`, which adds what is already stored: nothing of it is ever taken back, so nothing is journalled. */
  async load(fill: () => void | Promise<void>): Promise<void> {
    const journal = this.journal;
    this.journal = null;
    try {
      await fill();
    } finally {
      this.journal = journal;
    }
  }

  get size(): { nodes: number; touchpoints: number } {
    return { nodes: this.adjacency.size, touchpoints: this.known.size };
  }

  /**
   * Joins a and b (undirected), first seen at `at`. A self-link changes nothing, nor does a link already known from
   * the same time or earlier; one known from later is moved to `at` (the store keeps the earliest time).
   */
  addLink(a: IdentityNode, b: IdentityNode, at = -Infinity): void {
    if (a === b) return;
    const seen = this.linkSeenAt(a, b);
    if (seen !== undefined && seen <= at) return;
    this.join(a, b, at);
    this.join(b, a, at);
    this.journal?.push(seen === undefined
      ? () => { this.unjoin(a, b); this.unjoin(b, a); }
      : () => { this.join(a, b, seen); this.join(b, a, seen); });
  }

  /** When the link of a and b was first seen; undefined when they are not linked. */
  linkSeenAt(a: IdentityNode, b: IdentityNode): number | undefined {
    return this.adjacency.get(a)?.get(b);
  }

  /** Adds a touchpoint under each of its nodes; a touchpoint id already known is kept as it was (the store's rule). */
  addTouchpoint(t: T): void {
    if (this.known.has(t.touchpoint_id)) return;
    this.known.add(t.touchpoint_id);
    const nodes = this.nodesOf(t);
    for (const n of nodes) {
      const list = this.byNode.get(n);
      if (list) list.push(t); else this.byNode.set(n, [t]);
    }
    this.journal?.push(() => {
      this.known.delete(t.touchpoint_id);
      for (const n of nodes) {
        const list = this.byNode.get(n)!;
        list.splice(list.lastIndexOf(t), 1);
        if (list.length === 0) this.byNode.delete(n);
      }
    });
  }

  /** The touchpoints of the nodes within `maxHops` of `entity`, each once. */
  touchpointsOf(entity: IdentityNode, maxHops: number): T[] {
    const result: T[] = [];
    const seen = new Set<string>();
    for (const n of identitiesWithin(entity, this.neighbours, maxHops)) {
      for (const t of this.byNode.get(n) ?? []) {
        if (!seen.has(t.touchpoint_id)) { seen.add(t.touchpoint_id); result.push(t); }
      }
    }
    return result;
  }

  /** The nodes of the given kinds (`company`, `email`...) within `maxHops` of any start, the starts included. */
  nodesNear(starts: Iterable<IdentityNode>, maxHops: number, kinds: readonly string[]): IdentityNode[] {
    const prefixes = kinds.map((k) => `${k}:`);
    return [...reachableFromAny(starts, this.neighbours, maxHops)].filter((n) => prefixes.some((p) => n.startsWith(p)));
  }

  /** A point to come back to with `undoTo`. */
  mark(): number {
    return this.journal!.length;
  }

  /** Takes back every addition made since `mark`, latest first. */
  undoTo(mark: number): void {
    while (this.journal!.length > mark) this.journal!.pop()!();
  }

  /** The additions so far are for good (their transaction committed): they can no longer be taken back. */
  settle(): void {
    this.journal = [];
  }

  private readonly neighbours = (n: IdentityNode): Iterable<IdentityNode> => this.adjacency.get(n)?.keys() ?? NONE;

  private join(from: IdentityNode, to: IdentityNode, at: number): void {
    const map = this.adjacency.get(from);
    if (map) map.set(to, at); else this.adjacency.set(from, new Map([[to, at]]));
  }

  private unjoin(from: IdentityNode, to: IdentityNode): void {
    const set = this.adjacency.get(from)!;
    set.delete(to);
    if (set.size === 0) this.adjacency.delete(from);
  }
}

const NONE: readonly IdentityNode[] = [];
