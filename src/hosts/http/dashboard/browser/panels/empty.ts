// Empty states that say what to do, not just that there is nothing.
import { ENTITY_LABELS } from '../labels.js';
import type { View } from '../view.js';

export function noConversions(view: View): string {
  const who = ENTITY_LABELS[view.entity].toLowerCase();
  if (view.from !== null || view.to !== null) return `No conversions of ${who} in this range: widen the dates, or clear them to see everything.`;
  return `No ${who} have converted yet: send events to POST /v1/events or run \`tributary ingest FILE\` (\`npm start\` loads a demo history).`;
}
