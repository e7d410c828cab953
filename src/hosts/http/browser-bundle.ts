// Browser code (the SDK, the dashboard) bundled with esbuild's JS API in memory the first time it is asked for, once
// per process and entry: no build step, no build artefact to commit or keep in step with the source. esbuild is a
// runtime dependency for this (the dashboard is served by every `tributary start`), but it is loaded only here, so a
// failed build costs only the route that needed it.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** Bytes as served: plain, gzipped, and a hash of the plain bytes that is the ETag of both. */
export interface ServedBytes {
  code: Buffer;
  gzip: Buffer;
  hash: string;
}

export interface BundleSpec {
  /** Absolute path of the entry module. */
  entry: string;
  /** esbuild target, e.g. es2017: the oldest browsers the code must run in. */
  target: string;
  /** 'eof' keeps the licence notices of bundled libraries (their licences ask for it); 'none' for our own code only. */
  legalComments: 'none' | 'eof';
}

export function servedBytes(code: Buffer): ServedBytes {
  return { code, gzip: gzipSync(code, { level: 9 }), hash: createHash('sha256').update(code).digest('base64url').slice(0, 27) };
}

const cache = new Map<string, Promise<ServedBytes>>();

export function browserBundle(spec: BundleSpec): Promise<ServedBytes> {
  let built = cache.get(spec.entry);
  if (!built) {
    built = build(spec).catch((error: unknown) => {
      // A failed build is not remembered: the next request tries again (after `npm ci`, say).
      cache.delete(spec.entry);
      throw error;
    });
    cache.set(spec.entry, built);
  }
  return built;
}

async function build(spec: BundleSpec): Promise<ServedBytes> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    // An IIFE is a classic script: it runs under `script-src 'self'` and leaks no globals into the page.
    entryPoints: [spec.entry], bundle: true, minify: true, format: 'iife', target: spec.target, platform: 'browser',
    write: false, legalComments: spec.legalComments, logLevel: 'silent',
  });
  return servedBytes(Buffer.from(result.outputFiles[0]!.contents));
}
