// Configuration, parsed once at start from the environment and the command line. A bad value stops start-up with a
// message that names it.
import { z } from 'zod';

const csv = z.string().transform((s) => s.split(',').map((v) => v.trim()).filter((v) => v.length > 0));
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const positiveInt = z.coerce.number().int().positive();

const EnvSchema = z.object({
  TRIBUTARY_DATA_DIR: z.string().min(1).optional(),
  TRIBUTARY_OWN_DOMAINS: csv.optional(),
  TRIBUTARY_ANONYMISE_IP: bool.optional(),
  TRIBUTARY_MAX_HOPS: positiveInt.max(20).optional(),
  TRIBUTARY_WINDOW_DAYS: positiveInt.max(3650).optional(),
  TRIBUTARY_GEOIP_V4: z.string().min(1).optional(),
  TRIBUTARY_GEOIP_V6: z.string().min(1).optional(),
  TRIBUTARY_GEOIP: z.enum(['on', 'off']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
});

export interface Config {
  /** Embedded store directory; null keeps everything in memory (tests). */
  dataDir: string | null;
  ownDomains: string[];
  anonymiseIp: boolean;
  maxHops: number;
  windowDays: number;
  geo: { enabled: boolean; ipv4Path?: string; ipv6Path?: string };
  logLevel: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    dataDir: e.TRIBUTARY_DATA_DIR ?? './data',
    ownDomains: e.TRIBUTARY_OWN_DOMAINS ?? [],
    anonymiseIp: e.TRIBUTARY_ANONYMISE_IP ?? false,
    maxHops: e.TRIBUTARY_MAX_HOPS ?? 5,
    windowDays: e.TRIBUTARY_WINDOW_DAYS ?? 28,
    geo: { enabled: e.TRIBUTARY_GEOIP !== 'off', ...(e.TRIBUTARY_GEOIP_V4 && { ipv4Path: e.TRIBUTARY_GEOIP_V4 }), ...(e.TRIBUTARY_GEOIP_V6 && { ipv6Path: e.TRIBUTARY_GEOIP_V6 }) },
    logLevel: e.LOG_LEVEL ?? 'info',
    ...overrides,
  };
}
