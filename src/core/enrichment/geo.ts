// The geo port: where an IP address is. The real adapter reads an mmdb file (src/adapters/geo/mmdb-geo.ts); the
// core only sees this interface, so tests can pass a plain object.

export interface GeoInfo {
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null;
  /** First-level subdivision (state, province, region) as the database names it. */
  region: string | null;
  city: string | null;
}

export interface GeoLookup {
  /** Null when the address is unknown, not public or not an address at all. Never throws. */
  lookup(ip: string): GeoInfo | null;
}

export const NO_GEO: Readonly<GeoInfo> = Object.freeze({ country: null, region: null, city: null });
