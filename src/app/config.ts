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
  // Downstream destinations (CONTRACT section 8): a destination is on when its credentials are set.
  HUBSPOT_ACCESS_TOKEN: z.string().min(1).optional(),
  HUBSPOT_API_URL: z.url().optional(),
  GOOGLE_ADS_DEVELOPER_TOKEN: z.string().min(1).optional(),
  GOOGLE_ADS_CUSTOMER_ID: z.string().regex(/^\d{3}-?\d{3}-?\d{4}$/, 'a 10-digit customer id').optional(),
  GOOGLE_ADS_CONVERSION_ACTION: z.string().min(1).optional(),
  GOOGLE_ADS_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_ADS_CLIENT_SECRET: z.string().min(1).optional(),
  GOOGLE_ADS_REFRESH_TOKEN: z.string().min(1).optional(),
  GOOGLE_ADS_LOGIN_CUSTOMER_ID: z.string().regex(/^\d{3}-?\d{3}-?\d{4}$/, 'a 10-digit customer id').optional(),
  GOOGLE_ADS_API_URL: z.url().optional(),
  GOOGLE_OAUTH_TOKEN_URL: z.url().optional(),
  META_PIXEL_ID: z.string().min(1).optional(),
  META_ACCESS_TOKEN: z.string().min(1).optional(),
  META_API_URL: z.url().optional(),
  MSADS_DEVELOPER_TOKEN: z.string().min(1).optional(),
  MSADS_ACCESS_TOKEN: z.string().min(1).optional(),
  MSADS_CUSTOMER_ID: z.string().min(1).optional(),
  MSADS_ACCOUNT_ID: z.string().min(1).optional(),
  MSADS_CONVERSION_NAME: z.string().min(1).optional(),
  MSADS_API_URL: z.url().optional(),
  LINKEDIN_ACCESS_TOKEN: z.string().min(1).optional(),
  LINKEDIN_CONVERSION_URN: z.string().regex(/^urn:lla:llaPartnerConversion:\d+$/, 'urn:lla:llaPartnerConversion:<id>').optional(),
  LINKEDIN_API_URL: z.url().optional(),
  TRIBUTARY_DRY_RUN: bool.optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  /** Embedded store directory; null keeps everything in memory (tests). */
  dataDir: string | null;
  ownDomains: string[];
  anonymiseIp: boolean;
  maxHops: number;
  windowDays: number;
  geo: { enabled: boolean; ipv4Path?: string; ipv6Path?: string };
  logLevel: string;
  /** The destination variables as parsed (credentials and address overrides); each destination reads its own. */
  destinations: Env;
  /** Record what would be sent to the destinations without sending it. */
  dryRun: boolean;
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
    destinations: e,
    dryRun: e.TRIBUTARY_DRY_RUN ?? false,
    ...overrides,
  };
}
