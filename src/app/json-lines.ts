// The lines of a JSON Lines input, read as bytes and decoded one line at a time, so that a line that is not valid
// UTF-8 can be rejected with that reason instead of being read with U+FFFD in place of its bad bytes (which would
// accept an altered UTM value or identifier as if it had been sent). Lines end at \n; a \r before it is dropped.
import type { Readable } from 'node:stream';

export interface Line { text: string; utf8: boolean }

const NEWLINE = 0x0a;
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

function decode(bytes: Buffer): Line {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
  const line = bytes.subarray(0, end);
  try {
    return { text: strict.decode(line), utf8: true };
  } catch {
    return { text: lenient.decode(line), utf8: false };
  }
}

export async function* readLines(input: Readable): AsyncGenerator<Line> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of input) {
    const bytes: Buffer = rest.length > 0 ? Buffer.concat([rest, toBuffer(chunk)]) : toBuffer(chunk);
    let start = 0;
    for (let nl = bytes.indexOf(NEWLINE, start); nl !== -1; nl = bytes.indexOf(NEWLINE, start)) {
      yield decode(bytes.subarray(start, nl));
      start = nl + 1;
    }
    rest = bytes.subarray(start);
  }
  if (rest.length > 0) yield decode(rest);
}

function toBuffer(chunk: unknown): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
}
