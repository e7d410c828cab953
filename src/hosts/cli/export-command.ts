import type { Config } from '../../app/config.js';
import { exportObjects, type ExportKind } from '../../app/export.js';
import { openStore } from '../../app/pipeline.js';
import type { CreditModel } from '../../core/attribution/credits.js';

export async function runExport(config: Config, kind: ExportKind, options: { model?: CreditModel } = {}): Promise<void> {
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => { if (error.code === 'EPIPE') process.exit(0); throw error; });
  const store = await openStore(config);
  try {
    let buffer = '';
    for await (const obj of exportObjects(store, kind, options)) {
      buffer += JSON.stringify(obj) + '\n';
      if (buffer.length > 1 << 16) { await write(buffer); buffer = ''; }
    }
    await write(buffer);
  } finally {
    await store.close();
  }
}

function write(chunk: string): Promise<void> {
  if (chunk === '') return Promise.resolve();
  return new Promise((resolve, reject) => process.stdout.write(chunk, (e) => (e ? reject(e) : resolve())));
}
