// Many messages of one topic in one AMQP message. RabbitMQ's cost is per message far more than per byte: one
// envelope per topic and outbox claim cuts the broker's work (and the frames, acks and confirms around it) by the
// size of the envelope. Consumers take envelopes and single messages alike (integrators publish single events;
// retries and dead letters are single) and dedupe by each inner message id, so an envelope published twice, or
// grouped differently after a crash, still has each message handled once.
import { createHash, randomUUID } from 'node:crypto';
import type { ConfirmChannel, MessageProperties } from 'amqplib';
import { Topic } from '../../workers/topics.js';

export const ENVELOPE_CONTENT_TYPE = 'application/vnd.tributary.batch+json';

/** Outbox rows of one topic become envelopes of at most this many messages. */
export const ENVELOPE_MAX_MESSAGES = 500;

/** The results topics are what integrators subscribe to: one message each, as CONTRACT section 4 shows them. */
const SINGLE_MESSAGE_TOPICS: ReadonlySet<string> = new Set([Topic.companyAttributionUpdated, Topic.contactAttributionUpdated]);

/** A message ready for the exchange: its payload is JSON text already (as the outbox keeps it). */
export interface Outgoing { message_id: string; topic: string; payload: string }

/** Publishes the messages on a confirm channel, each topic's in envelopes; the caller waits for the confirms. */
export function publishAll(channel: ConfirmChannel, exchange: string, messages: readonly Outgoing[]): void {
  for (const group of groupByTopic(messages)) {
    const topic = group[0]!.topic;
    if (group.length === 1 || SINGLE_MESSAGE_TOPICS.has(topic)) {
      for (const m of group) channel.publish(exchange, topic, Buffer.from(m.payload), { persistent: true, messageId: m.message_id, contentType: 'application/json' });
      continue;
    }
    for (let i = 0; i < group.length; i += ENVELOPE_MAX_MESSAGES) {
      channel.publish(exchange, topic, encodeEnvelope(group.slice(i, i + ENVELOPE_MAX_MESSAGES)),
        { persistent: true, messageId: `envelope:${randomUUID()}`, contentType: ENVELOPE_CONTENT_TYPE });
    }
  }
}

function groupByTopic(messages: readonly Outgoing[]): Outgoing[][] {
  const groups = new Map<string, Outgoing[]>();
  for (const m of messages) {
    const group = groups.get(m.topic);
    if (group) group.push(m); else groups.set(m.topic, [m]);
  }
  return [...groups.values()];
}

/** The payloads are spliced in as they are, not parsed again. */
function encodeEnvelope(messages: readonly Outgoing[]): Buffer {
  const items = messages.map((m) => `{"message_id":${JSON.stringify(m.message_id)},"payload":${m.payload}}`);
  return Buffer.from(`{"messages":[${items.join(',')}]}`);
}

export type Decoded = { ok: true; messages: Array<{ message_id: string; payload: unknown }> } | { ok: false; error: string };

/** The messages an AMQP message carries: the items of an envelope, or the message itself. */
export function decodeContent(content: Buffer, properties: MessageProperties): Decoded {
  let body: unknown;
  try {
    body = JSON.parse(content.toString('utf8'));
  } catch (error) {
    return { ok: false, error: `not JSON: ${(error as Error).message}` };
  }
  if (properties.contentType !== ENVELOPE_CONTENT_TYPE) {
    const id = properties.messageId ?? eventIdOf(body) ?? createHash('sha256').update(content).digest('hex');
    return { ok: true, messages: [{ message_id: String(id), payload: body }] };
  }
  const items = (body as { messages?: unknown }).messages;
  if (!Array.isArray(items)) return { ok: false, error: `an ${ENVELOPE_CONTENT_TYPE} message holds {"messages": [...]}` };
  const messages = [];
  for (const item of items) {
    const id = (item as { message_id?: unknown })?.message_id;
    if (typeof id !== 'string') return { ok: false, error: 'every message of an envelope needs a string message_id' };
    messages.push({ message_id: id, payload: (item as { payload?: unknown }).payload });
  }
  return { ok: true, messages };
}

/** An integrator may publish without a message id: the event's own id then identifies it. */
function eventIdOf(payload: unknown): string | undefined {
  const id = typeof payload === 'object' && payload !== null ? (payload as { event_id?: unknown }).event_id : undefined;
  return typeof id === 'string' ? id : undefined;
}
