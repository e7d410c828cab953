// The collector on the open internet (issue 4, item 2), seen from real pages: a wrong write key gets 401, an
// oversized body 413, a flood from one address 429, a foreign origin 403 — and none of them affects other sites.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { browserSkip, launchChromium, newVisitor } from '../support/chromium.js';
import { startCollector, type TestCollector } from '../support/collector.js';
import { startSite, type Site, type SiteOptions } from '../support/site.js';
import { waitFor } from '../support/wait.js';

const isCollector = (r: Response) => r.url().includes('/v1/events');
const eventsOf = (body: string | null): any[] => JSON.parse(body ?? '{}').events ?? [];

describe('browser SDK: a hardened collector', { skip: browserSkip }, () => {
  let browser: Browser;
  let collector: TestCollector;
  const sites: Record<'a' | 'b' | 'wrong' | 'foreign', { options: SiteOptions; site?: Site; origin: string }> = {
    a: { options: { collector: '', writeKey: 'wk_site_a' }, origin: '' },
    b: { options: { collector: '', writeKey: 'wk_site_b' }, origin: '' },
    wrong: { options: { collector: '', writeKey: 'wk_not_configured' }, origin: '' },
    foreign: { options: { collector: '', writeKey: 'wk_site_a' }, origin: '' },
  };
  const hosts = { a: 'www.acme.test', b: 'www.other.test', wrong: 'www.third.test', foreign: 'evil.test' };

  /** A new visitor on a site; the collector's answers to it are recorded. */
  async function visit(name: keyof typeof sites, path = '/'): Promise<{ context: BrowserContext; page: Page; answers: Response[]; clientId: () => Promise<string> }> {
    const context = await newVisitor(browser);
    const page = await context.newPage();
    const answers: Response[] = [];
    page.on('response', (r) => { if (isCollector(r)) answers.push(r); });
    await page.goto(`${sites[name].origin}${path}`);
    const clientId = () => waitFor('the _trb_cid cookie', async () => (await context.cookies()).find((c) => c.name === '_trb_cid')?.value);
    return { context, page, answers, clientId };
  }
  const delivered = async (clientId: string) => waitFor(`the visit of ${clientId}`, async () => (await collector.visits(clientId)).length === 1);
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${collector.local}/v1/events?write_key=wk_site_a`, { method: 'POST', body, headers: { 'content-type': 'text/plain', origin: sites.a.origin, ...headers } });

  before(async () => {
    browser = await launchChromium();
    for (const [name, s] of Object.entries(sites)) {
      s.site = await startSite(s.options);
      s.origin = s.site.origin(hosts[name as keyof typeof hosts]);
    }
    collector = await startCollector({
      writeKeys: [{ key: 'wk_site_a', origins: [sites.a.origin] }, { key: 'wk_site_b', origins: [sites.b.origin] }],
      allowedOrigins: [sites.wrong.origin],
      // One token per 5 s: the flood empties the bucket, and it stays empty while the flooded site's page loads.
      rateLimit: { perMinute: 12, burst: 10 },
      // So that this process can play other addresses (X-Forwarded-For) in front of a trusted proxy.
      trustProxy: true,
    });
    for (const s of Object.values(sites)) s.options.collector = collector.url;
  });
  after(async () => {
    await browser?.close();
    for (const s of Object.values(sites)) await s.site?.close();
    await collector?.close();
    assert.deepEqual(collector.errors, [], 'no worker may fail');
  });

  it('a wrong write key gets 401 with a clear error; the refused events are not retried; other sites are unaffected', async () => {
    const wrong = await visit('wrong');
    const refused = await waitFor('the 401', () => wrong.answers.find((r) => r.status() === 401));
    assert.match((await refused.json()).error, /unknown write key "wk_not_configured"/);
    const first = eventsOf(refused.request().postData()).map((e) => e.event_id);
    const next = wrong.page.waitForRequest((r) => r.url().includes('/v1/events'));
    await wrong.page.evaluate(() => (window as any).tributary.track('after_401'));
    const resent = eventsOf((await next).postData()).map((e) => e.event_id);
    assert.equal(resent.filter((id) => first.includes(id)).length, 0, 'a 401 is final: the batch is not sent again');
    const good = await visit('b');
    await delivered(await good.clientId());
    assert.deepEqual(await collector.visits(await wrong.clientId()), []);
    await wrong.context.close();
    await good.context.close();
  });

  it('an oversized body gets 413 with a clear error (readable by the site); the SDK itself never sends one; the site keeps working', async () => {
    const res = await post(JSON.stringify({ events: [{ type: 'hit', pad: 'x'.repeat(1024 * 1024) }] }), { 'x-forwarded-for': '198.51.100.1' });
    assert.equal(res.status, 413);
    assert.equal(res.headers.get('access-control-allow-origin'), sites.a.origin);
    assert.match(((await res.json()) as { error: string }).error, /request body over 1048576 bytes/);
    const a = await visit('a', '/big');
    const clientId = await a.clientId();
    await a.page.evaluate(() => {
      (window as any).tributary.track('too_big_for_a_beacon', { pad: 'x'.repeat(40_000) });
      (window as any).tributary.track('small_after_big');
    });
    const names = await waitFor('the small hit', async () => { const n = (await collector.hits(clientId)).map((h) => h.name); return n.includes('small_after_big') && n; });
    assert.ok(!names.includes('too_big_for_a_beacon'), 'an event over the request budget is dropped in the page');
    assert.ok(a.answers.every((r) => r.status() === 200), 'no 413 from the SDK');
    await a.context.close();
  });

  it('a flood from one address gets 429 with Retry-After; other addresses, other sites, and the flooded site later on are unaffected', async () => {
    const flood = await Promise.all(Array.from({ length: 40 }, () => post('{"events":[]}')));
    const limited = flood.filter((r) => r.status === 429);
    assert.ok(limited.length >= 25, `most of the flood is refused (${limited.length} of 40)`);
    assert.ok(Number(limited[0]!.headers.get('retry-after')) >= 1);
    assert.match(((await limited[0]!.json()) as { error: string }).error, /too many requests/);
    // The same key from another address is served.
    assert.equal((await post('{"events":[]}', { 'x-forwarded-for': '203.0.113.7' })).status, 400, 'an empty batch: 400, not 429');
    // Another site from the flooding address is served at once.
    const b = await visit('b');
    await delivered(await b.clientId());
    assert.ok(b.answers.every((r) => r.status() === 200));
    // The flooded site, from the flooding address, is retried until its bucket refills: delayed, not lost.
    const a = await visit('a', '/after-flood');
    await a.page.clock.install();
    await waitFor('a 429 answer to the page', () => a.answers.some((r) => r.status() === 429));
    const clientId = await a.clientId();
    await waitFor('the page\'s events after the flood', async () => {
      await a.page.clock.fastForward(5_000);
      return (await collector.visits(clientId)).length === 1;
    }, 30_000);
    await a.context.close();
    await b.context.close();
  });

  it('a page on an origin that is not allowed is refused (403) and nothing it sends is stored', async () => {
    const foreign = await visit('foreign');
    const refusedBefore = await refusals('origin');
    await waitFor('the refusal', async () => (await refusals('origin')) > refusedBefore);
    assert.deepEqual(await collector.visits(await foreign.clientId()), []);
    const preflight = await fetch(`${collector.local}/v1/events`, { method: 'OPTIONS', headers: { origin: foreign.page.url().replace(/\/$/, ''), 'access-control-request-method': 'POST' } });
    assert.equal(preflight.status, 403);
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    await foreign.context.close();
  });

  async function refusals(reason: string): Promise<number> {
    const text = await (await fetch(`${collector.local}/metrics`)).text();
    return Number(new RegExp(`tributary_collector_refusals_total\\{reason="${reason}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  }
});
