// A deployment's own domains: referrers on them (or on their subdomains) are internal navigation, not referrals.
import { parseHost, withoutWww } from './host.js';

/**
 * Normalises configured own domains once: `https://www.Example.com/`, `*.example.com` and `.example.com` all become
 * `example.com`. Entries that hold no host are dropped.
 */
export function normaliseOwnDomains(domains: readonly string[]): readonly string[] {
  // Fast path for resolveCampaign's per-call options: an already normal list is returned as is.
  if (domains.every(isNormal)) return domains;
  const out: string[] = [];
  for (const d of domains) {
    if (typeof d !== 'string') continue;
    let s = d.trim();
    if (s.startsWith('*.')) s = s.slice(2);
    else if (s.startsWith('.')) s = s.slice(1);
    const parsed = parseHost(s.indexOf('://') === -1 ? `//${s}` : s);
    if (parsed !== null && !out.includes(withoutWww(parsed.host))) out.push(withoutWww(parsed.host));
  }
  return out;
}

const NORMAL = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/;
function isNormal(d: unknown): boolean {
  return typeof d === 'string' && NORMAL.test(d) && !d.startsWith('www.');
}

/** True when `host` is one of `ownDomains` (normalised) or a subdomain of one. */
export function isOwnHost(host: string, ownDomains: readonly string[]): boolean {
  for (const d of ownDomains) {
    if (host === d || (host.length > d.length && host.endsWith(d) && host.charCodeAt(host.length - d.length - 1) === 46)) {
      return true;
    }
  }
  return false;
}
