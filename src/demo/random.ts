// A small seeded PRNG for the synthetic history: the same seed always gives the same events, on every platform
// (integer arithmetic only, no Math.random). sfc32 (Chris Doty-Humphrey's Small Fast Counter, 32-bit) passes
// PractRand well past what a demo needs and is fast in V8; its four words are seeded through splitmix32 so that
// nearby seeds (1, 2, 3...) give unrelated streams.

/** Mixes any number of 32-bit integers into one seed (murmur3's finaliser over a running hash). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A weighted choice, prepared once: `[value, weight]` pairs with positive weights. */
export interface WeightedTable<T> {
  readonly values: readonly T[];
  /** Running totals of the weights. */
  readonly cumulative: Float64Array;
  readonly total: number;
}

export function weighted<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const cumulative = new Float64Array(entries.length);
  let total = 0;
  entries.forEach(([, weight], i) => {
    if (!(weight > 0)) throw new RangeError(`weight must be positive (got ${weight})`);
    total += weight;
    cumulative[i] = total;
  });
  return { values: entries.map(([value]) => value), cumulative, total };
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE64URL = `${BASE62}-_`;
const HEX = '0123456789abcdef';

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const splitmix = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** A uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(values: readonly T[]): T {
    if (values.length === 0) throw new RangeError('pick from an empty list');
    return values[Math.floor(this.next() * values.length)] as T;
  }

  choose<T>(table: WeightedTable<T>): T {
    const x = this.next() * table.total;
    const { cumulative } = table;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (x < (cumulative[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    return table.values[lo] as T;
  }

  /** 0, 1, 2... with P(k) = (1 - p)^k p: the number of failures before the first success. */
  geometric(p: number, max = Infinity): number {
    let k = 0;
    while (k < max && !this.chance(p)) k++;
    return k;
  }

  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /**
   * `length` random characters of `alphabet` between `prefix` and `suffix`, as one flat string: appending char by
   * char (or a template literal) would leave V8 cons strings, tens of bytes each, and a big history holds millions
   * of these IDs.
   */
  chars(length: number, alphabet: string, prefix = '', suffix = ''): string {
    const codes: number[] = [];
    for (let i = 0; i < prefix.length; i++) codes.push(prefix.charCodeAt(i));
    for (let i = 0; i < length; i++) codes.push(alphabet.charCodeAt(Math.floor(this.next() * alphabet.length)));
    for (let i = 0; i < suffix.length; i++) codes.push(suffix.charCodeAt(i));
    return String.fromCharCode.apply(null, codes);
  }

  hex(length: number, prefix = '', suffix = ''): string {
    return this.chars(length, HEX, prefix, suffix);
  }

  base62(length: number, prefix = '', suffix = ''): string {
    return this.chars(length, BASE62, prefix, suffix);
  }

  base64url(length: number, prefix = '', suffix = ''): string {
    return this.chars(length, BASE64URL, prefix, suffix);
  }

  digits(length: number): string {
    return this.chars(length, '0123456789');
  }

  /** A version-4 UUID, lower case. */
  uuid(): string {
    const codes: number[] = [];
    for (let i = 0; i < 36; i++) {
      const c = i === 8 || i === 13 || i === 18 || i === 23 ? '-'
        : i === 14 ? '4'
          : i === 19 ? ('89ab'[this.int(0, 3)] as string)
            : (HEX[this.int(0, 15)] as string);
      codes.push(c.charCodeAt(0));
    }
    return String.fromCharCode.apply(null, codes);
  }
}
