// `tributary start` as a process, configured by its environment: the collector it serves checks write keys and
// origins, and serves the SDK — the wiring from TRIBUTARY_* variables to the HTTP host.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, type StartedProcess } from '../../support/cli.js';

describe('tributary start: the hardened collector', () => {
  let dir: string;
  let started: StartedProcess;
  let url: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-start-'));
    started = await startProcess(join(dir, 'data'), {
      TRIBUTARY_ANONYMISE_IP: 'true',
      TRIBUTARY_WRITE_KEYS: 'wk_acme:https://www.acme.com', TRIBUTARY_SECRET_KEYS: 'sk_start_0123456789abcdef',
    });
    url = started.url;
  });
  after(async () => {
    await started?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves /sdk.js', async () => {
    const res = await fetch(`${url}/sdk.js`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.ok(res.headers.get('etag'));
  });

  it('refuses an unknown write key (401) and a foreign origin (403); accepts the configured site and the secret key', async () => {
    const post = (query: string, headers: Record<string, string> = {}) => fetch(`${url}/v1/events${query}`, {
      method: 'POST', headers: { 'content-type': 'text/plain', ...headers },
      body: JSON.stringify({ type: 'hit', event_id: `start-${Math.random()}`, ts: Date.now(), client_id: 'c', session_id: 's', name: 'page_view' }),
    });
    assert.equal((await post('?write_key=wk_typo')).status, 401);
    assert.equal((await post('?write_key=wk_acme', { origin: 'https://evil.example' })).status, 403);
    const ok = await post('?write_key=wk_acme', { origin: 'https://www.acme.com' });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://www.acme.com');
    assert.equal((await post('', { authorization: 'Bearer sk_start_0123456789abcdef' })).status, 200);
  });
});
