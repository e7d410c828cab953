// Percent-decoding that never throws: a query value with a broken escape keeps that escape verbatim.

const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g;
const PLUS = /\+/g;

function utf8Length(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 1; // a continuation or invalid byte: it cannot start a character
}

/** A run of `%XX` escapes with at least one bad sequence: decode character by character, keep bad bytes as written. */
function decodeRun(run: string): string {
  let out = '';
  for (let i = 0; i < run.length;) {
    const n = utf8Length(parseInt(run.slice(i + 1, i + 3), 16));
    const seq = run.slice(i, i + 3 * n);
    let decoded: string | null = null;
    if (seq.length === 3 * n) {
      try { decoded = decodeURIComponent(seq); } catch { decoded = null; }
    }
    if (decoded === null) { out += run.slice(i, i + 3); i += 3; } else { out += decoded; i += 3 * n; }
  }
  return out;
}

/** Decodes one `application/x-www-form-urlencoded` component (`+` is a space), tolerating malformed escapes. */
export function decodeQueryComponent(raw: string): string {
  const s = raw.indexOf('+') === -1 ? raw : raw.replace(PLUS, ' ');
  if (s.indexOf('%') === -1) return s;
  let decoded: string;
  try {
    decoded = decodeURIComponent(s);
  } catch {
    // Decode what is valid so one bad byte does not spoil the rest of the value.
    decoded = s.replace(ESCAPE_RUN, decodeRun);
  }
  // `%00` decodes to NUL, which no text column (and no JSON in PostgreSQL) can hold: it carries no meaning in a
  // campaign value, so it is dropped rather than failing the whole touchpoint.
  return decoded.indexOf('\u0000') === -1 ? decoded : decoded.replace(NUL, '');
}

const NUL = /\u0000/g;
