// A token bucket, pure: time is passed in. `burst` tokens at most, refilled at `perMinute` a minute; a request
// takes one. Lets a page's burst (session + page view + a few events) through while capping a sustained flood.

export interface TokenBucketSettings { perMinute: number; burst: number }
export interface Bucket { tokens: number; at: number }

export function takeToken(bucket: Bucket | undefined, now: number, settings: TokenBucketSettings): { bucket: Bucket; allowed: boolean; retryAfterMs: number } {
  const perMs = settings.perMinute / 60_000;
  const elapsed = bucket ? Math.max(0, now - bucket.at) : 0;
  const tokens = bucket ? Math.min(settings.burst, bucket.tokens + elapsed * perMs) : settings.burst;
  if (tokens >= 1) return { bucket: { tokens: tokens - 1, at: now }, allowed: true, retryAfterMs: 0 };
  return { bucket: { tokens, at: now }, allowed: false, retryAfterMs: Math.ceil((1 - tokens) / perMs) };
}
