// The session rule of CONTRACT section 7, pure, with time passed in.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SESSION_TIMEOUT_MS, formatSession, nextSession, parseSession, type SessionState } from '../../src/sdk/session.js';

const T0 = 1_780_000_000_000;
let n = 0;
const newId = () => `s${++n}`;
const stored = (campaign = ''): SessionState => ({ id: 'old', seen: T0, campaign });

describe('SDK session rule', () => {
  it('no session yet: a new one, with the landing campaign', () => {
    const next = nextSession(null, T0, 'k1', newId);
    assert.equal(next.isNew, true);
    assert.deepEqual({ ...next.state, id: 'x' }, { id: 'x', seen: T0, campaign: 'k1' });
  });

  it('activity within 30 minutes keeps the session and moves its last activity; 30 minutes without starts another', () => {
    const kept = nextSession(stored(), T0 + SESSION_TIMEOUT_MS - 1, '', newId);
    assert.deepEqual(kept, { isNew: false, state: { id: 'old', seen: T0 + SESSION_TIMEOUT_MS - 1, campaign: '' } });
    assert.equal(nextSession(stored(), T0 + SESSION_TIMEOUT_MS, '', newId).isNew, true);
  });

  it('the timeout counts from the last activity, not from the start', () => {
    let s = stored();
    for (let i = 1; i <= 6; i++) {
      const next = nextSession(s, T0 + i * 20 * 60_000, '', newId);
      assert.equal(next.isNew, false, `activity ${i}`);
      s = next.state;
    }
  });

  it('new campaign data starts a new session; the same campaign, or a page without any, keeps it', () => {
    assert.equal(nextSession(stored('k1'), T0 + 1000, 'k2', newId).isNew, true);
    assert.equal(nextSession(stored(''), T0 + 1000, 'k2', newId).isNew, true, 'a direct session then an ad click');
    assert.equal(nextSession(stored('k1'), T0 + 1000, 'k1', newId).isNew, false, 'a reload of the landing URL');
    const inner = nextSession(stored('k1'), T0 + 1000, '', newId);
    assert.deepEqual([inner.isNew, inner.state.campaign], [false, 'k1'], 'internal navigation keeps the landing campaign');
  });

  it('a clock that went backwards keeps the session and its latest activity', () => {
    assert.deepEqual(nextSession(stored(), T0 - 60_000, '', newId), { isNew: false, state: { id: 'old', seen: T0, campaign: '' } });
  });

  it('the cookie value round-trips; anything else is no session', () => {
    const s = { id: '0b8c6f3e-8a1d-4c1e-9d5e-1f2a3b4c5d6e', seen: T0, campaign: 'abc12' };
    assert.deepEqual(parseSession(formatSession(s)), s);
    assert.deepEqual(parseSession(formatSession({ ...s, campaign: '' })), { ...s, campaign: '' });
    for (const bad of [null, '', 'x', 'id.notanumber.k', '.123.k', 'id.123', 'id.0.k', 'a.1.b.c']) assert.equal(parseSession(bad), null, String(bad));
  });
});
