// Starting while RabbitMQ cannot be reached: after its connection attempts a process says so in one line, naming
// the address (password hidden) and what to check, exits 3, and holds no PostgreSQL connection while it does.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/app/config.js';
import { openPipeline } from '../../src/app/pipeline.js';
import { wallClock } from '../../src/ports/clock.js';
import { ServiceUnreachableError } from '../../src/ports/unreachable.js';
import { createBackends, freePort, openDatabase, productionSkipReason, runTributary, type Backends } from '../support/production.js';

const skip = await productionSkipReason();

describe('production: RabbitMQ unreachable at start-up', { skip }, () => {
  let backends: Backends;
  let brokerUrl: string;
  before(async () => {
    backends = await createBackends('unreachable');
    brokerUrl = `amqp://guest:secret@127.0.0.1:${await freePort()}`; // a port handed out and taken back: nothing listens
  });
  after(async () => { await backends?.drop(); });

  it('`tributary worker` exits 3 with one line that says where and what to check', async () => {
    const run = await runTributary(['worker', 'VisitsRunner'], { ...backends.env, BROKER_URL: brokerUrl }, 60_000);
    assert.equal(run.code, 3, run.stderr);
    const port = new URL(brokerUrl).port;
    assert.match(run.stderr, new RegExp(`^tributary: cannot connect to RabbitMQ at amqp://guest:\\*\\*\\*@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED.*\\. Is BROKER_URL right and the broker up\\?\\n$`));
  });

  it('the pipeline that failed to start has closed its database connections', async () => {
    const config = loadConfig({ ...backends.env, BROKER_URL: brokerUrl });
    await assert.rejects(openPipeline(config, wallClock), ServiceUnreachableError);
    const db = await openDatabase(backends.databaseUrl);
    try {
      const { rows } = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'tributary'");
      assert.equal(rows[0]!.n, 0);
    } finally {
      await db.close();
    }
  });
});
