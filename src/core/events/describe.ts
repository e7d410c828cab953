// How rejection reasons show what was received: short, bounded in length, and unambiguous.

const MAX_QUOTED = 64;

/** `null`, `array` or the `typeof` of a value, for "must be X (got Y)". */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A string value as JSON, cut to 64 characters so a huge input never makes a huge reason. */
export function quote(value: string): string {
  return value.length > MAX_QUOTED ? `${JSON.stringify(value.slice(0, MAX_QUOTED))}…` : JSON.stringify(value);
}

const PLAIN_KEY = /^[A-Za-z_$][\w$]{0,63}$/;

/** `consent.ads`, `properties.items[2]`, `fields["first name"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${quote(String(segment))}]`;
  }
  return out;
}
