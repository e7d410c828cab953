// Consent mode (CONTRACT section 7): with data-consent="required" nothing is stored and nothing is sent until
// consent({analytics: true}); ads consent separately gates click IDs and Meta's cookies.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { browserSkip, launchChromium, newVisitor } from '../support/chromium.js';
import { startCollector, type TestCollector } from '../support/collector.js';
import { startSite, type Site } from '../support/site.js';
import { waitFor } from '../support/wait.js';

const cookieNames = async (context: BrowserContext) => (await context.cookies()).map((c) => c.name).sort();
const storage = (page: Page) => page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length }));
const eventsOf = (request: Request): any[] => JSON.parse(request.postData() ?? '{}').events ?? [];

describe('browser SDK: consent required', { skip: browserSkip }, () => {
  let browser: Browser;
  let collector: TestCollector;
  let site: Site;
  before(async () => {
    browser = await launchChromium();
    collector = await startCollector();
    site = await startSite({ collector: collector.url, writeKey: 'wk_consent', consent: 'required' });
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await collector?.close();
    assert.deepEqual(collector.errors, [], 'no worker may fail');
  });

  describe('a visitor from an ad, who consents to analytics first and to ads later', () => {
    let context: BrowserContext;
    let page: Page;
    const sent: Request[] = [];
    before(async () => {
      context = await newVisitor(browser);
      await context.addCookies([{ name: '_fbp', value: 'fb.1.1700000000000.55', domain: '.acme.test', path: '/' }]);
      page = await context.newPage();
      page.on('request', (r) => { if (r.url().includes('/v1/events')) sent.push(r); });
    });
    after(async () => { await context?.close(); });

    it('before consent: no cookie, no storage, no request — even when the page calls track and identify', async () => {
      await page.goto(`${site.origin('www.acme.test')}/landing?gclid=GC-consent&fbclid=FB-consent&utm_source=google&utm_medium=cpc`);
      await page.waitForFunction(() => typeof (window as any).tributary?.consent === 'function');
      await page.evaluate(() => {
        (window as any).tributary.track('before_consent');
        (window as any).tributary.identify('early@acme.com');
      });
      assert.deepEqual(await cookieNames(context), ['_fbp'], 'only the cookie the test set');
      assert.deepEqual(await storage(page), { local: 0, session: 0 });
      assert.equal(sent.length, 0);
    });

    it('consent({analytics: true}) sends the page, without click IDs or Meta cookies while ads consent is missing', async () => {
      const request = page.waitForRequest((r) => r.url().includes('/v1/events'));
      await page.evaluate(() => (window as any).tributary.consent({ analytics: true }));
      const events = eventsOf(await request);
      assert.deepEqual(events.map((e) => e.type + (e.name ? `:${e.name}` : '')), ['session', 'hit:page_view'], 'nothing from before consent');
      const [session, view] = events;
      assert.equal(new URL(session.page_url).search, '?utm_source=google&utm_medium=cpc');
      assert.equal(new URL(view.page_url).search, '?utm_source=google&utm_medium=cpc');
      assert.deepEqual(session.consent, { analytics: true, ads: false });
      assert.equal(session.cookies, null);
      assert.deepEqual(await cookieNames(context), ['_fbp', '_trb_cid', '_trb_cst', '_trb_sid'], 'no _fbc without ads consent');
      const clientId = session.client_id;
      const [visit] = await waitFor('the visit', async () => { const v = await collector.visits(clientId); return v.length > 0 && v; });
      assert.deepEqual(visit.click_ids, {});
      assert.equal(visit.fbp, null);
      const touchpoint = (await collector.touchpoints()).find((t) => t.client_id === clientId);
      assert.deepEqual([touchpoint.channel, touchpoint.click_id], ['paid_search', null]);
    });

    it('the choice is remembered: the next page is tracked without asking again', async () => {
      const request = page.waitForRequest((r) => r.url().includes('/v1/events'));
      await page.click('#next');
      const events = eventsOf(await request);
      assert.deepEqual(events.map((e) => e.type), ['hit']);
    });

    it('with ads consent, click IDs are sent and _fbc is set', async () => {
      await page.evaluate(() => (window as any).tributary.consent({ analytics: true, ads: true }));
      const request = page.waitForRequest((r) => r.url().includes('/v1/events') && eventsOf(r).some((e) => e.type === 'session'));
      await page.goto(`${site.origin('www.acme.test')}/again?gclid=GC-ads&fbclid=FB-ads`);
      const session = eventsOf(await request).find((e) => e.type === 'session');
      assert.equal(new URL(session.page_url).search, '?gclid=GC-ads&fbclid=FB-ads', 'new campaign data: a new session');
      assert.deepEqual(session.consent, { analytics: true, ads: true });
      assert.equal(session.cookies._fbp, 'fb.1.1700000000000.55');
      assert.match(session.cookies._fbc, /^fb\.1\.\d{13}\.FB-ads$/);
      const touchpoint = await waitFor('the ad touchpoint', async () => (await collector.touchpoints()).find((t) => t.session_id === session.session_id));
      assert.deepEqual(touchpoint.click_id, { type: 'gclid', value: 'GC-ads' });
    });

    it('consent({analytics: false}) removes our cookies and stops sending', async () => {
      await page.evaluate(() => (window as any).tributary.consent({ analytics: false }));
      assert.deepEqual(await cookieNames(context), ['_fbp'], 'ours and _fbc are gone; the pixel\'s _fbp is not ours');
      const before = sent.length;
      await page.evaluate(() => {
        (window as any).tributary.track('after_withdrawal');
        history.pushState({}, '', '/after-withdrawal');
      });
      await page.reload();
      await page.waitForFunction(() => typeof (window as any).tributary?.consent === 'function');
      assert.deepEqual(await cookieNames(context), ['_fbp']);
      assert.deepEqual(await storage(page), { local: 0, session: 0 });
      // Proof that nothing was left waiting: the next request, after consenting again, holds only the new page.
      const request = page.waitForRequest((r) => r.url().includes('/v1/events'));
      await page.evaluate(() => (window as any).tributary.consent({ analytics: true }));
      assert.deepEqual(eventsOf(await request).map((e) => e.name ?? e.type), ['session', 'page_view']);
      assert.equal(sent.length, before + 1, 'nothing was sent between the withdrawal and the new consent');
    });
  });
});
