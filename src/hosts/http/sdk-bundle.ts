// The browser SDK (src/sdk) as /sdk.js serves it: built by browser-bundle.ts, for the old browsers a customer's
// visitors may still use.
import { fileURLToPath } from 'node:url';
import { browserBundle, type ServedBytes } from './browser-bundle.js';

const ENTRY = fileURLToPath(new URL('../../sdk/index.ts', import.meta.url));

export type SdkBundle = ServedBytes;

export function sdkBundle(): Promise<SdkBundle> {
  return browserBundle({ entry: ENTRY, target: 'es2017', legalComments: 'none' });
}
