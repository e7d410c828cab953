// The embedded store's directory is PGlite's alone while a process has it open: PGlite is one PostgreSQL backend in
// WebAssembly with no postmaster and no lock of its own, so a second process opening the same directory would write
// the same files with its own caches and damage the store. A lock file names the process that holds it; a lock left by
// a process that died (kill -9, a crash) is taken over, since its pid no longer runs (or now runs another process).
// PGlite also initialises any directory that lacks PG_VERSION, silently: a damaged store (its PG_VERSION lost) or a
// wrong --data-dir (a home directory) would be overwritten or filled with database files. Such a directory is refused.
import { mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** The data directory cannot be used as asked; the message says why and what to do. The CLI exits 4. */
export class DataDirError extends Error {}

export const LOCK_FILE = 'tributary.lock';

/**
 * When a process started, where the system says (Linux: ticks since boot, /proc/PID/stat field 22); null elsewhere.
 * A pid alone can be reused after a crash, by any process (in a container, often); with its start time it cannot.
 */
async function startTime(pid: number): Promise<string | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  // The command name, field 2, is in parentheses and may hold spaces: count fields after its closing one.
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}

async function running(holder: Holder): Promise<boolean> {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false; // EPERM: alive, under another user
  }
  return holder.started === null || holder.started === await startTime(holder.pid);
}

interface Holder { pid: number; started: string | null }

async function checkContents(dir: string): Promise<void> {
  const entries = (await readdir(dir)).filter((name) => name !== LOCK_FILE);
  if (entries.length > 0 && !entries.includes('PG_VERSION')) {
    throw new DataDirError(`${dir} is not an embedded Tributary store (it holds files but no PG_VERSION): it is another directory, or a store that lost its files. Nothing was written to it; give --data-dir a new or empty directory, or restore the store from a backup`);
  }
}

async function holderOf(path: string): Promise<Holder | null> {
  const [pidText, started] = (await readFile(path, 'utf8').catch(() => '')).trim().split(/\s+/);
  const pid = Number.parseInt(pidText ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? { pid, started: started || null } : null;
}

/** Takes the directory for this process (creating it when new); the returned function gives it back. */
export async function claimDataDir(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  await checkContents(dir);
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(`${process.pid} ${await startTime(process.pid) ?? ''}\n`);
      await file.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await holderOf(path);
      if (holder !== null && holder.pid !== process.pid && await running(holder)) {
        throw new DataDirError(`${dir} is in use by another tributary process (pid ${holder.pid}): stop it first, or use another --data-dir (a running \`tributary start\` serves the attribution over HTTP)`);
      }
      // Left by a process that is gone. Retried once: two processes racing for the same stale lock meet at `wx`.
      if (attempt > 0) throw new DataDirError(`${dir}: could not take the lock ${path}; remove it if no tributary process uses this directory`);
      await unlink(path).catch(() => {});
    }
  }
  return async () => {
    if ((await holderOf(path))?.pid === process.pid) await unlink(path).catch(() => {});
  };
}
