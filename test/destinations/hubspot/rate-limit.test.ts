import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rateLimitWaitMs } from '../../../src/destinations/hubspot/rate-limit.js';

const wait = (headers: Record<string, string>, now = 0) => rateLimitWaitMs(new Headers(headers), now, { dailyPauseMs: 3_600_000 });

describe('HubSpot rate-limit headers', () => {
  it('asks for no wait while the window has room', () => {
    assert.equal(wait({ 'x-hubspot-ratelimit-max': '190', 'x-hubspot-ratelimit-remaining': '12', 'x-hubspot-ratelimit-interval-milliseconds': '10000' }), null);
    assert.equal(wait({}), null);
  });

  it('honours Retry-After, in seconds or as an HTTP date', () => {
    assert.equal(wait({ 'retry-after': '2' }), 2000);
    assert.equal(wait({ 'retry-after': new Date(5000).toUTCString() }, 1000), 4000);
  });

  it('waits one interval when the rolling window is spent', () => {
    assert.equal(wait({ 'x-hubspot-ratelimit-remaining': '0', 'x-hubspot-ratelimit-interval-milliseconds': '10000' }), 10_000);
  });

  it('waits a second when the per-second limit is spent, and the daily pause when the day is', () => {
    assert.equal(wait({ 'x-hubspot-ratelimit-secondly-remaining': '0' }), 1000);
    assert.equal(wait({ 'x-hubspot-ratelimit-daily-remaining': '0' }), 3_600_000);
  });

  it('takes the longest wait when several limits are spent', () => {
    assert.equal(wait({ 'retry-after': '1', 'x-hubspot-ratelimit-remaining': '0', 'x-hubspot-ratelimit-interval-milliseconds': '10000' }), 10_000);
  });
});
