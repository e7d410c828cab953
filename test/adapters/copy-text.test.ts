import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyRows } from '../../src/adapters/copy-text.js';

async function rows(chunks: string[]) {
  const out: (string | null)[][] = [];
  for await (const page of copyRows((async function* () { yield* chunks; })())) out.push(...page);
  return out;
}

describe('COPY text format', () => {
  it('reads NULL, escapes and empty strings', async () => {
    assert.deepEqual(await rows(['a\t\\N\t\tx\\ty\\nz\\\\w\\r\\101\\x42\n']), [['a', null, '', 'x\ty\nz\\w\rAB']]);
  });
  it('joins rows and characters split across chunks', async () => {
    assert.deepEqual(await rows(['one\tt', 'wo\nthr', 'ee\tü', '\n']), [['one', 'two'], ['three', 'ü']]);
  });
  it('keeps a last row without its newline', async () => {
    assert.deepEqual(await rows(['a\tb\nc\td']), [['a', 'b'], ['c', 'd']]);
  });
});
