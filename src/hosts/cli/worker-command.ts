// `tributary worker NAME...`: a stateless worker process on RabbitMQ and PostgreSQL. Run as many as the load needs;
// RabbitMQ spreads each queue's messages over its consumers.
import type { Config } from '../../app/config.js';
import { openPipeline } from '../../app/pipeline.js';
import { wallClock } from '../../ports/clock.js';

export async function runWorkers(config: Config, names: string[]): Promise<void> {
  if (!config.broker || !config.databaseUrl) {
    console.error('tributary worker: needs BROKER_URL and DATABASE_URL. On the embedded defaults `tributary start` runs every worker in one process.');
    process.exitCode = 2;
    return;
  }
  const pipeline = await openPipeline(config, wallClock, names.length > 0 ? { host: names } : {});
  const hosted = names.length > 0 ? names : pipeline.workers.map((w) => w.name);
  console.error(`tributary worker: ${hosted.join(', ')} on ${pipeline.bus.description}, ${pipeline.store.description}`);
  // Delayed re-attribution falls due on the wall clock; any process may fire it (SKIP LOCKED), none fires it twice.
  let ticking: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    ticking ??= Promise.all([pipeline.tick(), pipeline.deliver()])
      .catch((error) => console.error(`tributary worker: ${(error as Error).message}`))
      .finally(() => { ticking = null; });
  }, 1000);
  const shutdown = async (signal: string) => {
    console.error(`tributary worker: ${signal}, finishing the batches in flight`);
    clearInterval(timer);
    await ticking;
    await pipeline.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
