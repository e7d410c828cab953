// Numbered, forward-only SQL migrations, applied at start, all in one transaction with their version rows: a crash
// mid-migration leaves the store as it was.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Store } from '../ports/sql.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration { version: number; name: string; sql: string }

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  return Promise.all(files.map(async (file) => ({
    version: Number.parseInt(file, 10),
    name: file.replace(/\.sql$/, ''),
    sql: await readFile(dir + file, 'utf8'),
  })));
}

/**
 * Applies the migrations the store has not seen yet; returns the names applied. Processes starting together take
 * turns on an advisory lock, so each migration runs once.
 */
export async function migrate(store: Store, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await loadMigrations());
  const done: string[] = [];
  await store.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS public.tributary_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM public.tributary_migrations');
    const applied = new Set(rows.map((r) => r.version));
    for (const m of all) {
      if (applied.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO public.tributary_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      done.push(m.name);
    }
  });
  return done;
}

const MIGRATION_LOCK = 7_446_301;
