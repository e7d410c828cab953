import type { Config } from '../../app/config.js';
import { exportObjects, type ExportKind } from '../../app/export.js';
import { openStore } from '../../app/pipeline.js';

export async function runExport(config: Config, kind: ExportKind): Promise<void> {
  const store = await openStore(config);
  try {
    let buffer = '';
    for await (const obj of exportObjects(store, kind)) {
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
