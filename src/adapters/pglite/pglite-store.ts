// The embedded store: PostgreSQL compiled to WebAssembly, persisted in a directory (or in memory for tests).
import { PGlite } from '@electric-sql/pglite';
import type { Sql, Store } from '../../ports/sql.js';

export async function openPgliteStore(dataDir: string | null): Promise<Store> {
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  return {
    description: dataDir ? `PGlite at ${dataDir}` : 'PGlite in memory',
    query: (text, params) => db.query(text, params as unknown[] | undefined),
    exec: async (text) => { await db.exec(text); },
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    close: () => db.close(),
  };
}

function wrap(tx: { query: PGlite['query']; exec: PGlite['exec'] }): Sql {
  return {
    query: (text, params) => tx.query(text, params as unknown[] | undefined),
    exec: async (text) => { await tx.exec(text); },
  };
}
