// `from` (inclusive) / `to` (exclusive) on conversion time, as the commands and reports take them (CONTRACT sections
// 9 and 10): ISO dates in UTC (2026-03-01), or full ISO-8601 times with an offset.
import type { TimeRange } from '../store/bi/paths.js';
import { InputError } from './input-error.js';

export class TimeRangeError extends InputError {}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function parseBound(name: string, text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  const ms = DATE.test(text) ? Date.parse(`${text}T00:00:00Z`) : DATE_TIME.test(text) ? Date.parse(text) : Number.NaN;
  // Date.parse rolls 2026-02-30 over to March: a date must read back as itself.
  if (Number.isNaN(ms) || (DATE.test(text) && new Date(ms).toISOString().slice(0, 10) !== text)) {
    throw new TimeRangeError(`${name}: "${text}" is not a date; use YYYY-MM-DD (UTC) or an ISO-8601 time with an offset`);
  }
  return ms;
}

export function parseTimeRange(from: string | undefined, to: string | undefined, names = { from: 'from', to: 'to' }): TimeRange {
  const range = { from: parseBound(names.from, from), to: parseBound(names.to, to) };
  if (range.from !== null && range.to !== null && range.from >= range.to) {
    throw new TimeRangeError(`${names.from} (${from}) must be before ${names.to} (${to}): ${names.to} is exclusive`);
  }
  return range;
}
