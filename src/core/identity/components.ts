// Connected components of the identity graph, by union-find with path halving and union by size: the
// non-converting paths of CONTRACT section 9 are the touchpoints of each component that reaches no converted entity.
// Linear in links (amortised inverse Ackermann), so the whole graph of a deployment is grouped in one pass.
export class IdentityComponents {
  private readonly index = new Map<string, number>();
  private parent: Int32Array = new Int32Array(1024);
  private size: Int32Array = new Int32Array(1024);

  /** The component of `node` (a representative index); a node never linked is a component of its own. */
  find(node: string): number {
    let x = this.indexOf(node);
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]!]!;
      x = this.parent[x]!;
    }
    return x;
  }

  union(a: string, b: string): void {
    let ra = this.find(a), rb = this.find(b);
    if (ra === rb) return;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
  }

  private indexOf(node: string): number {
    const known = this.index.get(node);
    if (known !== undefined) return known;
    const i = this.index.size;
    if (i === this.parent.length) {
      const parent = new Int32Array(i * 2), size = new Int32Array(i * 2);
      parent.set(this.parent); size.set(this.size);
      this.parent = parent; this.size = size;
    }
    this.parent[i] = i;
    this.size[i] = 1;
    this.index.set(node, i);
    return i;
  }
}
