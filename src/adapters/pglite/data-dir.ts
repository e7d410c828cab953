// The embedded store's directory is PGlite's alone while a process has it open: PGlite is one PostgreSQL backend in
// WebAssembly with no postmaster and no lock of its own, so a second process opening the same directory would write
// the same files with its own caches and damage the store. A lock file names the process that holds it; a lock left by
// a process that died (kill -9, a crash) is taken over, since its pid no longer runs.
// PGlite also initialises any directory that lacks PG_VERSION, silently: a damaged store (its PG_VERSION lost) or a
// wrong --data-dir (a home directory) would be overwritten or filled with database files. Such a directory is refused.
import { mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** The data directory cannot be used as asked; the message says why and what to do. The CLI exits 4. */
export class DataDirError extends Error {}

export const LOCK_FILE = 'tributary.lock';

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, under another user
  }
}

async function checkContents(dir: string): Promise<void> {
  const entries = (await readdir(dir)).filter((name) => name !== LOCK_FILE);
  if (entries.length > 0 && !entries.includes('PG_VERSION')) {
    throw new DataDirError(`${dir} is not an embedded Tributary store (it holds files but no PG_VERSION): it is another directory, or a store that lost its files. Nothing was written to it; give --data-dir a new or empty directory, or restore the store from a backup`);
  }
}

async function holderOf(path: string): Promise<number | null> {
  const pid = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Takes the directory for this process (creating it when new); the returned function gives it back. */
export async function claimDataDir(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  await checkContents(dir);
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(`${process.pid}\n`);
      await file.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await holderOf(path);
      if (holder !== null && holder !== process.pid && running(holder)) {
        throw new DataDirError(`${dir} is in use by another tributary process (pid ${holder}): stop it first, or use another --data-dir (a running \`tributary start\` serves the attribution over HTTP)`);
      }
      // Left by a process that is gone. Retried once: two processes racing for the same stale lock meet at `wx`.
      if (attempt > 0) throw new DataDirError(`${dir}: could not take the lock ${path}; remove it if no tributary process uses this directory`);
      await unlink(path).catch(() => {});
    }
  }
  return async () => {
    if (await holderOf(path) === process.pid) await unlink(path).catch(() => {});
  };
}
