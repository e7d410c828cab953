// The one entry point for untrusted input: whatever arrives (collector, JSON Lines, broker), it leaves as a
// validated TributaryEvent or as one human-readable reason, `<field>: <problem>`. It never throws.
import type { $ZodIssue } from 'zod/v4/core';
import type { TributaryEvent, ValidationResult } from './types.js';
import { deepFreeze } from '../deep-freeze.js';
import { formatPath } from './describe.js';
import { isValidEventId } from './fields.js';
import { eventSchema } from './schemas.js';

function reasonFor(issue: $ZodIssue | undefined): string {
  if (issue === undefined) return 'event: invalid';
  return `${formatPath(issue.path) || 'event'}: ${issue.message}`;
}

/** The raw `event_id`, when it is one, so a rejection can still be traced to its event. */
function rawEventId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const id: unknown = (raw as { event_id?: unknown }).event_id;
  return isValidEventId(id) ? id : null;
}

// The events this process has validated. Each is frozen (deeply), so whoever holds one can trust it as it is: the
// embedded bus hands it to every queue without a copy, and validating it again returns it.
const validated = new WeakSet<object>();

/** An event `validateEvent` returned, unchanged since (it cannot change: it is frozen). */
export const isValidatedEvent = (value: unknown): value is TributaryEvent =>
  typeof value === 'object' && value !== null && validated.has(value);

/** Validates and normalises one event (CONTRACT section 1). The event returned is frozen. */
export function validateEvent(raw: unknown): ValidationResult {
  if (isValidatedEvent(raw)) return { ok: true, event: raw };
  try {
    const parsed = eventSchema.safeParse(raw);
    if (parsed.success) {
      const event = deepFreeze(parsed.data);
      validated.add(event);
      return { ok: true, event };
    }
    return { ok: false, reason: reasonFor(parsed.error.issues[0]), event_id: rawEventId(raw) };
  } catch (error) {
    // Only hostile objects get here (a throwing getter, a revoked Proxy): JSON input cannot.
    let event_id: string | null = null;
    try { event_id = rawEventId(raw); } catch { /* the same hostile object */ }
    return { ok: false, reason: `event: could not be read (${errorMessage(error)})`, event_id };
  }
}

function errorMessage(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unknown error';
  }
}

/**
 * One line of JSON Lines input. A blank line is rejected too (`invalid JSON: empty line`); a reader that wants to
 * skip blank lines does so before calling. A leading byte-order mark is ignored.
 */
export function parseEventLine(line: string): ValidationResult {
  const text = line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
  if (text.trim() === '') return { ok: false, reason: 'invalid JSON: empty line', event_id: null };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${errorMessage(error)}`, event_id: null };
  }
  return validateEvent(raw);
}
