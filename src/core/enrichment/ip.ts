// IP address parsing, canonical form, anonymisation and the "is this address routable on the internet" rule.
// Pure: written out by hand rather than with `node:net` so the core stays free of Node built-ins, and strict so
// that whatever a client put in an `ip` field (an email, a header list, a hostile string) is never stored as one.

export type ParsedIp =
  | { readonly version: 4; readonly bytes: Uint8Array }
  | { readonly version: 6; readonly bytes: Uint8Array };

/** Longer than any textual IPv6 address with an embedded IPv4 tail and a zone id: refused without parsing. */
const MAX_IP_TEXT_LENGTH = 64;

/**
 * Parses a textual IPv4 (dotted decimal, no leading zeros) or IPv6 (RFC 4291, with `::` and an optional embedded
 * IPv4 tail) address. Surrounding whitespace is ignored; an IPv6 zone id (`%eth0`) is dropped. An IPv4-mapped IPv6
 * address (`::ffff:1.2.3.4`, what a dual-stack Node socket reports for an IPv4 client) is returned as IPv4, so it
 * is anonymised, stored and located as the IPv4 address it is. Anything else returns null.
 */
export function parseIp(text: string): ParsedIp | null {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_IP_TEXT_LENGTH) return null;
  if (!trimmed.includes(':')) {
    const bytes = parseIpv4Bytes(trimmed);
    return bytes ? { version: 4, bytes } : null;
  }
  const zone = trimmed.indexOf('%');
  const bytes = parseIpv6Bytes(zone === -1 ? trimmed : trimmed.slice(0, zone));
  if (!bytes) return null;
  if (isIpv4Mapped(bytes)) return { version: 4, bytes: bytes.slice(12) };
  return { version: 6, bytes };
}

/** Dotted decimal for IPv4; RFC 5952 for IPv6 (lower case, the longest run of two or more zero groups as `::`). */
export function formatIp(ip: ParsedIp): string {
  if (ip.version === 4) return Array.from(ip.bytes).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip.bytes[i] ?? 0) << 8) | (ip.bytes[i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
    i = j;
  }
  const hex = (g: number[]): string => g.map((n) => n.toString(16)).join(':');
  if (bestLength < 2) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/** The canonical text of an address (see formatIp), or null when the text is not an IP address. */
export function normaliseIp(text: string): string | null {
  const ip = parseIp(text);
  return ip ? formatIp(ip) : null;
}

/**
 * Anonymises as Google Analytics does: IPv4 keeps its first 24 bits (`203.0.113.77` → `203.0.113.0`), IPv6 its
 * first 48 (`2001:db8:85a3:8d3:1319:8a2e:370:7348` → `2001:db8:85a3::`). Returns the canonical text, or null when
 * the text is not an IP address — an unparseable value is never passed through, since it could be anything.
 */
export function anonymiseIp(text: string): string | null {
  const ip = parseIp(text);
  return ip ? formatIp(anonymiseParsedIp(ip)) : null;
}

export function anonymiseParsedIp(ip: ParsedIp): ParsedIp {
  const keep = ip.version === 4 ? 3 : 6;
  const bytes = new Uint8Array(ip.bytes.length);
  bytes.set(ip.bytes.subarray(0, keep));
  return ip.version === 4 ? { version: 4, bytes } : { version: 6, bytes };
}

/**
 * True when the address is globally routable, so a geo lookup means something: false for private, loopback,
 * link-local, CGNAT, documentation, benchmarking, multicast and reserved ranges (RFC 6890 and its IPv6 registry),
 * and for IPv6 outside global unicast (2000::/3). Accepts text (false when it does not parse) or a parsed address.
 */
export function isPublicIp(ip: string | ParsedIp): boolean {
  const parsed = typeof ip === 'string' ? parseIp(ip) : ip;
  if (!parsed) return false;
  const b = parsed.bytes;
  const b0 = b[0] ?? 0;
  const b1 = b[1] ?? 0;
  const b2 = b[2] ?? 0;
  if (parsed.version === 4) {
    // 0/8 this network, 10/8 private, 127/8 loopback, 224/4 multicast, 240/4 reserved and broadcast.
    if (b0 === 0 || b0 === 10 || b0 === 127 || b0 >= 224) return false;
    if (b0 === 100 && (b1 & 0xc0) === 64) return false; // 100.64.0.0/10 carrier-grade NAT
    if (b0 === 169 && b1 === 254) return false; // link-local
    if (b0 === 172 && (b1 & 0xf0) === 16) return false; // 172.16.0.0/12
    if (b0 === 192 && b1 === 168) return false;
    if (b0 === 192 && b1 === 0 && (b2 === 0 || b2 === 2)) return false; // IETF protocol assignments, TEST-NET-1
    if (b0 === 198 && (b1 & 0xfe) === 18) return false; // 198.18.0.0/15 benchmarking
    if (b0 === 198 && b1 === 51 && b2 === 100) return false; // TEST-NET-2
    if (b0 === 203 && b1 === 0 && b2 === 113) return false; // TEST-NET-3
    return true;
  }
  if ((b0 & 0xe0) !== 0x20) return false; // not 2000::/3 global unicast: ::1, ::, fc00::/7, fe80::/10, ff00::/8, ...
  if (b0 === 0x20 && b1 === 0x01 && b2 === 0x0d && b[3] === 0xb8) return false; // 2001:db8::/32 documentation
  if (b0 === 0x3f && b1 === 0xff && ((b2 & 0xf0) === 0)) return false; // 3fff::/20 documentation (RFC 9637)
  return true;
}

function parseIpv4Bytes(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] ?? '';
    // No leading zeros: `010` is octal to some parsers and decimal to others, so it is refused.
    if (!/^(?:0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes[i] = value;
  }
  return bytes;
}

function parseIpv6Bytes(text: string): Uint8Array | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  // An embedded IPv4 is only allowed at the very end of the address.
  const head = parseIpv6Groups(halves[0] ?? '', halves.length === 1);
  const tail = halves.length === 2 ? parseIpv6Groups(halves[1] ?? '', true) : [];
  if (!head || !tail) return null;
  const present = head.length + tail.length;
  if (halves.length === 2 ? present > 7 : present !== 8) return null;
  const groups = [...head, ...new Array<number>(8 - present).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => { bytes[i * 2] = g >> 8; bytes[i * 2 + 1] = g & 0xff; });
  return bytes;
}

/** The 16-bit groups of one side of `::`; a trailing dotted IPv4 counts as two groups. */
function parseIpv6Groups(text: string, allowIpv4Tail: boolean): number[] | null {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (allowIpv4Tail && i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4Bytes(part);
      if (!v4) return null;
      groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      continue;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return null;
    groups.push(parseInt(part, 16));
  }
  return groups;
}

function isIpv4Mapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}
