// CONTRACT section 7 in a real browser: the SDK's sessions, page views and identities reach the attribution, through
// a real collector. Time jumps with Playwright's clock; every wait is for a condition.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createClient } from '../../../src/client/index.js';
import { browserSkip, launchChromium, newVisitor } from '../support/chromium.js';
import { startCollector, type TestCollector } from '../support/collector.js';
import { startSite, type Site } from '../support/site.js';
import { waitFor } from '../support/wait.js';

const SECRET = 'sk_journey_0123456789abcdef';

async function cookie(context: BrowserContext, name: string): Promise<string | undefined> {
  return (await context.cookies()).find((c) => c.name === name)?.value;
}
const sessionOf = (value: string | undefined) => value?.split('.')[0];

describe('browser SDK: sessions, page views and attribution', { skip: browserSkip }, () => {
  let browser: Browser;
  let collector: TestCollector;
  let site: Site;
  before(async () => {
    browser = await launchChromium();
    // Anonymisation on at the collector and in the pipeline, as TRIBUTARY_ANONYMISE_IP=true sets both.
    collector = await startCollector({ secretKeys: [SECRET], anonymiseIp: true }, { anonymiseIp: true });
    site = await startSite({ collector: collector.url, writeKey: 'wk_acme' });
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await collector?.close();
    assert.deepEqual(collector.errors, [], 'no worker may fail');
  });

  describe('one visitor from a Google Ads click', () => {
    let context: BrowserContext;
    let page: Page;
    let clientId: string;
    const visits = () => collector.visits(clientId);
    const pageViews = async () => (await collector.hits(clientId)).filter((h) => h.name === 'page_view');
    before(async () => {
      context = await newVisitor(browser);
      page = await context.newPage();
      await page.clock.install();
    });
    after(async () => { await context?.close(); });

    it('a ?gclid landing is a session whose touchpoint exports as paid_search / google with the click ID', async () => {
      await page.goto(`${site.origin('www.acme.test')}/pricing?gclid=GCLID-abc_123`);
      clientId = await waitFor('the _trb_cid cookie', () => cookie(context, '_trb_cid'));
      const [touchpoint] = await waitFor('the landing touchpoint', async () => {
        const mine = (await collector.touchpoints()).filter((t) => t.client_id === clientId);
        return mine.length > 0 && mine;
      });
      assert.equal(touchpoint.origin, 'visit');
      assert.equal(touchpoint.channel, 'paid_search');
      assert.equal(touchpoint.source, 'google');
      assert.equal(touchpoint.medium, 'cpc');
      assert.deepEqual(touchpoint.click_id, { type: 'gclid', value: 'GCLID-abc_123' });
      assert.equal(touchpoint.session_id, sessionOf(await cookie(context, '_trb_sid')));
      assert.match(touchpoint.landing_url, /\/pricing\?gclid=GCLID-abc_123$/);
    });

    it('the collector added the visitor\'s address (anonymised: last octet 0) and user agent', async () => {
      const [visit] = await visits();
      assert.equal(visit.ip, '127.0.0.0');
      assert.equal(visit.browser, 'Chrome');
      assert.equal(visit.is_bot, false);
      assert.equal(visit.consent_ads, true);
    });

    it('a second page within 30 minutes keeps the session: one more page view, no new visit', async () => {
      await page.clock.fastForward('20:00');
      await page.click('#next');
      const views = await waitFor('two page views', async () => { const v = await pageViews(); return v.length === 2 && v; });
      assert.deepEqual(views.map((v) => new URL(v.page_url).pathname), ['/pricing', '/next']);
      assert.equal(views[0].session_id, views[1].session_id);
      assert.equal(views[1].properties.referrer, `${site.origin('www.acme.test')}/pricing?gclid=GCLID-abc_123`);
      assert.equal((await visits()).length, 1);
    });

    it('new UTMs start a new session; reloading the same campaign URL within 30 minutes does not', async () => {
      const firstSession = sessionOf(await cookie(context, '_trb_sid'));
      await page.goto(`${site.origin('www.acme.test')}/spring?utm_source=newsletter&utm_medium=email&utm_campaign=Spring`);
      await waitFor('a second visit', async () => (await visits()).length === 2);
      await page.reload();
      await waitFor('four page views', async () => (await pageViews()).length === 4);
      const all = await visits();
      assert.equal(all.length, 2, 'the reload is the same session');
      assert.notEqual(all[1].session_id, firstSession);
      const touchpoint = (await collector.touchpoints()).find((t) => t.session_id === all[1].session_id);
      assert.deepEqual([touchpoint.channel, touchpoint.source, touchpoint.medium, touchpoint.campaign], ['email', 'newsletter', 'email', 'Spring']);
    });

    it('a reload after 30 minutes without activity starts a new session', async () => {
      const before = sessionOf(await cookie(context, '_trb_sid'));
      await page.clock.fastForward('31:00');
      await page.reload();
      const all = await waitFor('a third visit', async () => { const v = await visits(); return v.length === 3 && v; });
      assert.notEqual(all[2].session_id, before);
      assert.equal(all[2].session_id, sessionOf(await cookie(context, '_trb_sid')));
    });

    it('identify(email), then a server-side company_created for that email, attributes the company to this browser\'s touchpoints', async () => {
      await page.evaluate(() => (window as any).tributary.identify('Ana.Browser@Acme.com'));
      const client = createClient({ url: collector.local, secretKey: SECRET, onError: (f) => assert.fail(`${f.kind}: ${f.reason}`) });
      client.track({ type: 'company_created', company_id: 'co-browser', email: 'ana.browser@acme.com', ts: new Date(Date.now() + 3 * 3_600_000) });
      await client.close();
      const attribution = await waitFor('the company attribution', async () => {
        const res = await fetch(`${collector.local}/v1/companies/co-browser/attribution`);
        const body = res.status === 200 ? await res.json() as any : null;
        return body?.first_touch && body.last_touch?.campaign === 'Spring' && body;
      });
      assert.equal(attribution.first_touch.channel, 'paid_search');
      assert.deepEqual(attribution.first_touch.click_id, { type: 'gclid', value: 'GCLID-abc_123' });
      assert.equal(attribution.last_touch.channel, 'email');
    });
  });

  it('single-page apps: pushState, replaceState and popstate navigations are page views; a replaceState to the same URL is not', async () => {
    const context = await newVisitor(browser);
    const page = await context.newPage();
    await page.goto(`${site.origin('www.acme.test')}/app`);
    const clientId = await waitFor('the _trb_cid cookie', () => cookie(context, '_trb_cid'));
    await waitFor('the first page view', async () => (await collector.hits(clientId)).length === 1);
    await page.evaluate(() => {
      history.pushState({ step: 1 }, '', '/app/settings');
      history.pushState({ step: 2 }, '', '/app/billing?tab=invoices');
      history.replaceState({ step: 2 }, '', '/app/billing?tab=invoices');
    });
    await page.goBack();
    const views = await waitFor('four page views', async () => { const v = await collector.hits(clientId); return v.length === 4 && v; });
    assert.deepEqual(views.map((v) => { const u = new URL(v.page_url); return u.pathname + u.search; }),
      ['/app', '/app/settings', '/app/billing?tab=invoices', '/app/settings']);
    assert.equal(new Set(views.map((v) => v.session_id)).size, 1);
    assert.deepEqual(await page.evaluate(() => history.state), { step: 1 }, 'the page\'s own history state is untouched');
    await context.close();
  });

  it('track(name, props) is a hit; an event tracked just before leaving the page still arrives (beacon on pagehide)', async () => {
    const context = await newVisitor(browser);
    const page = await context.newPage();
    await page.goto(`${site.origin('www.acme.test')}/plans`);
    const clientId = await waitFor('the _trb_cid cookie', () => cookie(context, '_trb_cid'));
    await page.evaluate(() => {
      (window as any).tributary.track('plan_chosen', { plan: 'pro', seats: 3 });
      location.href = '/checkout';
    });
    const hit = await waitFor('the plan_chosen hit', async () => (await collector.hits(clientId)).find((h) => h.name === 'plan_chosen'));
    assert.deepEqual(hit.properties, { plan: 'pro', seats: 3 });
    assert.match(hit.page_url, /\/plans$/);
    await context.close();
  });

  it('fbclid sets _fbc as fb.1.<ms>.<fbclid>; _fbp and _fbc travel with the session', async () => {
    const context = await newVisitor(browser);
    await context.addCookies([{ name: '_fbp', value: 'fb.1.1700000000000.987654321', domain: '.acme.test', path: '/' }]);
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${site.origin('www.acme.test')}/?fbclid=IwAR-fb-click-1`);
    const clientId = await waitFor('the _trb_cid cookie', () => cookie(context, '_trb_cid'));
    const fbc = await waitFor('the _fbc cookie', () => cookie(context, '_fbc'));
    const [, , ms, fbclid] = fbc.split('.');
    assert.equal(fbc.split('.').length, 4);
    assert.equal(fbclid, 'IwAR-fb-click-1');
    assert.ok(Number(ms) >= started - 1000 && Number(ms) <= Date.now() + 1000, `ms ${ms} is the landing time`);
    const [visit] = await waitFor('the visit', async () => { const v = await collector.visits(clientId); return v.length > 0 && v; });
    assert.equal(visit.fbp, 'fb.1.1700000000000.987654321');
    assert.equal(visit.fbc, fbc);
    const touchpoint = (await collector.touchpoints()).find((t) => t.client_id === clientId);
    assert.deepEqual([touchpoint.channel, touchpoint.source], ['organic_social', 'facebook']);
    await context.close();
  });

  it('the client ID and session live on the registrable domain: www. and shop. share them', async () => {
    const context = await newVisitor(browser);
    const page = await context.newPage();
    await page.goto(`${site.origin('www.acme.test')}/`);
    const clientId = await waitFor('the _trb_cid cookie', () => cookie(context, '_trb_cid'));
    assert.equal((await context.cookies()).find((c) => c.name === '_trb_cid')?.domain, '.acme.test');
    await page.goto(`${site.origin('shop.acme.test')}/cart`);
    const views = await waitFor('page views on both hosts', async () => { const v = await collector.hits(clientId); return v.length === 2 && v; });
    assert.deepEqual(views.map((v) => new URL(v.page_url).host.split(':')[0]), ['www.acme.test', 'shop.acme.test']);
    assert.equal(views[0].session_id, views[1].session_id);
    assert.equal((await collector.visits(clientId)).length, 1);
    await context.close();
  });

  it('never throws into the host page, whatever it is called with; calls queued before the script loaded are replayed', async () => {
    const context = await newVisitor(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(() => { (window as any).tributary = [['track', 'queued_early', { from: 'stub' }]]; });
    await page.goto(`${site.origin('www.acme.test')}/robust`);
    await page.waitForFunction(() => !Array.isArray((window as any).tributary));
    const results = await page.evaluate(() => {
      const t = (window as any).tributary;
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      const calls = [
        () => t.track(), () => t.track('circular', circular), () => t.track({ not: 'a name' }), () => t.identify(),
        () => t.identify(Symbol('x')), () => t.consent(), () => t.consent(null), () => t.consent('yes'),
      ];
      return calls.map((call) => { try { return call() === undefined ? 'ok' : 'returned'; } catch (e) { return `threw ${String(e)}`; } });
    });
    assert.deepEqual(results, Array(8).fill('ok'));
    await page.evaluate(() => (window as any).tributary.track('still_working'));
    const clientId = await waitFor('the _trb_cid cookie', () => cookie(context, '_trb_cid'));
    const names = await waitFor('the early and the late hit', async () => {
      const n = (await collector.hits(clientId)).map((h) => h.name);
      return n.includes('queued_early') && n.includes('still_working') && n;
    });
    assert.ok(!names.includes('circular'));
    assert.deepEqual(errors, []);
    await context.close();
  });
});
