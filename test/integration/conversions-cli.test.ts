// Issue 5 through the real command line: `tributary ingest --dry-run` sends nothing and records what would be sent,
// `tributary conversions status` shows it per platform, and a later live `ingest` sends the rehearsed uploads.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAdPlatforms, type AdPlatforms } from '../support/fakes/ad-platforms.js';
import { journey } from '../support/conversion-journeys.js';
import { toJsonLines } from '../support/pipeline.js';

const BIN = fileURLToPath(new URL('../../bin/tributary.js', import.meta.url));

function tributary(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', TRIBUTARY_GEOIP: 'off', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('tributary conversions status and --dry-run', () => {
  let platforms: AdPlatforms;
  let dir: string;
  let env: Record<string, string>;
  before(async () => {
    platforms = await startAdPlatforms();
    dir = await mkdtemp(join(tmpdir(), 'tributary-conversions-'));
    env = Object.fromEntries(Object.entries(platforms.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
    await writeFile(join(dir, 'events.jsonl'), toJsonLines([
      ...journey('cli-google', { query: 'gclid=G-CLI', email: 'cli@example.com' }),
      ...journey('cli-bing', { query: 'msclkid=MS-CLI', consent: { analytics: true, ads: false } }),
    ]));
  });
  after(async () => { await platforms.close(); await rm(dir, { recursive: true, force: true }); });

  it('records in dry run, shows it, and sends it on the next live run', async () => {
    const data = join(dir, 'data');
    const dry = await tributary(['--data-dir', data, 'ingest', '--dry-run', join(dir, 'events.jsonl')], env);
    assert.equal(dry.code, 0, dry.stderr);
    // Nothing reached a platform but Google's validate-only check of the rehearsed event (and its OAuth token).
    const calls = platforms.apis.flatMap((a) => a.requests).filter((r) => r.path !== '/token');
    assert.deepEqual(calls.map((r) => [r.path, JSON.parse(r.body).validateOnly]), [['/v1/events:ingest', true]]);
    assert.equal(platforms.dataManager.validated.length, 1);
    assert.equal(platforms.dataManager.ingested.length, 0);

    const status = await tributary(['--data-dir', data, 'conversions', 'status'], env);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^google_ads: sent 0, failed 0, skipped 1, pending 0, dry_run 1$/m);
    assert.match(status.stdout, /^microsoft_ads: sent 0, failed 0, skipped 2, pending 0, dry_run 0$/m);
    assert.match(status.stdout, /^\s+1 {2}ads consent denied$/m);

    const live = await tributary(['--data-dir', data, 'ingest', join(dir, 'events.jsonl')], env);
    assert.equal(live.code, 0, live.stderr);
    assert.deepEqual(platforms.dataManager.ingested.map((e) => e.adIdentifiers.gclid), ['G-CLI']);
    const json = await tributary(['--data-dir', data, 'conversions', 'status', '--json'], env);
    const google = JSON.parse(json.stdout).find((p: { platform: string }) => p.platform === 'google_ads');
    assert.deepEqual(google.counts, { pending: 0, sent: 1, failed: 0, skipped: 1, dry_run: 0 });
    assert.deepEqual(google.skipped, [{ reason: 'no gclid/gbraid/wbraid in the attribution', count: 1 }]);
  });
});
