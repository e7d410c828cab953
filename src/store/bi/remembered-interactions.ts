// What the interaction tables hold for the entities this process wrote lately, so that the next write of one sends
// only the rows that changed. An entity's list grows with its history and is recomputed at each of its changes;
// most rows come out as they were (a touchpoint after the conversion moves no other row's credit), and sending them
// all made each write cost as much as the entity's whole history.
//
// A remembered list is used only while the result_fingerprint stored for the entity is the one it was remembered
// with: that digest covers every compared column of every row, so an equal one means the rows are those remembered.
// A write that rolled back, a `tributary recompute`, another process: whatever wrote the entity since, the stored
// digest differs, and the whole list is written as before. Nothing here needs to follow transactions.
import { LRUCache } from 'lru-cache';
import { rowDigest, type InteractionRow, type StoredRows } from './attribution-results.js';

export class RememberedInteractions {
  private readonly entities: LRUCache<string, { fingerprint: string; rows: StoredRows }>;

  /**
   * @param maxRows interaction rows remembered, over all entities (about 100 bytes each): the entities least recently
   * written are forgotten first. An entity's list holds every touchpoint within max_hops of it, and on a long history
   * a contact linked through its company can have thousands: a bound by entities would not bound the memory.
   */
  constructor(maxRows = 250_000) {
    this.entities = new LRUCache({ maxSize: maxRows, sizeCalculation: (entry) => entry.rows.size + 1 });
  }

  /** The rows stored for `id`, if remembered with the fingerprint that is stored for it now. */
  rowsOf(id: string, storedFingerprint: string | null): StoredRows | null {
    const entry = this.entities.get(id);
    return entry !== undefined && entry.fingerprint === storedFingerprint ? entry.rows : null;
  }

  /** `rows` are what is stored for `id` once the transaction that wrote them with `fingerprint` commits. */
  remember(id: string, fingerprint: string, rows: readonly InteractionRow[]): void {
    this.entities.set(id, { fingerprint, rows: new Map(rows.map((r) => [r.touchpoint_id, rowDigest(r)])) });
  }
}
