// Emails are identities (CONTRACT section 1): one person must always give the same string, so they are trimmed and
// lower-cased, then checked. The check is deliberately RFC 5322-ish, not the full grammar: a dot-atom local part
// (no quoted strings, no comments), a domain name of at least two labels (no IP literals), no whitespace anywhere.
// Internationalised addresses (RFC 6531) are accepted: non-ASCII letters may appear in both parts.

export const MAX_EMAIL_LENGTH = 254; // RFC 5321's path limit, less the angle brackets
export const MAX_EMAIL_LOCAL_LENGTH = 64;

// `u` mode: a character class is over code points, so the ranges below exclude lone surrogates (which cannot be
// stored as UTF-8) while a surrogate pair — an emoji, say — is one code point above U+FFFF and allowed.
const NON_ASCII = '\\u{a1}-\\u{d7ff}\\u{e000}-\\u{10ffff}';
const ATEXT = `[a-z0-9!#$%&'*+/=?^_\`{|}~${NON_ASCII}-]+`;
const LOCAL_PART = new RegExp(`^${ATEXT}(?:\\.${ATEXT})*$`, 'u');
const LABEL_CHAR = `a-z0-9${NON_ASCII}`;
const LABEL = `[${LABEL_CHAR}](?:[${LABEL_CHAR}-]{0,61}[${LABEL_CHAR}])?`;
// The last label (the TLD) is not all digits: `a@1.2.3.4` is an IP address, not a domain.
const DOMAIN = new RegExp(`^(?:${LABEL}\\.)+(?!\\d+$)${LABEL}$`, 'u');
// Unicode spaces (U+2028, U+3000, ...) sit inside the non-ASCII ranges, so they are refused separately.
const WHITESPACE = /\s/u;

/** The normalised form of an email address (trimmed, lower-cased), or null when it is not a valid address. */
export function normaliseEmail(s: string): string | null {
  if (typeof s !== 'string') return null;
  const email = s.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH) return null;
  const at = email.indexOf('@');
  if (at <= 0 || at > MAX_EMAIL_LOCAL_LENGTH || at !== email.lastIndexOf('@')) return null;
  if (!LOCAL_PART.test(email.slice(0, at)) || !DOMAIN.test(email.slice(at + 1)) || WHITESPACE.test(email)) {
    return null;
  }
  return email;
}
