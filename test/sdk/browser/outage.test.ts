// Reliability of the SDK (DESIGN.md): while the collector answers 503 or refuses connections, events wait in memory
// (and, across a page load, in localStorage), are retried with backoff, and are delivered once when it is back.
// Playwright's clock fast-forwards the backoff; every other wait is for a condition.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { browserSkip, launchChromium, newVisitor } from '../support/chromium.js';
import { startCollector, type TestCollector } from '../support/collector.js';
import { startSite, type Site } from '../support/site.js';
import { waitFor } from '../support/wait.js';

describe('browser SDK: the collector is down for a while', { skip: browserSkip }, () => {
  let browser: Browser;
  let collector: TestCollector;
  let site: Site;
  before(async () => {
    browser = await launchChromium();
    collector = await startCollector();
    site = await startSite({ collector: collector.url, writeKey: 'wk_outage' });
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await collector?.close();
    assert.deepEqual(collector.errors, [], 'no worker may fail');
  });

  it('events from a 503 spell and from a refused spell, across a page load, are delivered after it comes back, none twice', async () => {
    const context = await newVisitor(browser);
    const page = await context.newPage();
    await page.clock.install();
    const refused: string[] = [];
    const statuses: number[] = [];
    page.on('requestfailed', (r) => { if (r.url().includes('/v1/events')) refused.push(r.failure()?.errorText ?? 'failed'); });
    page.on('response', (r) => { if (r.url().includes('/v1/events')) statuses.push(r.status()); });

    await page.goto(`${site.origin('www.acme.test')}/shop`);
    const clientId = await waitFor('the _trb_cid cookie', async () => (await context.cookies()).find((c) => c.name === '_trb_cid')?.value);
    await waitFor('the first page view', async () => (await collector.hits(clientId)).length === 1);

    // 1. The collector answers 503: the batch stays queued.
    collector.answer503(true);
    await page.evaluate(() => {
      history.pushState({}, '', '/shop/a');
      (window as any).tributary.track('added_to_cart', { sku: 'A' });
    });
    await waitFor('a 503', () => statuses.includes(503));

    // 2. The collector is gone (connection refused): the retry fails too; then the visitor opens another page.
    await collector.down();
    collector.answer503(false);
    await page.evaluate(() => history.pushState({}, '', '/shop/b'));
    await page.clock.fastForward('01:00');
    await waitFor('a refused retry', () => refused.length > 0);
    await page.click('#next');
    await page.waitForURL(/\/next$/);
    await page.waitForFunction(() => typeof (window as any).tributary?.track === 'function');
    await page.evaluate(() => (window as any).tributary.track('on_next_page'));
    await page.clock.fastForward('01:00');
    await waitFor('a refused attempt from the second page', () => refused.length > 1);

    // 3. Back: the next retry delivers everything.
    await collector.up();
    await page.clock.fastForward('01:00');
    const expected = ['page_view /shop', 'page_view /shop/a', 'added_to_cart /shop/a', 'page_view /shop/b', 'page_view /next', 'on_next_page /next'];
    const hits = await waitFor('every event of both pages', async () => {
      const h = await collector.hits(clientId);
      return h.length >= expected.length && h;
    });
    assert.deepEqual(hits.map((h) => `${h.name} ${new URL(h.page_url).pathname}`).sort(), [...expected].sort());
    assert.equal((await collector.visits(clientId)).length, 1, 'one session throughout');
    assert.equal(await page.evaluate(() => localStorage.getItem('_trb_q')), null, 'nothing left waiting');
    const metrics = await (await fetch(`${collector.local}/metrics`)).text();
    assert.match(metrics, /tributary_events_total\{outcome="duplicate"\} 0/, 'no event was delivered twice');
    await context.close();
  });
});
