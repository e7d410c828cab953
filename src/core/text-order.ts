// One ordering of strings for everything that sorts keys: by UTF-16 code units, as JavaScript's `<` compares. It
// is independent of locale, so the same keys sort the same on every machine (lock order, tie-breaks, exports).
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
