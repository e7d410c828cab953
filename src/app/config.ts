// Configuration, parsed once at start from the environment and the command line. A bad value stops start-up with a
// message that names it.
import { z } from 'zod';
import { DEFAULT_HALF_LIFE_DAYS } from '../core/attribution/weights.js';
import { DEFAULT_CURRENCY } from '../core/events/deployment-rules.js';
import { collectorConfig, originsVar, privateKeysVar, secretKeysVar, trustProxyVar, writeKeysVar, type CollectorConfig } from './collector-config.js';

const csv = z.string().transform((s) => s.split(',').map((v) => v.trim()).filter((v) => v.length > 0));
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const positiveInt = z.coerce.number().int().positive();

const EnvSchema = z.object({
  TRIBUTARY_DATA_DIR: z.string().min(1).optional(),
  TRIBUTARY_OWN_DOMAINS: csv.optional(),
  TRIBUTARY_ANONYMISE_IP: bool.optional(),
  TRIBUTARY_MAX_HOPS: positiveInt.max(20).optional(),
  TRIBUTARY_WINDOW_DAYS: positiveInt.max(3650).optional(),
  TRIBUTARY_HALF_LIFE_DAYS: z.coerce.number().positive().max(3650).optional(),
  TRIBUTARY_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR').optional(),
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
  // Google (v2, CONTRACT section 8): the Data Manager API unless the Google Ads API is asked for; an optional value.
  GOOGLE_ADS_UPLOAD_API: z.enum(['data_manager', 'google_ads']).optional(),
  GOOGLE_DATA_MANAGER_API_URL: z.url().optional(),
  GOOGLE_ADS_CONVERSION_VALUE: z.coerce.number().nonnegative().optional(),
  GOOGLE_ADS_CONVERSION_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR').optional(),
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
  // Production backends (CONTRACT section 5): set both to run on PostgreSQL and RabbitMQ.
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL').optional(),
  BROKER_URL: z.string().regex(/^amqps?:\/\//, 'an amqp:// URL').optional(),
  BROKER_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'letters, digits, _ . -').optional(),
  BROKER_QUORUM_QUEUES: bool.optional(),
  BROKER_PREFETCH: positiveInt.max(10_000).optional(),
  BROKER_MAX_ATTEMPTS: positiveInt.max(100).optional(),
  BROKER_BATCH_SIZE: positiveInt.max(10_000).optional(),
  BROKER_BATCH_LINGER_MS: z.coerce.number().int().min(0).max(10_000).optional(),
  TRIBUTARY_PG_POOL: positiveInt.max(200).optional(),
  TRIBUTARY_INGEST_DELIVERY_WAIT_S: z.coerce.number().int().min(0).max(86_400).optional(),
  // The collector on the open internet (CONTRACT sections 6 and 7; see collector-config.ts).
  TRIBUTARY_WRITE_KEYS: writeKeysVar.optional(),
  TRIBUTARY_SECRET_KEYS: secretKeysVar.optional(),
  TRIBUTARY_ALLOWED_ORIGINS: originsVar.optional(),
  TRIBUTARY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).optional(),
  TRIBUTARY_RATE_LIMIT_BURST: positiveInt.max(100_000).optional(),
  TRIBUTARY_TRUST_PROXY: trustProxyVar.optional(),
  // Reports, the dashboard and the attribution endpoints (CONTRACT section 10).
  TRIBUTARY_READ_KEYS: privateKeysVar('read key').optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  /** Embedded store directory; null keeps everything in memory (tests). */
  dataDir: string | null;
  ownDomains: string[];
  anonymiseIp: boolean;
  maxHops: number;
  windowDays: number;
  /** time_decay's half-life in days (CONTRACT section 9). */
  halfLifeDays: number;
  /** The one currency of ad_spend costs (CONTRACT section 10). */
  currency: string;
  geo: { enabled: boolean; ipv4Path?: string; ipv6Path?: string };
  logLevel: string;
  /** The destination variables as parsed (credentials and address overrides); each destination reads its own. */
  destinations: Env;
  /** Record what would be sent to the destinations without sending it. */
  dryRun: boolean;
  /** Retry tuning of the conversion deliverers; not from the environment (tests shorten the waits). */
  delivery?: { retryBaseMs?: number; maxAttempts?: number; timeoutMs?: number };
  /** PostgreSQL instead of PGlite when set. */
  databaseUrl: string | null;
  pgPoolSize: number;
  /** How long `ingest` waits for destination retries before leaving them pending for `start`. */
  ingestDeliveryWaitMs: number;
  /** RabbitMQ instead of the embedded bus when set. */
  broker: { url: string; prefix: string; quorum: boolean; prefetch: number; maxAttempts: number; batchSize: number; lingerMs: number } | null;
  /** Write keys, secret keys, origins, rate limit and proxy trust of the HTTP collector. */
  collector: CollectorConfig;
  /** Keys that may read reports, the dashboard and attributions; none: loopback clients only. */
  readKeys: string[];
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.BROKER_URL && !e.DATABASE_URL) {
    throw new ConfigError('BROKER_URL is set but DATABASE_URL is not: workers in several processes share one PostgreSQL database; set DATABASE_URL=postgres://...');
  }
  return {
    dataDir: e.TRIBUTARY_DATA_DIR ?? './data',
    ownDomains: e.TRIBUTARY_OWN_DOMAINS ?? [],
    anonymiseIp: e.TRIBUTARY_ANONYMISE_IP ?? false,
    maxHops: e.TRIBUTARY_MAX_HOPS ?? 5,
    windowDays: e.TRIBUTARY_WINDOW_DAYS ?? 28,
    halfLifeDays: e.TRIBUTARY_HALF_LIFE_DAYS ?? DEFAULT_HALF_LIFE_DAYS,
    currency: e.TRIBUTARY_CURRENCY ?? DEFAULT_CURRENCY,
    geo: { enabled: e.TRIBUTARY_GEOIP !== 'off', ...(e.TRIBUTARY_GEOIP_V4 && { ipv4Path: e.TRIBUTARY_GEOIP_V4 }), ...(e.TRIBUTARY_GEOIP_V6 && { ipv6Path: e.TRIBUTARY_GEOIP_V6 }) },
    logLevel: e.LOG_LEVEL ?? 'info',
    destinations: e,
    dryRun: e.TRIBUTARY_DRY_RUN ?? false,
    databaseUrl: e.DATABASE_URL ?? null,
    pgPoolSize: e.TRIBUTARY_PG_POOL ?? 10,
    ingestDeliveryWaitMs: (e.TRIBUTARY_INGEST_DELIVERY_WAIT_S ?? 600) * 1000,
    broker: e.BROKER_URL ? {
      url: e.BROKER_URL, prefix: e.BROKER_PREFIX ?? 'tributary', quorum: e.BROKER_QUORUM_QUEUES ?? false,
      prefetch: e.BROKER_PREFETCH ?? 1000, maxAttempts: e.BROKER_MAX_ATTEMPTS ?? 5,
      batchSize: e.BROKER_BATCH_SIZE ?? 500, lingerMs: e.BROKER_BATCH_LINGER_MS ?? 10,
    } : null,
    collector: collectorConfig(e),
    readKeys: e.TRIBUTARY_READ_KEYS ?? [],
    ...overrides,
  };
}
