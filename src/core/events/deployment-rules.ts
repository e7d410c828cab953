// Rules that depend on how this deployment is configured rather than on the event alone (CONTRACT section 10): a
// deployment keeps its costs in one currency, so spend in another cannot be added up and is rejected with a reason
// instead of being converted at some rate nobody chose.
import type { TributaryEvent } from './types.js';

export interface DeploymentRules {
  /** ISO 4217 code of every ad_spend cost (TRIBUTARY_CURRENCY). */
  currency: string;
}

export const DEFAULT_CURRENCY = 'USD';

/** Why this valid event cannot be accepted here, or null when it can. */
export function deploymentRuleBroken(event: TributaryEvent, rules: DeploymentRules): string | null {
  if (event.type === 'ad_spend' && event.currency !== rules.currency) {
    return `currency: ${event.currency} is not this deployment's currency (${rules.currency}, TRIBUTARY_CURRENCY); convert the cost to ${rules.currency} before sending it`;
  }
  return null;
}
