// The PostgreSQL store names itself in every startup line and in /healthz; when the server runs without autovacuum
// (no table is ever analysed, so plans degrade as the tables grow) that name says so and where to read more. Only
// its relaxed statements commit without waiting for the disk.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Sql } from '../../src/ports/sql.js';
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

  it('commits durably everywhere but in its relaxed statements, and those still commit', async () => {
    const store = database();
    const setting = async (sql: Sql) => (await sql.query<{ s: string }>("SELECT current_setting('synchronous_commit') AS s")).rows[0]!.s;
    assert.equal(await setting(store), 'on');
    assert.equal(await store.transaction(setting), 'on');
    assert.equal(await setting(store.relaxed), 'off');
    await store.relaxed.query('CREATE TABLE relaxed_probe (n int)');
    await store.relaxed.query('INSERT INTO relaxed_probe VALUES ($1)', [7]);
    assert.deepEqual((await store.query<{ n: number }>('SELECT n FROM relaxed_probe')).rows, [{ n: 7 }], 'visible to the other connections at once');
  });
});
