// The bundle as served: under DESIGN.md's 4 KB gzipped budget, a classic script (no module syntax) that cannot
// throw into the page even where nothing it expects exists.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runInNewContext, Script } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { sdkBundle } from '../../src/hosts/http/sdk-bundle.js';

const BUDGET_GZIPPED = 4096;

describe('SDK bundle', () => {
  it(`is at most ${BUDGET_GZIPPED} bytes gzipped`, async () => {
    const { code, gzip } = await sdkBundle();
    const size = gzipSync(code, { level: 9 }).length;
    assert.equal(gzip.length, size, 'the served gzip is the measured one');
    assert.ok(size <= BUDGET_GZIPPED, `${size} bytes gzipped`);
  });

  it('is one minified classic script (no import or export)', async () => {
    const text = (await sdkBundle()).code.toString();
    assert.doesNotThrow(() => new Script(text));
    assert.doesNotMatch(text, /\bimport\s*[({*]|\bexport\s+/);
    assert.equal(text.split('\n').filter(Boolean).length, 1, 'minified');
  });

  it('throws nothing even in a context without window, document or fetch', async () => {
    const text = (await sdkBundle()).code.toString();
    assert.doesNotThrow(() => runInNewContext(text, {}));
    assert.doesNotThrow(() => runInNewContext(text, { window: {}, document: {} }));
  });

  it('is built once per process', async () => {
    assert.equal(await sdkBundle(), await sdkBundle());
  });
});
