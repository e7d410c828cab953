// PostgreSQL's COPY text format, read (https://www.postgresql.org/docs/current/sql-copy.html, "Text Format"): one
// row a line, columns separated by tabs, \N for NULL, and backslash escapes for the characters that would break the
// framing. Both stores stream whole-table reads this way: several times faster than rows through the query protocol.
import type { CopyRow } from '../ports/sql.js';

const ESCAPE = /\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))/g;
const NAMED: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

function field(text: string): string | null {
  if (text === '\\N') return null;
  if (!text.includes('\\')) return text;
  return text.replace(ESCAPE, (_, octal?: string, hex?: string, other?: string) =>
    octal !== undefined ? String.fromCharCode(Number.parseInt(octal, 8))
      : hex !== undefined ? String.fromCharCode(Number.parseInt(hex, 16))
        : NAMED[other!] ?? other!);
}

/** Complete rows out of text chunks that may end anywhere, a line or a character split between two of them. */
export async function* copyRows(chunks: AsyncIterable<string>): AsyncGenerator<CopyRow[]> {
  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + chunk;
    const end = text.lastIndexOf('\n');
    if (end < 0) { rest = text; continue; }
    rest = text.slice(end + 1);
    yield text.slice(0, end).split('\n').map((line) => line.split('\t').map(field));
  }
  if (rest !== '') yield [rest.split('\t').map(field)];
}
