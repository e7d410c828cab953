// The rate limit's token bucket and its per-sender map, with time passed in.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { takeToken, type Bucket } from '../../../src/hosts/http/token-bucket.js';
import { createRateLimiter } from '../../../src/hosts/http/rate-limiter.js';

const settings = { perMinute: 60, burst: 5 };

describe('token bucket', () => {
  it('lets a burst through, then one request per refill interval, and says how long to wait', () => {
    let bucket: Bucket | undefined;
    const take = (now: number) => { const r = takeToken(bucket, now, settings); bucket = r.bucket; return r; };
    for (let i = 0; i < 5; i++) assert.equal(take(0).allowed, true, `burst ${i}`);
    const refused = take(0);
    assert.deepEqual([refused.allowed, refused.retryAfterMs], [false, 1000]);
    assert.equal(take(400).allowed, false);
    assert.equal(take(600).retryAfterMs, 400, 'refused requests take nothing: the refill continues');
    assert.equal(take(1000).allowed, true);
    assert.equal(take(1000).allowed, false);
  });

  it('refills up to the burst, never beyond; a clock going backwards refills nothing', () => {
    let bucket: Bucket | undefined = { tokens: 0, at: 0 };
    bucket = takeToken(bucket, 3_600_000, settings).bucket;
    assert.equal(bucket.tokens, 4, 'full (5) minus the one taken');
    assert.equal(takeToken({ tokens: 0.5, at: 10_000 }, 5_000, settings).allowed, false);
  });
});

describe('rate limiter', () => {
  it('keeps one bucket per sender: one flooding sender is refused, the others are not', () => {
    let now = 0;
    const limiter = createRateLimiter(settings, () => now);
    for (let i = 0; i < 5; i++) assert.equal(limiter.take('wk_a|203.0.113.1').allowed, true);
    assert.deepEqual(limiter.take('wk_a|203.0.113.1'), { allowed: false, retryAfterS: 1 });
    assert.equal(limiter.take('wk_a|203.0.113.2').allowed, true, 'same site, another address');
    assert.equal(limiter.take('wk_b|203.0.113.1').allowed, true, 'same address, another site');
    now = 1000;
    assert.equal(limiter.take('wk_a|203.0.113.1').allowed, true, 'refilled');
  });

  it('Retry-After is whole seconds, at least 1', () => {
    const limiter = createRateLimiter({ perMinute: 1, burst: 1 }, () => 0);
    limiter.take('x');
    assert.deepEqual(limiter.take('x'), { allowed: false, retryAfterS: 60 });
  });
});
