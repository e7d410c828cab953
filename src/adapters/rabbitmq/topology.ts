// CONTRACT section 4: one durable topic exchange named by the prefix; one durable queue per worker,
// `<prefix>.<worker>`, bound with the worker's topics. Beside each queue: retry queues (one per attempt, each with
// its TTL, dead-lettering back into the queue) and a dead-letter queue `<prefix>.<worker>.dead`.
// Declarations are idempotent: every process declares the whole topology at start.
import type { Channel } from 'amqplib';
import type { Worker } from '../../ports/worker.js';

export interface TopologyOptions {
  prefix: string;
  quorum: boolean;
  maxAttempts: number;
  retryBaseMs: number;
}

export const queueName = (prefix: string, queue: string) => `${prefix}.${queue}`;
export const retryQueueName = (prefix: string, queue: string, attempt: number) => `${prefix}.${queue}.retry.${attempt}`;
export const deadQueueName = (prefix: string, queue: string) => `${prefix}.${queue}.dead`;

/** Delay before attempt n+1 after n failures: the retry queue's TTL. */
export const retryDelayMs = (options: TopologyOptions, failures: number) => options.retryBaseMs * 2 ** (failures - 1);

export async function declareTopology(ch: Channel, workers: readonly Worker[], options: TopologyOptions): Promise<void> {
  const queueType = options.quorum ? { 'x-queue-type': 'quorum' } : {};
  await ch.assertExchange(options.prefix, 'topic', { durable: true });
  for (const w of workers) {
    const main = queueName(options.prefix, w.queue);
    await ch.assertQueue(main, { durable: true, arguments: queueType });
    for (const pattern of w.bindings) await ch.bindQueue(main, options.prefix, pattern);
    for (let failures = 1; failures < options.maxAttempts; failures++) {
      await ch.assertQueue(retryQueueName(options.prefix, w.queue, failures), {
        durable: true,
        arguments: {
          ...queueType,
          'x-message-ttl': retryDelayMs(options, failures),
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': main,
        },
      });
    }
    await ch.assertQueue(deadQueueName(options.prefix, w.queue), { durable: true, arguments: queueType });
  }
}
