// The PostgreSQL store names itself in every startup line and in /healthz; when the server runs without autovacuum
// (no table is ever analysed, so plans degrade as the tables grow) that name says so and where to read more.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ownDatabase, productionSkipReason } from '../support/production.js';

const skip = await productionSkipReason();

describe('the PostgreSQL store description', { skip }, () => {
  const database = ownDatabase('store', 1);

  it('warns that autovacuum is off exactly when the server has it off', async () => {
    const store = database();
    const { rows } = await store.query<{ autovacuum: string }>("SELECT current_setting('autovacuum') AS autovacuum");
    const off = rows[0]!.autovacuum === 'off';
    assert.match(store.description, /^PostgreSQL at postgres:\/\//);
    assert.equal(store.description.includes('autovacuum is off'), off, store.description);
    if (off) assert.match(store.description, /turn it on, see docs\/operations\.md/);
  });
});
