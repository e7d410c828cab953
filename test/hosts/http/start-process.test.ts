// `tributary start` as a process, configured by its environment: the collector it serves checks write keys and
// origins, and serves the SDK — the wiring from TRIBUTARY_* variables to the HTTP host.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/tributary.js', import.meta.url));

describe('tributary start: the hardened collector', () => {
  let dir: string;
  let child: ChildProcess;
  let url: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-start-'));
    child = spawn(process.execPath, [BIN, '--data-dir', join(dir, 'data'), 'start', '--port', '0'], {
      env: {
        ...process.env, TRIBUTARY_GEOIP: 'off', LOG_LEVEL: 'info', TRIBUTARY_ANONYMISE_IP: 'true',
        TRIBUTARY_WRITE_KEYS: 'wk_acme:https://www.acme.com', TRIBUTARY_SECRET_KEYS: 'sk_start_0123456789abcdef',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The port is the one the log announces ("Server listening at http://127.0.0.1:PORT").
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk) => {
        out += chunk;
        const found = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (found) resolve(found[1]!);
      });
      child.stderr!.on('data', (chunk) => { out += chunk; });
      child.once('exit', (code) => reject(new Error(`tributary start exited with ${code}:\n${out}`)));
    });
  });
  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
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
