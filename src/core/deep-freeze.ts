// Values that several consumers share (a message's payload, the event validated from it) are frozen, so that none
// can change what the others see: a handler that tried would throw (modules run in strict mode).

/** Freezes `value` and everything it holds; returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
