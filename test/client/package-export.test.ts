// `import { createClient } from 'tributary/client'` works from plain Node (no TypeScript loader of the caller's):
// the package's `exports` entry points at a JavaScript shim that loads the client with tsx's scoped tsImport.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PROGRAM = `
const { createClient } = await import('tributary/client');
const failures = [];
const client = createClient({ url: 'http://127.0.0.1:9', maxRetries: 0, onError: (f) => failures.push(f.kind) });
client.track({ type: 'signup', company_id: 'c', email: 'a@b.example' });
await client.close();
console.log(typeof createClient, JSON.stringify(failures));
`;

describe('tributary/client package export', () => {
  it('resolves and runs in a plain Node process', async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      // Node resolves a package's own name from inside it (self-reference through `exports`), as a dependent would.
      execFile(process.execPath, ['--input-type=module', '-e', PROGRAM], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } },
        (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)));
    });
    assert.equal(stdout.trim(), 'function ["failed"]');
  });
});
