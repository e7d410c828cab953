// `tributary models paths [FILE]`: every model's conversions and value per channel, as JSON Lines on stdout; what was
// read, and each malformed line with its number, on stderr.
import { createReadStream } from 'node:fs';
import type { Config } from '../../app/config.js';
import { InputError } from '../../app/input-error.js';
import { pathFileModels, storedPathModels, type PathModels } from '../../app/models-paths.js';
import { openStore } from '../../app/pipeline.js';
import type { TimeRange } from '../../store/bi/paths.js';
import type { CreditEntity } from '../../store/bi/attribution-credits.js';

export async function runModelsPaths(config: Config, file: string | undefined, opts: { entity: CreditEntity; range: TimeRange }): Promise<number> {
  const started = performance.now();
  let result: PathModels;
  if (file !== undefined) {
    let malformed = 0;
    const input = file === '-' ? process.stdin : createReadStream(file);
    const read = await pathFileModels(input, (e) => { malformed++; console.error(`line ${e.line}: ${e.reason}`); }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === undefined ? error : new InputError(`cannot read ${file}: ${error.message}`);
    });
    console.error(`read ${read.converting + read.nonConverting} paths from ${read.lines} lines${malformed ? `, ${malformed} malformed line${malformed === 1 ? '' : 's'} left out` : ''}`);
    result = read;
  } else {
    const store = await openStore(config);
    try {
      console.error(`reading the stored ${opts.entity} paths...`);
      result = await storedPathModels(store, opts.entity, opts.range);
    } finally {
      await store.close();
    }
  }
  process.stdout.write(result.rows.map((r) => JSON.stringify(r)).join('\n') + (result.rows.length ? '\n' : ''));
  console.error(`${result.converting} converting and ${result.nonConverting} non-converting paths (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return 0;
}
