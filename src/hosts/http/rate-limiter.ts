// One token bucket per (write key, client address): a flood from one address, or against one site, uses up only its
// own bucket, never another site's or another visitor's. Buckets live in memory in an LRU map, so a spray of
// addresses costs bounded memory (an evicted bucket starts full again, which only errs towards letting through).
import { LRUCache } from 'lru-cache';
import { takeToken, type Bucket, type TokenBucketSettings } from './token-bucket.js';

const MAX_BUCKETS = 100_000;

export interface RateLimiter {
  /** Takes a token for this sender; when refused, the whole seconds to wait (for Retry-After). */
  take(sender: string): { allowed: true } | { allowed: false; retryAfterS: number };
}

export function createRateLimiter(settings: TokenBucketSettings, now: () => number = Date.now): RateLimiter {
  const buckets = new LRUCache<string, Bucket>({ max: MAX_BUCKETS });
  return {
    take(sender) {
      const result = takeToken(buckets.get(sender), now(), settings);
      buckets.set(sender, result.bucket);
      return result.allowed ? { allowed: true } : { allowed: false, retryAfterS: Math.max(1, Math.ceil(result.retryAfterMs / 1000)) };
    },
  };
}
