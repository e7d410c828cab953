// Where events enter the pipeline, from the collector and from `tributary ingest` alike: validate, drop repeats of
// an event_id, keep rejects with their reason, and publish the rest to their topics — all in one transaction, so an
// event acknowledged here is durably queued.
import { deploymentRuleBroken, type DeploymentRules } from '../core/events/deployment-rules.js';
import { topicFor } from '../core/events/topics.js';
import type { TributaryEvent, ValidationResult } from '../core/events/types.js';
import type { Bus } from '../ports/bus.js';
import { compareCodeUnits } from '../core/text-order.js';

export interface Submitted {
  result: ValidationResult;
  /**
   * The event's text as it came, kept if it is rejected; or what makes it, for a host where that costs something (the
   * collector writes its parsed JSON back) and is only worth doing for the few rejected.
   */
  raw: string | (() => string);
}

export interface Rejection { index: number; event_id: string | null; reason: string }

export interface IngressSummary {
  accepted: number;
  duplicate: number;
  rejected: Rejection[];
}

export interface AcceptOptions {
  /**
   * Handle the batch in the transaction that accepts it, where the bus can (TransactionOptions.handleNow): the hosts
   * do, so that a batch is one unit of work; otherwise the events are only queued.
   */
  handleNow?: boolean;
}

export async function acceptEvents(bus: Bus, items: readonly Submitted[], source: string, rules: DeploymentRules, options: AcceptOptions = {}): Promise<IngressSummary> {
  const rejected: Rejection[] = [];
  const firstById = new Map<string, TributaryEvent>();
  let duplicate = 0;
  items.forEach(({ result }, index) => {
    const broken = result.ok ? deploymentRuleBroken(result.event, rules) : null;
    if (!result.ok) rejected.push({ index, event_id: result.event_id, reason: result.reason });
    else if (broken !== null) rejected.push({ index, event_id: result.event.event_id, reason: broken });
    else if (firstById.has(result.event.event_id)) duplicate++;
    else firstById.set(result.event.event_id, result.event);
  });
  return bus.transaction(async (tx, publish) => {
    let accepted = 0;
    if (firstById.size > 0) {
      // Sorted, so that two concurrent batches sharing event_ids take their row locks in the same order and cannot
      // deadlock on PostgreSQL.
      const events = [...firstById.values()].sort((a, b) => compareCodeUnits(a.event_id, b.event_id));
      const { rows } = await tx.query<{ event_id: string }>(
        `INSERT INTO bi.processed_events (event_id, type)
         SELECT event_id, type FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(event_id, type, n) ORDER BY n
         ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [events.map((e) => e.event_id), events.map((e) => e.type)]);
      for (const { event_id } of rows) {
        const event = firstById.get(event_id)!;
        publish({ topic: topicFor(event), payload: event, message_id: event_id });
      }
      accepted = rows.length;
      duplicate += events.length - rows.length;
    }
    // The quality report's counts per day: one row per batch, repeats included (they leave no row of their own).
    if (accepted + duplicate > 0) {
      await tx.query('INSERT INTO bi.intake_batches (source, accepted, duplicate) VALUES ($1, $2, $3)', [source, accepted, duplicate]);
    }
    if (rejected.length > 0) {
      await tx.query(
        `INSERT INTO bi.rejected_events (event_id, reason, raw, source)
         SELECT e, r, w, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS u(e, r, w)`,
        [rejected.map((r) => r.event_id), rejected.map((r) => storable(r.reason)), rejected.map((r) => storable(textOf(items[r.index]!.raw))), source]);
    }
    return { accepted, duplicate, rejected };
  }, { selfContained: true, handleNow: options.handleNow ?? false }); // an event message carries the event itself
}

const textOf = (raw: Submitted['raw']): string => (typeof raw === 'string' ? raw : raw());

/** Rejected input is kept as it came, except NUL, which PostgreSQL text cannot hold: it is kept as the text `\u0000`. */
function storable(text: string): string {
  return text.indexOf('\u0000') === -1 ? text : text.replace(/\u0000/g, '\\u0000');
}
