// GET /sdk.js: the script tag's source, with the right type and caching headers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { Pipeline } from '../../../src/app/pipeline.js';
import { createServer } from '../../../src/hosts/http/server.js';
import { openTestPipeline } from '../../support/pipeline.js';

describe('GET /sdk.js', () => {
  let p: Pipeline;
  let app: FastifyInstance;
  before(async () => { p = await openTestPipeline(); app = createServer(p, { logLevel: 'silent' }); });
  after(async () => { await app.close(); await p.close(); });

  it('is JavaScript, cacheable, with an ETag; a matching If-None-Match is 304 without a body', async () => {
    const res = await app.inject({ method: 'GET', url: '/sdk.js' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'public, max-age=3600, stale-while-revalidate=86400');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.match(String(res.headers.etag), /^"[\w-]+"$/);
    assert.match(res.body, /^"use strict";\(\(\)=>\{/);
    for (const ifNoneMatch of [String(res.headers.etag), `W/${res.headers.etag}`, `"other", ${res.headers.etag}`, '*']) {
      const again = await app.inject({ method: 'GET', url: '/sdk.js', headers: { 'if-none-match': ifNoneMatch } });
      assert.equal(again.statusCode, 304, ifNoneMatch);
      assert.equal(again.body, '');
      assert.equal(again.headers.etag, res.headers.etag);
    }
    const changed = await app.inject({ method: 'GET', url: '/sdk.js', headers: { 'if-none-match': '"stale"' } });
    assert.equal(changed.statusCode, 200);
  });

  it('is gzipped for clients that accept it, with its own ETag and Vary: Accept-Encoding', async () => {
    const plain = await app.inject({ method: 'GET', url: '/sdk.js' });
    const gz = await app.inject({ method: 'GET', url: '/sdk.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.match(String(gz.headers.vary), /accept-encoding/i);
    assert.notEqual(gz.headers.etag, plain.headers.etag);
    assert.equal(gunzipSync(gz.rawPayload).toString(), plain.body);
    assert.ok(gz.rawPayload.length <= 4096);
  });

  it('answers HEAD, and may be loaded cross-origin', async () => {
    const head = await app.inject({ method: 'HEAD', url: '/sdk.js' });
    assert.equal(head.statusCode, 200);
    assert.equal(head.headers['cross-origin-resource-policy'], 'cross-origin');
    assert.equal(head.headers['access-control-allow-origin'], '*');
  });
});
