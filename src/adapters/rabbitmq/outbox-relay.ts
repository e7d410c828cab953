// Publishes the transactional outbox (bi.relay_outbox) to the exchange. A batch of rows is claimed and deleted in
// one transaction that commits only after the broker confirmed every message of the batch (publisher confirms,
// windowed: a whole batch in flight, one wait). A crash before the commit leaves the rows for the next relay, so
// a message may be published twice, never lost; consumers drop the repeat by message id. Rows of one topic travel
// together in envelopes (envelope.ts).
import type { ConfirmChannel } from 'amqplib';
import type { Clock } from '../../ports/clock.js';
import type { Store } from '../../ports/sql.js';
import { publishAll, type Outgoing } from './envelope.js';

export class OutboxRelay {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly store: Store,
    private readonly channel: () => ConfirmChannel | null,
    private readonly exchange: string,
    private readonly clock: Clock,
    private readonly batchSize = 2000,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Runs until the outbox has nothing due; concurrent kicks share (and extend) one run. */
  kick(): Promise<void> {
    if (this.running) { this.again = true; return this.running; }
    this.running = (async () => {
      try {
        do { this.again = false; while (await this.publishBatch() === this.batchSize); } while (this.again);
      } catch (error) {
        this.onError(error);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async publishBatch(): Promise<number> {
    const channel = this.channel();
    if (channel === null) return 0;
    return this.store.transaction(async (tx) => {
      const { rows } = await tx.query<Outgoing>(
        `DELETE FROM bi.relay_outbox WHERE id IN (
           SELECT id FROM bi.relay_outbox WHERE deliver_at IS NULL OR deliver_at <= $1
           ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING message_id, topic, payload`, [new Date(this.clock.now()).toISOString(), this.batchSize]);
      if (rows.length === 0) return 0;
      publishAll(channel, this.exchange, rows);
      // Throws when the broker nacks or the channel closes: the transaction rolls back and the rows stay.
      await channel.waitForConfirms();
      return rows.length;
    });
  }
}
