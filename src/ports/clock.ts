import type { Millis } from '../core/types.js';

/** Time as the workers see it: the wall clock in `start`, event time during `ingest`. */
export interface Clock {
  now(): Millis;
}

export const wallClock: Clock = { now: () => Date.now() };

/** A clock that only moves forward when told to; `ingest` advances it to the latest event time seen. */
export class ManualClock implements Clock {
  constructor(private current: Millis = 0) {}
  now(): Millis {
    return this.current;
  }
  advanceTo(t: Millis): void {
    if (t > this.current) this.current = t;
  }
}
