// Reading a conversion destination's settings from the parsed configuration (CONTRACT section 8): a destination is
// on when its credentials are set; some but not all of them set is a configuration error that names the missing ones.
import { ConfigError, type Config, type Env } from '../../app/config.js';
import type { ConversionDeliveryOptions } from './conversion-deliverer.js';

type Key = keyof Env;

/** The credentials, when every one is set; null when none is. */
export function credentials<K extends Key>(env: Env, destination: string, keys: readonly K[]): { [P in K]: string } | null {
  const missing = keys.filter((k) => env[k] === undefined || env[k] === '');
  if (missing.length === keys.length) return null;
  if (missing.length > 0) {
    throw new ConfigError(`${destination} is half configured: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set (set every one of ${keys.join(', ')}, or none)`);
  }
  return Object.fromEntries(keys.map((k) => [k, String(env[k])])) as { [P in K]: string };
}

/** The deliverers' options: dry run from the command line or TRIBUTARY_DRY_RUN, retry tuning where given. */
export function deliveryOptions(config: Config): ConversionDeliveryOptions {
  return { dryRun: config.dryRun, ...config.delivery };
}

export const optional = (env: Env, key: Key): string | null => {
  const v = env[key];
  return v === undefined || v === '' ? null : String(v);
};
