// The store's share of the end-to-end run: every statement the pipeline sent, recorded in order with its parameters,
// then replayed into an empty store with nothing else running. No collector, no validation, no workers' JavaScript:
// the rate it reaches is the most the pipeline could reach on this store with the rows it writes.
import type { Sql, Store } from '../src/ports/sql.js';

type Statement = { text: string; params: readonly unknown[] | undefined; exec: boolean };
interface Transaction { statements: Statement[]; committed: boolean }

export interface StatementRecording {
  /** Each transaction's statements, in the order they ended. */
  readonly transactions: Transaction[];
}

/** Thrown to roll a replayed transaction back, as the recorded one was. */
class RolledBack extends Error {}

/**
 * Records what `store` is asked to run from now on, in transactions: the pipeline's writes all go through them. It
 * changes `store` in place, because the bus and the workers already hold it.
 */
export function recordStatements(store: Store): StatementRecording {
  const transactions: Transaction[] = [];
  const inner = store.transaction.bind(store);
  store.transaction = async (work) => {
    const statements: Statement[] = [];
    const recorded: Transaction = { statements, committed: false };
    try {
      const value = await inner((tx) => work({
        ...tx,
        query: (text, params) => { statements.push({ text, params, exec: false }); return tx.query(text, params); },
        exec: (text) => { statements.push({ text, params: undefined, exec: true }); return tx.exec(text); },
      }));
      recorded.committed = true;
      return value;
    } finally {
      transactions.push(recorded);
    }
  };
  return { transactions };
}

/**
 * Runs the recording against `store` (empty and migrated, as the pipeline's was) and returns the seconds it took. A
 * statement that failed when recorded fails again here, and what followed it (the rollback to its savepoint) is
 * replayed too; whether the replay wrote what the run did is for the caller to check (`rowCounts`).
 */
export async function replayStatements(recording: StatementRecording, store: Store): Promise<number> {
  const started = performance.now();
  for (const { statements, committed } of recording.transactions) {
    await store.transaction(async (tx) => {
      for (const { text, params, exec } of statements) {
        try {
          if (exec) await tx.exec(text); else await tx.query(text, params);
        } catch {
          // as it did in the run (rowCounts tells if not), where the statement after it rolled back to its savepoint
        }
      }
      if (!committed) throw new RolledBack();
    }).catch((error: unknown) => { if (!(error instanceof RolledBack)) throw error; });
  }
  return (performance.now() - started) / 1000;
}

/** Rows per table of schema `bi`, to check that a replay wrote what the run did. */
export async function rowCounts(store: Sql): Promise<Record<string, number>> {
  const { rows } = await store.query<{ table: string }>(`SELECT tablename AS table FROM pg_tables WHERE schemaname = 'bi' ORDER BY 1`);
  const counts: Record<string, number> = {};
  for (const { table } of rows) counts[table] = (await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM bi.${table}`)).rows[0]!.n;
  return counts;
}
