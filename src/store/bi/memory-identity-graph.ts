// The identity graph and its touchpoints held in memory, for a process that owns its store alone (the embedded
// mode): loaded whole at start, then told of every link and touchpoint a transaction writes, and of what a rollback
// takes back (the bus calls `mark`, `undoTo` and `settle` around its transactions). Attribution then reads a batch's
// neighbourhood without a statement, where the store's walk costs a recursive query per batch.
import { IdentityIndex } from '../../core/identity/identity-index.js';
import { compareCodeUnits } from '../../core/text-order.js';
import type { IdentityNode } from '../../core/types.js';
import type { Sql } from '../../ports/sql.js';
import { eachLink, eachModelTouchpoint } from './attribution-snapshot.js';
import type { NodesNear } from './entity-locks.js';
import type { IdentityGraph } from './identity-graph.js';
import type { Link } from './identity-links.js';
import { nodesOfTouchpoint, type ModelTouchpoint } from './touchpoints.js';

export class MemoryIdentityGraph implements IdentityGraph {
  private constructor(private readonly index: IdentityIndex<ModelTouchpoint>) {}

  /** Reads the whole graph and every touchpoint (COPY, streamed). */
  static async load(sql: Sql): Promise<MemoryIdentityGraph> {
    const index = new IdentityIndex<ModelTouchpoint>(nodesOfTouchpoint);
    await index.load(async () => {
      await eachLink(sql, (a, b, at) => index.addLink(a, b, at));
      await eachModelTouchpoint(sql, (t) => index.addTouchpoint(compact(t)));
    });
    return new MemoryIdentityGraph(index);
  }

  get size(): { nodes: number; touchpoints: number } {
    return this.index.size;
  }

  async touchpointsOf(_tx: Sql, _entities: readonly IdentityNode[], maxHops: number): Promise<(entity: IdentityNode) => ModelTouchpoint[]> {
    return (entity) => this.index.touchpointsOf(entity, maxHops);
  }

  async nodesNear(_tx: Sql, starts: readonly IdentityNode[], maxHops: number, kinds: readonly string[]): Promise<IdentityNode[]> {
    return this.index.nodesNear(starts, maxHops, kinds).sort(compareCodeUnits);
  }

  /** One connection owns the store, so no other transaction can hold an entity: every lock is free. */
  async lock(_tx: Sql, keys: readonly string[], _waitMs: number, near?: NodesNear) {
    const held = new Set(keys);
    if (near) for (const n of this.index.nodesNear(near.nodes, near.maxHops, [near.kind])) held.add(n);
    return { held: [...held].sort(compareCodeUnits), busy: [] };
  }

  /** Links known at the same time or earlier are stored already: the upsert would skip them after reading them. */
  unrecorded(links: readonly Link[]): Link[] {
    return links.filter((l) => { const seen = this.index.linkSeenAt(l.a, l.b); return seen === undefined || l.at < seen; });
  }

  recorded(written: { links?: readonly Link[]; touchpoints?: readonly ModelTouchpoint[] }): void {
    for (const l of written.links ?? []) this.index.addLink(l.a, l.b, l.at);
    for (const t of written.touchpoints ?? []) this.index.addTouchpoint(compact(t));
  }

  mark(): number {
    return this.index.mark();
  }

  undoTo(mark: number): void {
    this.index.undoTo(mark);
  }

  settle(): void {
    this.index.settle();
  }
}

/**
 * A touchpoint's fields that take few values (channel, source, campaign...) as one shared string each: a million
 * touchpoints repeat a few hundred campaigns, and each read of a row would otherwise hold copies of its own.
 */
function compact(t: ModelTouchpoint): ModelTouchpoint {
  return {
    ...t, origin: shared(t.origin), channel: shared(t.channel), source: shared(t.source), medium: shared(t.medium),
    campaign: sharedOrNull(t.campaign), term: sharedOrNull(t.term), content: sharedOrNull(t.content),
    click_id: t.click_id && { type: shared(t.click_id.type), value: t.click_id.value },
  };
}

const values = new Map<string, string>();
function shared<S extends string>(value: S): S {
  const known = values.get(value);
  if (known !== undefined) return known as S;
  values.set(value, value);
  return value;
}
const sharedOrNull = (value: string | null): string | null => (value === null ? null : shared(value));
