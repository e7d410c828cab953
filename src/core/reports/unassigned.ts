// Why GA4's channel table put a (source, medium) pair into `unassigned`: what the quality report tells a marketer
// to fix in the tagging. Only pairs that did end up unassigned are passed here.

export function unassignedReason(source: string, medium: string): string {
  if (medium === '(not set)' || medium === '(none)' || medium === '') {
    return `no utm_medium: a source that is not a known search, social, shopping or video site needs a medium (cpc, email, social, referral, affiliate...) to get a channel`;
  }
  return `medium "${medium}" matches no channel rule and source "${source}" is not a known search, social, shopping or video site: use a standard medium (cpc, display, email, social, referral, affiliate...)`;
}
