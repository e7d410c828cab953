// Visit enrichment: device from the user agent, place from the IP, and the IP as it may be stored.
import { NO_GEO, type GeoInfo, type GeoLookup } from './geo.js';
import { anonymiseParsedIp, formatIp, isPublicIp, parseIp } from './ip.js';
import type { DeviceInfo, ParseUserAgent } from './user-agent.js';

export interface VisitEnrichmentInput {
  userAgent: string | null;
  ip: string | null;
  /** Store (and locate) only the anonymised address: IPv4 /24, IPv6 /48. */
  anonymiseIp: boolean;
}

export interface VisitEnrichmentDeps {
  parseUserAgent: ParseUserAgent;
  /** Null when no geo database is configured: country, region and city stay null. */
  geo: GeoLookup | null;
}

export interface VisitEnrichment extends DeviceInfo, GeoInfo {
  /** Canonical text of the address as stored (anonymised when asked); null when absent or not an IP address. */
  ip: string | null;
}

export function enrichVisit(input: VisitEnrichmentInput, deps: VisitEnrichmentDeps): VisitEnrichment {
  const device = deps.parseUserAgent(input.userAgent);
  const parsed = input.ip === null ? null : parseIp(input.ip);
  // Anonymise before the lookup, not after: with anonymisation on, the full address never reaches the geo
  // adapter either, and the stored location is the one the stored address gives.
  const stored = parsed && input.anonymiseIp ? anonymiseParsedIp(parsed) : parsed;
  const ip = stored ? formatIp(stored) : null;
  // Private and loopback addresses get no location, whatever a database might say about them.
  const geo = deps.geo && stored && ip !== null && isPublicIp(stored) ? deps.geo.lookup(ip) ?? NO_GEO : NO_GEO;
  return {
    ...device,
    country: geo.country,
    region: geo.region,
    city: geo.city,
    ip,
  };
}
