// What the ad platforms accept instead of an email: SHA-256 of the normalised address, lower-case hex. No email
// leaves the system any other way.
import { createHash } from 'node:crypto';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Trimmed and lower-cased, then hashed (Google, Meta, Microsoft and LinkedIn all ask for exactly this). */
export function hashEmail(email: string): string {
  return sha256Hex(email.trim().toLowerCase());
}
