// The store the bus tests share: one per test file, emptied before each test, since loading a database costs far
// more than the tests themselves.
import { after } from 'node:test';
import { openStore } from '../../src/app/pipeline.js';
import type { Store } from '../../src/ports/sql.js';
import { migratedTemplate } from './pipeline.js';

let shared: Promise<Store> | null = null;
after(async () => {
  if (shared) await (await shared).close();
});

/** A migrated in-memory store with an empty outbox, no dead letters, and an empty table `t` for test workers. */
export async function freshStore(): Promise<Store> {
  shared ??= openStore({ dataDir: null }, { from: await migratedTemplate() }).then(async (store) => {
    await store.exec('CREATE TABLE t (queue text NOT NULL, id text NOT NULL, PRIMARY KEY (queue, id))');
    return store;
  });
  const store = await shared;
  await store.exec('TRUNCATE t, bi.outbox, bi.dead_letters');
  return store;
}
