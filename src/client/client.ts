// The server-side client (`tributary/client`): a backend tracks its events (company_created, signup, ...); they
// are batched, sent with the secret key, and retried while the collector is down or busy. Events carry their
// event_id from the moment they are tracked, so a retry of a batch that did arrive is counted once.
import { randomUUID } from 'node:crypto';
import { deliverBatch, type DeliveryFailure, type DeliverySettings } from './delivery.js';
import type { ClientEvent, SentEvent } from './events.js';

export interface ClientOptions {
  /** The collector's base URL, e.g. `https://collector.example.com`. */
  url: string;
  /** One of TRIBUTARY_SECRET_KEYS; sent as `Authorization: Bearer`. */
  secretKey?: string;
  /** Events per request (at most 500, the collector's limit). Default 100. */
  batchSize?: number;
  /** How long an event may wait for its batch to fill. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Retries of a batch after the first attempt. Default 5. */
  maxRetries?: number;
  /** First retry delay; doubles each time, up to 30 s. Default 500 ms. */
  retryBaseMs?: number;
  /** Per request. Default 10 s. */
  timeoutMs?: number;
  /** Events waiting at most; track() throws past it (the collector is down and the backend must know). Default 100,000. */
  maxQueue?: number;
  /** Events the collector rejected, or that could not be delivered. Default: a warning on stderr. */
  onError?: (failure: DeliveryFailure) => void;
  fetch?: typeof fetch;
}

export interface TributaryClient {
  /** Queues the event; returns its event_id. */
  track(event: ClientEvent): string;
  /** Sends everything tracked so far; resolves when each event was delivered or given up (see onError). */
  flush(): Promise<void>;
  /** Flushes, then refuses new events. */
  close(): Promise<void>;
}

const MAX_BATCH = 500;
// The collector's body limit is 1 MiB; a batch is cut well before it.
const MAX_BATCH_BYTES = 900 * 1024;

export function createClient(options: ClientOptions): TributaryClient {
  const batchSize = Math.min(MAX_BATCH, Math.max(1, options.batchSize ?? 100));
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const maxQueue = options.maxQueue ?? 100_000;
  const onError = options.onError ?? ((f) => console.warn(`tributary client: event ${f.event_id} ${f.kind}: ${f.reason}`));
  const settings: DeliverySettings = {
    endpoint: new URL('/v1/events', options.url).href,
    headers: {
      'content-type': 'application/json', 'user-agent': 'tributary-client',
      ...(options.secretKey && { authorization: `Bearer ${options.secretKey}` }),
    },
    maxRetries: options.maxRetries ?? 5,
    retryBaseMs: options.retryBaseMs ?? 500,
    timeoutMs: options.timeoutMs ?? 10_000,
    fetch: options.fetch ?? fetch,
  };
  let queue: Array<{ event: SentEvent; bytes: number }> = [];
  // Batches go one after another: a flush resolves only once everything before it has been sent.
  let sending: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  function takeBatches(): SentEvent[][] {
    const batches: SentEvent[][] = [];
    let batch: SentEvent[] = [];
    let bytes = 0;
    for (const item of queue) {
      if (batch.length === batchSize || (batch.length > 0 && bytes + item.bytes > MAX_BATCH_BYTES)) { batches.push(batch); batch = []; bytes = 0; }
      batch.push(item.event);
      bytes += item.bytes;
    }
    if (batch.length > 0) batches.push(batch);
    queue = [];
    return batches;
  }

  function flush(): Promise<void> {
    if (timer) { clearTimeout(timer); timer = null; }
    const batches = takeBatches();
    sending = sending.then(async () => {
      for (const batch of batches) {
        for (const failure of await deliverBatch(batch, settings)) {
          // A throwing callback must not stop the batches behind it.
          try { onError(failure); } catch { /* the application's own error */ }
        }
      }
    });
    return sending;
  }

  return {
    track(event) {
      if (closed) throw new Error('tributary client: track() after close()');
      if (queue.length >= maxQueue) throw new Error(`tributary client: ${maxQueue} events are waiting for the collector; not queueing more`);
      const ts = event.ts instanceof Date ? event.ts.toISOString() : event.ts ?? new Date().toISOString();
      const sent = { ...event, event_id: event.event_id ?? randomUUID(), ts } as SentEvent;
      queue.push({ event: sent, bytes: Buffer.byteLength(JSON.stringify(sent)) });
      if (queue.length >= batchSize) void flush();
      else timer ??= setTimeout(() => { timer = null; void flush(); }, flushIntervalMs);
      return sent.event_id;
    },
    flush,
    async close() {
      closed = true;
      await flush();
    },
  };
}
