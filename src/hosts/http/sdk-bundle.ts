// The browser SDK (src/sdk), bundled with esbuild's JS API in memory the first time the collector needs it, once
// per process: no build step, no build artefact to commit or keep in step with the source. esbuild is loaded only
// here, so a collector without it (a production install without dev dependencies) serves everything but /sdk.js.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ENTRY = fileURLToPath(new URL('../../sdk/index.ts', import.meta.url));

export interface SdkBundle {
  code: Buffer;
  gzip: Buffer;
  /** Hash of the code: the ETag of both encodings. */
  hash: string;
}

let cached: Promise<SdkBundle> | null = null;

export function sdkBundle(): Promise<SdkBundle> {
  cached ??= buildSdk().catch((error: unknown) => {
    // A failed build is not remembered: the next request tries again (after `npm ci`, say).
    cached = null;
    throw error;
  });
  return cached;
}

async function buildSdk(): Promise<SdkBundle> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [ENTRY], bundle: true, minify: true, format: 'iife', target: 'es2017', platform: 'browser',
    write: false, legalComments: 'none', logLevel: 'silent',
  });
  const code = Buffer.from(result.outputFiles[0]!.contents);
  return { code, gzip: gzipSync(code, { level: 9 }), hash: createHash('sha256').update(code).digest('base64url').slice(0, 27) };
}
