// What the ad platforms accept instead of an email: SHA-256 of the normalised address, lower-case hex. No email
// leaves the system any other way.
import { createHash } from 'node:crypto';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Trimmed and lower-cased, then hashed (Meta, Microsoft and LinkedIn ask for exactly this). */
export function hashEmail(email: string): string {
  return sha256Hex(email.trim().toLowerCase());
}

const GOOGLE_MAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * Google's normalisation, before hashing: lower-cased, whitespace removed (leading, trailing and intermediate), and
 * for gmail.com / googlemail.com addresses the dots of the local part dropped, as is a "+" and what follows it.
 * Other domains keep their dots and "+". https://developers.google.com/data-manager/api/devguides/concepts/formatting
 * (Google's own formatter does the same: googleads/data-manager-node, util/src/formatter.ts).
 */
export function googleEmail(email: string): string {
  const address = email.replace(/\s+/g, '').toLowerCase();
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  const [local, domain] = [address.slice(0, at), address.slice(at + 1)];
  if (!GOOGLE_MAIL_DOMAINS.has(domain)) return address;
  return `${local.split('+')[0]!.replace(/\./g, '')}@${domain}`;
}

/** The email as Google's user identifiers take it: googleEmail, SHA-256, hex. */
export const hashGoogleEmail = (email: string): string => sha256Hex(googleEmail(email));
