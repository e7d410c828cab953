// Host extraction for page URLs and referrers, by hand: faster than `new URL` on the hot path and tolerant of
// what browsers, SDKs and CRMs actually send (no scheme, userinfo, ports, trailing dots, upper case).

// Letters of any script are allowed: a referrer may carry an IDN host unconverted.
const VALID_HOST = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_.-]*[\p{L}\p{N}_])?$/u;
const IPV6 = /^\[[0-9a-f:.]+\]$/;

export interface ParsedHost {
  /** Lower-cased host without port or trailing dot, e.g. `www.google.co.uk`. */
  host: string;
  /** The scheme, lower-cased, without `://` (`https`, `android-app`), or '' when the input had none. */
  scheme: string;
}

/**
 * The host of an absolute URL (`https://h/...`, `//h/...`) or of a bare `host/path`. Returns null for anything else:
 * empty strings, relative paths, `about:blank`, hosts with characters DNS names cannot hold.
 */
export function parseHost(url: string | null): ParsedHost | null {
  if (url === null) return null;
  const s = url.trim();
  if (s === '') return null;

  let scheme = '';
  let from: number;
  const sep = s.indexOf('://');
  if (sep > 0 && sep < 32) {
    scheme = s.slice(0, sep).toLowerCase();
    from = sep + 3;
  } else if (s.startsWith('//')) {
    from = 2;
  } else if (s.indexOf(':') === -1 || /^[^/?#]+:\d+(?:[/?#]|$)/.test(s)) {
    from = 0; // bare `host/path` or `host:port/path`
  } else {
    return null; // `about:blank`, `mailto:x`, `javascript:...`
  }

  let to = s.length;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */ || c === 92 /* \ */) { to = i; break; }
  }
  let authority = s.slice(from, to);
  const at = authority.lastIndexOf('@');
  if (at !== -1) authority = authority.slice(at + 1);

  let host: string;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    host = close === -1 ? '' : authority.slice(0, close + 1).toLowerCase();
    return IPV6.test(host) ? { host, scheme } : null;
  }
  const colon = authority.indexOf(':');
  host = (colon === -1 ? authority : authority.slice(0, colon)).toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (from === 0 && colon === -1 && host.indexOf('.') === -1) return null; // a bare word is a path, not a host
  return VALID_HOST.test(host) ? { host, scheme } : null;
}

/** `host` without one leading `www.`. */
export function withoutWww(host: string): string {
  return host.startsWith('www.') ? host.slice(4) : host;
}
