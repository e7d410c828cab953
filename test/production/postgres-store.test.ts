// The PostgreSQL store names itself in every startup line and in /healthz; when the server runs without autovacuum
// (no table is ever analysed, so plans degrade as the tables grow) that name says so and where to read more.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPostgresStore } from '../../src/adapters/postgres/postgres-store.js';
import type { Store } from '../../src/ports/sql.js';
import { acquireServiceLock, createBackends, productionSkipReason, type Backends } from '../support/production.js';

const skip = await productionSkipReason();

describe('the PostgreSQL store description', { skip }, () => {
  let backends: Backends;
  let store: Store;
  let releaseServices: () => Promise<void>;

  before(async () => {
    releaseServices = await acquireServiceLock();
    backends = await createBackends('store', { queues: [] });
    store = await openPostgresStore(backends.databaseUrl, { max: 1 });
  }, { timeout: 30 * 60_000 });
  after(async () => {
    await store?.close();
    await backends?.drop();
    await releaseServices?.();
  });

  it('warns that autovacuum is off exactly when the server has it off', async () => {
    const { rows } = await store.query<{ autovacuum: string }>("SELECT current_setting('autovacuum') AS autovacuum");
    const off = rows[0]!.autovacuum === 'off';
    assert.match(store.description, /^PostgreSQL at postgres:\/\//);
    assert.equal(store.description.includes('autovacuum is off'), off, store.description);
    if (off) assert.match(store.description, /turn it on, see docs\/operations\.md/);
  });
});
