// The collector's environment variables, parsed once by the configuration schema; a bad value names itself.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../../src/app/config.js';

describe('collector configuration', () => {
  it('defaults: open (no keys, any origin), a rate limit per key and address, no proxy trusted', () => {
    assert.deepEqual(loadConfig({}).collector, {
      writeKeys: [], secretKeys: [], allowedOrigins: [], rateLimit: { perMinute: 600, burst: 120 }, trustProxy: false,
    });
  });

  it('TRIBUTARY_WRITE_KEYS takes `key` and `key:origin` pairs; a key listed with several origins has them all', () => {
    const c = loadConfig({ TRIBUTARY_WRITE_KEYS: 'wk_acme:https://www.acme.com, wk_acme:https://acme.com,wk_free , wk_port:http://localhost:3000/' }).collector;
    assert.deepEqual(c.writeKeys, [
      { key: 'wk_acme', origins: ['https://www.acme.com', 'https://acme.com'] },
      { key: 'wk_free', origins: [] },
      { key: 'wk_port', origins: ['http://localhost:3000'] },
    ]);
  });

  it('secret keys, origins, rate limit (0: off) and proxy trust', () => {
    const c = loadConfig({
      TRIBUTARY_SECRET_KEYS: 'sk_0123456789abcdef,sk_fedcba9876543210', TRIBUTARY_ALLOWED_ORIGINS: 'https://a.example, https://b.example:8443',
      TRIBUTARY_RATE_LIMIT_PER_MINUTE: '0', TRIBUTARY_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
    }).collector;
    assert.deepEqual(c.secretKeys, ['sk_0123456789abcdef', 'sk_fedcba9876543210']);
    assert.deepEqual(c.allowedOrigins, ['https://a.example', 'https://b.example:8443']);
    assert.equal(c.rateLimit, null);
    assert.deepEqual(c.trustProxy, ['10.0.0.0/8', '127.0.0.1']);
    assert.equal(loadConfig({ TRIBUTARY_TRUST_PROXY: '2' }).collector.trustProxy, 2);
    assert.equal(loadConfig({ TRIBUTARY_TRUST_PROXY: 'true' }).collector.trustProxy, true);
    assert.deepEqual(loadConfig({ TRIBUTARY_RATE_LIMIT_PER_MINUTE: '30', TRIBUTARY_RATE_LIMIT_BURST: '5' }).collector.rateLimit, { perMinute: 30, burst: 5 });
  });

  it('a bad value stops start-up with a message naming the variable; a secret is never echoed', () => {
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{ TRIBUTARY_WRITE_KEYS: 'wk:www.acme.com' }, /TRIBUTARY_WRITE_KEYS: "www.acme.com" is not an origin/],
      [{ TRIBUTARY_WRITE_KEYS: 'wk:https://www.acme.com/path' }, /TRIBUTARY_WRITE_KEYS: .*is not an origin/],
      [{ TRIBUTARY_WRITE_KEYS: 'bad key!' }, /TRIBUTARY_WRITE_KEYS: write key "bad key!"/],
      [{ TRIBUTARY_ALLOWED_ORIGINS: 'ftp://files.example' }, /TRIBUTARY_ALLOWED_ORIGINS: "ftp:\/\/files.example" is not an origin/],
      [{ TRIBUTARY_SECRET_KEYS: 'short' }, /TRIBUTARY_SECRET_KEYS: each secret key must be 16-128/],
      [{ TRIBUTARY_RATE_LIMIT_PER_MINUTE: '-1' }, /TRIBUTARY_RATE_LIMIT_PER_MINUTE/],
      [{ TRIBUTARY_RATE_LIMIT_BURST: '0' }, /TRIBUTARY_RATE_LIMIT_BURST/],
    ];
    for (const [env, message] of bad) {
      assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && message.test(e.message) && !e.message.includes('short'), JSON.stringify(env));
    }
  });
});
