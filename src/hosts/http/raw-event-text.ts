// The text kept beside a rejected event in bi.rejected_events, for an event that arrived inside a parsed body (the
// collector): its JSON again. JSON.parse takes any depth, but JSON.stringify recurses and overflows the stack on
// input nested some thousands of levels deep; such an event is still rejected with its reason, and what is kept says
// why its text is not.
export function rawEventText(raw: unknown): string {
  try {
    return JSON.stringify(raw) ?? 'null';
  } catch (error) {
    return `(not kept: ${error instanceof RangeError ? 'nested too deeply to write back as JSON' : (error as Error).message})`;
  }
}
