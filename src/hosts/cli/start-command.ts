import type { Config } from '../../app/config.js';
import { openPipeline, type Pipeline } from '../../app/pipeline.js';
import { wallClock } from '../../ports/clock.js';
import { createServer } from '../http/server.js';

export async function runStart(config: Config, opts: { port: number; host: string }, pipeline?: Pipeline): Promise<void> {
  const p = pipeline ?? await openPipeline(config, wallClock);
  const app = createServer(p, { logLevel: config.logLevel, collector: { ...config.collector, anonymiseIp: config.anonymiseIp }, readKeys: config.readKeys });
  const shutdown = async (signal: string) => {
    app.log.info(`${signal}: finishing in-flight work`);
    await app.close();
    await p.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ port: opts.port, host: opts.host });
  // Work accepted before a restart is still queued: resume it.
  void p.tick();
}

/** `tributary collector`: HTTP only. Its pipeline declares the topology but consumes nothing. */
export async function runCollector(config: Config, opts: { port: number; host: string }): Promise<void> {
  if (!config.broker || !config.databaseUrl) {
    console.error('tributary collector: needs BROKER_URL and DATABASE_URL, so that worker processes can consume what it accepts. On the embedded defaults use `tributary start`.');
    process.exitCode = 2;
    return;
  }
  await runStart(config, opts, await openPipeline(config, wallClock, { host: [] }));
}
