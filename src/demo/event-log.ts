// Where the journeys write their events: raw objects exactly as a producer sends them (CONTRACT section 1), kept
// beside their event time so the history can be put in time order without parsing `ts` back.

/** `ts` as producers send it: ISO-8601 in UTC, or epoch milliseconds. */
export type RawTs = string | number;

/** One input event, JSON-serialisable. Optional fields are absent, never null. */
export interface RawEvent {
  type: string;
  event_id: string;
  ts: RawTs;
  [field: string]: unknown;
}

export class EventLog {
  readonly events: RawEvent[] = [];
  /** Event time of `events[i]`, in epoch milliseconds. */
  readonly times: number[] = [];

  /**
   * Adds an event whose `event_id` is filled in later, once the whole history is in time order. Times are whole
   * milliseconds: `ts` given as a number is floored like the ISO form (which Date truncates).
   */
  add(t: number, event: RawEvent): void {
    if (typeof event.ts === 'number') event.ts = Math.floor(event.ts);
    this.events.push(event);
    this.times.push(Math.floor(t));
  }
}

/** Concatenates into one flat string (a template literal leaves a V8 cons string: more memory per event). */
export function flat(...parts: (string | number)[]): string {
  return parts.join('');
}

export function isoTime(t: number): string {
  return new Date(t).toISOString();
}
