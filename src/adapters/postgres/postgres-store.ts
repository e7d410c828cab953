// The production store: PostgreSQL through a node-postgres pool. Same SQL and migrations as the embedded store.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { copyRows } from '../copy-text.js';
import { redactUrl } from '../redact-url.js';
import type { Sql, Store } from '../../ports/sql.js';
import { ServiceUnreachableError } from '../../ports/unreachable.js';

// timestamptz as Date (node-postgres' default) and bigint as string (its default) match PGlite; int8 arrays too.

export interface PostgresOptions { max?: number; applicationName?: string }

export async function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<Store> {
  const pool = openPool(url, options, '');
  // Without autovacuum no table is ever analysed, and every statement not pinned to its index (migration 006) is
  // planned blind as the tables grow: say so wherever the store is named (startup lines, /healthz).
  const { rows: settings } = await pool.query<{ autovacuum: string }>("SELECT current_setting('autovacuum') AS autovacuum")
    .catch(async (error: Error) => {
      await pool.end().catch(() => {});
      throw new ServiceUnreachableError(`cannot connect to PostgreSQL at ${redactUrl(url, 'DATABASE_URL')}: ${error.message}. Is DATABASE_URL right and the server up?`);
    });
  const warning = settings[0]?.autovacuum === 'off'
    ? ' (autovacuum is off: tables are never analysed and queries slow down as they grow; turn it on, see docs/operations.md)' : '';
  // Connections are opened on first use: a process that never relaxes a commit opens none.
  const relaxedPool = openPool(url, options, ' -c synchronous_commit=off');
  return {
    description: `PostgreSQL at ${redactUrl(url, 'DATABASE_URL')}${warning}`,
    ...sqlOn(pool),
    relaxed: sqlOn(relaxedPool),
    async transaction(work) {
      const c = await pool.connect();
      let broken: Error | undefined;
      // A server restart while this client is checked out emits 'error' on it; without a listener that would
      // crash the process. The running query fails too, and the caller retries.
      const onError = (e: Error) => { broken = e; };
      c.on('error', onError);
      try {
        await c.query('BEGIN');
        const result = await work(sqlOn(c));
        await c.query('COMMIT');
        return result;
      } catch (error) {
        // A connection that cannot even roll back is gone (server restart): destroy it rather than pool it.
        await c.query('ROLLBACK').catch((e: Error) => { broken = e; });
        throw error;
      } finally {
        c.off('error', onError);
        c.release(broken);
      }
    },
    close: async () => { await Promise.all([pool.end(), relaxedPool.end()]); },
  };
}

function openPool(url: string, options: PostgresOptions, settings: string): pg.Pool {
  // Custom plans always: a generic plan chosen while the tables were small (an `= ANY($1)` as a sequential scan)
  // would stay cached as they grow; parsing is still saved by the prepared statements below.
  // Random reads priced as what they are here, reads of pages in memory or on SSD (1.1, not the default 4 that
  // models spinning disks): at 4 the planner matches a batch's few hundred keys against a table of tens of
  // thousands of rows by hashing the whole table, for every upsert that skips what is stored (measured on 12,000
  // identity links: 6.0 ms that way against 1.7 ms through the index), and a whole-table read grows with the table.
  const pool = new pg.Pool({
    connectionString: url, max: options.max ?? 10, application_name: options.applicationName ?? 'tributary',
    options: `-c plan_cache_mode=force_custom_plan -c random_page_cost=1.1${settings}`,
  });
  // A client losing its server (a PostgreSQL restart) must not crash the process. Idle, the pool drops it; checked
  // out, its query fails and the caller retries. But a connection can be told to terminate in the same packet that
  // completes it, before `pool.connect()`'s caller can listen: every client listens from its first moment.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/** The Sql port over a pool (each statement on any of its connections) or over one checked-out connection. */
function sqlOn(target: pg.Pool | pg.PoolClient): Sql {
  return {
    query: async (text, params) => {
      const r = await target.query(prepared(text, params));
      return { rows: r.rows, affectedRows: r.rowCount ?? 0 };
    },
    exec: async (text) => { await target.query(text); },
    copyOut: (select) => copyRows((async function* () {
      const client = target instanceof pg.Pool ? await target.connect() : target;
      try {
        const stream = client.query(copyTo(`COPY (${select}) TO STDOUT`));
        stream.setEncoding('utf8');
        yield* stream as AsyncIterable<string>;
      } finally {
        if (client !== target) (client as pg.PoolClient).release();
      }
    })()),
  };
}

// The application's statements are a fixed set of texts with parameters: each is prepared once per connection
// (node-postgres keeps them by name) and then only bound and executed, which spares PostgreSQL parsing and
// planning it again for every batch.
const names = new Map<string, string>();
function prepared(text: string, params: readonly unknown[] | undefined): pg.QueryConfig {
  if (params === undefined) return { text };
  let name = names.get(text);
  if (name === undefined) { name = `trb_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`; names.set(text, name); }
  return { name, text, values: params as unknown[] };
}
