// Publishes the transactional outbox (bi.relay_outbox) to the exchange. The process that committed a batch of rows
// publishes them itself right after the commit (publisher confirms, windowed: a whole batch in flight, one wait),
// then deletes them by id; deletions gather for DELETE_EVERY_MS, so under load one statement removes many batches'
// rows.
// Every process also sweeps: rows whose process did not get them out (it died between commit and publish, or the
// broker was away) are claimed and deleted in one transaction that commits only after the broker confirmed them.
// A message may thus be published twice, never lost; consumers drop the repeat by message id. Rows of one topic
// travel together in envelopes (envelope.ts).
import type { ConfirmChannel } from 'amqplib';
import type { Clock } from '../../ports/clock.js';
import type { Store } from '../../ports/sql.js';
import { publishAll, type Outgoing } from './envelope.js';

/** How long the sweep leaves a fresh row to the process that committed it. */
export const SWEEP_GRACE_MS = 5000;

/**
 * How long published rows gather before one statement deletes them: under load that is every batch of the last
 * tenth of a second, and a row waits far less than the sweep's grace.
 */
export const DELETE_EVERY_MS = 100;

/** The rows a sweep takes: immediate ones past the grace ($2 ms), delayed ones due at $1. */
const DUE = `(deliver_at IS NULL AND created_at <= now() - $2::int * interval '1 millisecond') OR deliver_at <= $1`;

export interface OutboxRow extends Outgoing { id: string }

export class OutboxRelay {
  private running: Promise<void> | null = null;
  private again = false;
  private readonly publishing = new Set<Promise<void>>();
  private published: string[] = [];
  private deleting: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly channel: () => ConfirmChannel | null,
    private readonly exchange: string,
    private readonly clock: Clock,
    private readonly batchSize = 2000,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Publishes rows the caller has just committed: no claim transaction and no read-back. What fails stays for the sweep. */
  publishCommitted(rows: readonly OutboxRow[]): void {
    const channel = this.channel();
    if (channel === null || rows.length === 0) return;
    const done = (async () => {
      try {
        publishAll(channel, this.exchange, rows);
        await channel.waitForConfirms();
        this.forget(rows.map((r) => r.id));
      } catch (error) {
        this.onError(error);
      }
    })();
    this.publishing.add(done);
    void done.finally(() => this.publishing.delete(done));
  }

  /** Sweeps until the outbox has nothing due; concurrent kicks share (and extend) one run. */
  kick(): Promise<void> {
    if (this.running) { this.again = true; return this.running; }
    this.running = (async () => {
      try {
        do { this.again = false; while (await this.sweepBatch(SWEEP_GRACE_MS) === this.batchSize); } while (this.again);
      } catch (error) {
        this.onError(error);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Shutting down: waits for this process's publishes and deletions, then sweeps every due row, fresh or not. */
  async settle(): Promise<void> {
    while (this.publishing.size > 0) await Promise.all(this.publishing);
    while (this.deleting) await this.deleting;
    while (this.running) await this.running;
    try {
      while (await this.sweepBatch(0) === this.batchSize);
    } catch (error) {
      this.onError(error);
    }
  }

  private forget(ids: readonly string[]): void {
    this.published.push(...ids);
    this.deleting ??= (async () => {
      try {
        while (this.published.length > 0) {
          const batch = this.published.splice(0);
          await this.store.relaxed.query('DELETE FROM bi.relay_outbox WHERE id = ANY($1::bigint[])', [batch]);
          await new Promise((resolve) => setTimeout(resolve, DELETE_EVERY_MS));
        }
      } catch (error) {
        // Published but not deleted: the sweep publishes them once more, and consumers drop the repeats.
        this.published = [];
        this.onError(error);
      } finally {
        this.deleting = null;
      }
    })();
  }

  private async sweepBatch(graceMs: number): Promise<number> {
    const channel = this.channel();
    if (channel === null) return 0;
    const now = new Date(this.clock.now()).toISOString();
    // Nearly every sweep finds nothing: one plain read says so, where the transaction takes three round trips.
    const { rows: due } = await this.store.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM bi.relay_outbox WHERE ${DUE}) AS any`, [now, graceMs]);
    if (!due[0]!.any) return 0;
    return this.store.transaction(async (tx) => {
      const { rows } = await tx.query<Outgoing>(
        `DELETE FROM bi.relay_outbox WHERE id IN (
           SELECT id FROM bi.relay_outbox WHERE ${DUE} ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING message_id, topic, payload`, [now, graceMs, this.batchSize]);
      if (rows.length === 0) return 0;
      publishAll(channel, this.exchange, rows);
      // Throws when the broker nacks or the channel closes: the transaction rolls back and the rows stay.
      await channel.waitForConfirms();
      return rows.length;
    });
  }
}
