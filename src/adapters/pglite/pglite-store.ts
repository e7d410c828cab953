// The embedded store: PostgreSQL compiled to WebAssembly, persisted in a directory (or in memory for tests).
import { PGlite } from '@electric-sql/pglite';
import type { Sql, Store } from '../../ports/sql.js';
import { copyRows } from '../copy-text.js';
import { claimDataDir, DataDirError } from './data-dir.js';

export interface PgliteOptions {
  /** Start from another store's `dump()`: much faster than creating a database (tests start hundreds). */
  from?: Blob | File;
}

export interface PgliteStore extends Store {
  dump(): Promise<Blob | File>;
}

export async function openPgliteStore(dataDir: string | null, options: PgliteOptions = {}): Promise<PgliteStore> {
  const release = dataDir ? await claimDataDir(dataDir) : async () => {};
  let db: PGlite;
  try {
    db = new PGlite(dataDir ?? undefined, options.from ? { loadDataDir: options.from } : {});
    await db.waitReady;
  } catch (error) {
    await release();
    throw new DataDirError(`the embedded store in ${dataDir ?? 'memory'} could not be opened (${(error as Error).message}): it is damaged. It was left as it is: restore it from a backup, or use another --data-dir`);
  }
  // Its pages are in memory: priced as such, the planner looks a batch's keys up by index (see postgres-store.ts).
  await db.exec('SET random_page_cost = 1.1');
  const sql = wrap(db);
  return {
    description: dataDir ? `PGlite at ${dataDir}` : 'PGlite in memory',
    ...sql,
    // One connection in one process, with no broker acknowledging around it: nothing to gain from relaxing commits.
    relaxed: sql,
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    close: async () => { await db.close(); await release(); },
    dump: () => db.dumpDataDir('none'),
  };
}

function wrap(tx: { query: PGlite['query']; exec: PGlite['exec'] }): Sql {
  return {
    query: (text, params) => tx.query(text, params as unknown[] | undefined),
    exec: async (text) => { await tx.exec(text); },
    // PGlite writes COPY ... TO '/dev/blob' into a Blob (https://pglite.dev/docs/api#dev-blob), read back as a stream.
    copyOut: (select) => copyRows((async function* () {
      const { blob } = await tx.query(`COPY (${select}) TO '/dev/blob'`);
      // Node's web streams are async iterable; the DOM typings do not say so.
      if (blob) yield* blob.stream().pipeThrough(new TextDecoderStream()) as unknown as AsyncIterable<string>;
    })()),
  };
}
