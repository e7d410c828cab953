// Which backends the integration tests run on. By default the embedded ones; with TRIBUTARY_TEST_BACKEND=production
// the same tests run on PostgreSQL and RabbitMQ, each pipeline in its own database and under its own exchange.
import { createHash } from 'node:crypto';
import amqp from 'amqplib';
import pg from 'pg';
import type { Config } from '../../src/app/config.js';
import { openStore, type Pipeline } from '../../src/app/pipeline.js';
import type { RabbitBus } from '../../src/adapters/rabbitmq/rabbit-bus.js';

export const PRODUCTION = process.env.TRIBUTARY_TEST_BACKEND === 'production';
export const PG_ADMIN_URL = process.env.TRIBUTARY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const AMQP_URL = process.env.TRIBUTARY_TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

const dbUrl = (name: string) => { const u = new URL(PG_ADMIN_URL); u.pathname = `/${name}`; return u.toString(); };
let counter = 0;
let template: Promise<string> | null = null;

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try { return await work(c); } finally { await c.end(); }
}

/** A migrated template database per test process; each pipeline gets a copy (fast) and drops it at close. */
function templateDatabase(): Promise<string> {
  template ??= (async () => {
    const name = `tributary_tpl_${process.pid}`;
    await admin(async (c) => {
      // Templates of test processes that are gone (they cannot drop theirs at exit) are dropped here.
      const { rows } = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname ~ '^tributary_(tpl|dir)_[0-9]+'");
      for (const { datname } of rows) if (!isAlive(Number(datname.split('_')[2]))) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${name}`);
    });
    const store = await openStore({ dataDir: null, databaseUrl: dbUrl(name), pgPoolSize: 2 });
    await store.close();
    return name;
  })();
  return template;
}

export interface ProductionResources { overrides: Partial<Config>; cleanup(p: Pipeline): Promise<void> }

/**
 * Resources for one pipeline. With `persistentKey` (a test reopening "the same data directory"), pipelines opened
 * with the same key share one database, which outlives them (a later run drops it once this process is gone).
 */
export async function productionResources(persistentKey?: string): Promise<ProductionResources> {
  const keyed = persistentKey === undefined ? null : createHash('sha256').update(persistentKey).digest('hex').slice(0, 12);
  const name = keyed ? `tributary_dir_${process.pid}_${keyed}` : `tributary_t_${process.pid}_${++counter}`;
  const tpl = await templateDatabase();
  await admin(async (c) => {
    const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
    if (!exists) await c.query(`CREATE DATABASE ${name} TEMPLATE ${tpl}`);
  });
  const prefix = keyed ? `d${process.pid}_${keyed}` : `t${process.pid}_${counter}`;
  return {
    overrides: {
      databaseUrl: dbUrl(name), pgPoolSize: 4,
      broker: { url: AMQP_URL, prefix, quorum: false, prefetch: 1000, maxAttempts: 3, batchSize: 500, lingerMs: 10 },
    },
    async cleanup(p) {
      const conn = await amqp.connect(AMQP_URL);
      const ch = await conn.createChannel();
      // Everything the bus declared, test listeners included.
      for (const q of (p.bus as RabbitBus).declaredQueues()) await ch.deleteQueue(q);
      await ch.deleteExchange(prefix);
      await conn.close();
      if (!keyed) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}
