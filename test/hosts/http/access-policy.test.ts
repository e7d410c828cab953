// Who may post events: the access policy's rules, pure.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAccessPolicy, type AccessRequest } from '../../../src/hosts/http/access-policy.js';

const SECRET = 'sk_live_0123456789abcdef';
const req = (r: Partial<AccessRequest>): AccessRequest => ({ origin: null, writeKey: null, authorization: null, ...r });

describe('collector access policy', () => {
  it('nothing configured: any key or none, any origin, any Authorization header is accepted (the embedded default)', () => {
    const open = createAccessPolicy({ writeKeys: [], secretKeys: [], allowedOrigins: [] });
    for (const r of [req({}), req({ writeKey: 'whatever', origin: 'https://anywhere.example' }), req({ authorization: 'Bearer x' })]) {
      assert.deepEqual(open.decide(r), { ok: true, principal: { kind: 'write', key: null } });
    }
    assert.equal(open.originAllowed('https://anywhere.example'), true);
    assert.equal(open.secretKeysConfigured, false);
  });

  const policy = createAccessPolicy({
    writeKeys: [{ key: 'wk_acme', origins: ['https://www.acme.com', 'https://acme.com'] }, { key: 'wk_free', origins: [] }],
    secretKeys: [SECRET],
    allowedOrigins: ['https://partner.example'],
  });

  it('write keys configured: a known key is accepted, a missing or unknown one is 401 with a reason', () => {
    assert.deepEqual(policy.decide(req({ writeKey: 'wk_acme', origin: 'https://www.acme.com' })), { ok: true, principal: { kind: 'write', key: 'wk_acme' } });
    assert.deepEqual(policy.decide(req({ writeKey: 'wk_acme' })), { ok: true, principal: { kind: 'write', key: 'wk_acme' } }, 'no Origin: not a browser');
    const missing = policy.decide(req({}));
    assert.ok(!missing.ok && missing.status === 401 && missing.reason === 'missing_write_key');
    assert.match(missing.ok ? '' : missing.error, /missing write key: pass \?write_key=KEY/);
    const unknown = policy.decide(req({ writeKey: 'wk_nope' }));
    assert.ok(!unknown.ok && unknown.status === 401 && unknown.reason === 'unknown_write_key');
    assert.match(unknown.ok ? '' : unknown.error, /unknown write key "wk_nope"/);
    const long = policy.decide(req({ writeKey: 'k'.repeat(1000) }));
    assert.ok(!long.ok && long.error.length < 300, 'a huge key is not echoed whole');
  });

  it('origins: those bound to keys and those listed are allowed; others are 403; a key bound to origins is valid only there', () => {
    assert.equal(policy.originAllowed('https://acme.com'), true);
    assert.equal(policy.originAllowed('https://partner.example'), true);
    assert.equal(policy.originAllowed('https://evil.example'), false);
    const foreign = policy.decide(req({ writeKey: 'wk_acme', origin: 'https://evil.example' }));
    assert.ok(!foreign.ok && foreign.status === 403 && foreign.reason === 'origin');
    const borrowed = policy.decide(req({ writeKey: 'wk_acme', origin: 'https://partner.example' }));
    assert.ok(!borrowed.ok && borrowed.status === 403, 'an allowed origin cannot use another site\'s key');
    assert.ok(policy.decide(req({ writeKey: 'wk_free', origin: 'https://partner.example' })).ok, 'a key without origins works on any allowed origin');
  });

  it('a valid secret key is a trusted backend whatever else is sent; a wrong one is 401, never a fallback to write keys', () => {
    assert.equal(policy.secretKeysConfigured, true);
    for (const authorization of [`Bearer ${SECRET}`, `bearer ${SECRET}`, `Bearer  ${SECRET} `]) {
      assert.deepEqual(policy.decide(req({ authorization, origin: 'https://evil.example' })), { ok: true, principal: { kind: 'secret' } }, authorization);
    }
    for (const authorization of ['Bearer sk_live_wrong', SECRET, `Basic ${SECRET}`, 'Bearer', '']) {
      const d = policy.decide(req({ authorization, writeKey: 'wk_acme' }));
      assert.ok(!d.ok && d.status === 401 && d.reason === 'bad_secret_key', authorization);
      assert.ok(!d.error.includes(SECRET));
    }
  });
});
