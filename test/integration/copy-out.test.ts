// The stores' whole-table read (Sql.copyOut) gives back exactly what was stored, whatever characters strangers sent.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestPipeline } from '../support/pipeline.js';

describe('copyOut', () => {
  it('round-trips tabs, newlines, backslashes, control characters, emoji and NULL, in the store and in a transaction', async () => {
    const p = await openTestPipeline();
    try {
      const values = ['plain', 'tab\there', 'new\nline\r\n', 'back\\slash \\N', '\u0001\u001f\u007f', '🚀 مرحبا ‮', ''];
      const literal = `SELECT ord, v FROM unnest(ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}, NULL]::text[]) WITH ORDINALITY AS u(v, ord)`;
      const read = async (sql: { copyOut(s: string): AsyncIterable<(string | null)[][]> }) => {
        const out: (string | null)[][] = [];
        for await (const page of sql.copyOut(literal)) out.push(...page);
        return out;
      };
      const expected = [...values, null].map((v, i) => [String(i + 1), v]);
      assert.deepEqual(await read(p.store), expected);
      assert.deepEqual(await p.store.transaction((tx) => read(tx)), expected);
    } finally {
      await p.close();
    }
  });
});
