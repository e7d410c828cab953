// What createServer needs to know to face the open internet. Absent, the collector is open (any key, any origin,
// no rate limit): the embedded default, and what tests and the benchmark embed.
import type { CollectorConfig } from '../../app/collector-config.js';

export interface CollectorOptions extends CollectorConfig {
  /** Anonymise client addresses at the door, so the full address is never written anywhere (TRIBUTARY_ANONYMISE_IP). */
  anonymiseIp: boolean;
}

export const OPEN_COLLECTOR: CollectorOptions = {
  writeKeys: [], secretKeys: [], allowedOrigins: [], rateLimit: null, trustProxy: false, anonymiseIp: false,
};
