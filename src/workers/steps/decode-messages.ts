// Payloads are validated where they are consumed (an integrator may publish on the exchange directly). A message
// that does not validate is kept in bi.rejected_events with its reason and acknowledged: retrying cannot fix it.
import type { z } from 'zod';
import { validateEvent } from '../../core/events/validate.js';
import type { TributaryEvent, ValidationResult } from '../../core/events/types.js';
import type { Message } from '../../ports/bus.js';
import type { Sql } from '../../ports/sql.js';

interface Rejection { message: Message; reason: string }

// A batch is validated by `prepare` and again by `handle`, and the embedded bus hands several queues one payload
// (frozen): once per payload is enough. (An event the collector validated comes as itself, which validates at once.)
const validated = new WeakMap<object, ValidationResult>();
const validation = (m: Message): ValidationResult => {
  const key = typeof m.payload === 'object' && m.payload !== null ? m.payload : m;
  let result = validated.get(key);
  if (!result) {
    result = validateEvent(m.payload);
    validated.set(key, result);
  }
  return result;
};

/** The valid events of a batch, without recording the others (`decodeEvents` does that). */
export function validEvents(batch: readonly Message[]): TributaryEvent[] {
  const events: TributaryEvent[] = [];
  for (const m of batch) {
    const result = validation(m);
    if (result.ok) events.push(result.event);
  }
  return events;
}

/** The valid events of a batch; the others, and those `refuse` gives a reason for, are recorded as rejected. */
export async function decodeEvents(tx: Sql, batch: readonly Message[], worker: string,
  refuse: (event: TributaryEvent) => string | null = () => null): Promise<TributaryEvent[]> {
  const events: TributaryEvent[] = [];
  const rejected: Rejection[] = [];
  for (const m of batch) {
    const result = validation(m);
    const reason = result.ok ? refuse(result.event) : result.reason;
    if (reason === null && result.ok) events.push(result.event);
    else rejected.push({ message: m, reason: reason! });
  }
  await recordRejections(tx, rejected, worker);
  return events;
}

export async function decodePayloads<S extends z.ZodType>(tx: Sql, batch: readonly Message[], schema: S, worker: string): Promise<z.infer<S>[]> {
  const payloads: z.infer<S>[] = [];
  const rejected: Rejection[] = [];
  for (const m of batch) {
    const result = schema.safeParse(m.payload);
    if (result.success) payloads.push(result.data);
    else rejected.push({ message: m, reason: `${m.topic}: ${result.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ')}` });
  }
  await recordRejections(tx, rejected, worker);
  return payloads;
}

async function recordRejections(tx: Sql, rejected: readonly Rejection[], worker: string): Promise<void> {
  if (rejected.length === 0) return;
  await tx.query(
    `INSERT INTO bi.rejected_events (event_id, reason, raw, source)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
    [rejected.map((r) => r.message.message_id), rejected.map((r) => r.reason),
      rejected.map((r) => JSON.stringify(r.message.payload) ?? 'undefined'), rejected.map(() => `bus:${worker}`)]);
}
