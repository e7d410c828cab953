// The dashboard in headless Chromium against a real `tributary start` over a real data directory: every panel
// draws, filters change the numbers and the URL, a shared URL opens the same view, Back returns to the last one,
// a campaign name that is HTML stays text, and the page runs under its Content-Security-Policy with no console
// error and no policy violation. With read keys, the reader signs in and lands on the view they asked for.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserSkip, launchChromium } from '../sdk/support/chromium.js';
import { waitFor } from '../sdk/support/wait.js';
import { run, startProcess, type StartedProcess } from '../support/cli.js';
import { EVENTS, HOSTILE_CAMPAIGN } from './history.js';

const PANELS = ['attribution', 'comparison', 'trend', 'paths', 'coverage', 'quality'];
const READ_KEY = 'rk_dashboard_test_0123456789';
const DASHBOARD_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
  + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

interface Watched { page: Page; problems: string[]; dialogs: string[] }

/** A page that records console errors, uncaught exceptions, CSP violations and dialogs (an alert() that ran). */
async function watchedPage(context: BrowserContext): Promise<Watched> {
  const page = await context.newPage();
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  await page.exposeFunction('reportViolation', (text: string) => { problems.push(`CSP violation: ${text}`); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportViolation(t: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { page, problems, dialogs };
}

/** Waits until every panel has drawn its answer (or said why not) for the view in the address bar. */
async function settled(page: Page): Promise<Record<string, string>> {
  await page.waitForFunction((ids) => ids.every((id) => {
    const state = document.getElementById(id)?.dataset.state;
    return state !== undefined && state !== 'loading';
  }), PANELS);
  return page.evaluate((ids) => Object.fromEntries(ids.map((id) => [id, document.getElementById(id)!.dataset.state!])), PANELS);
}

/** The dashboard at `path`, watched, once every panel has answered; `states` is how each ended. */
async function openDashboard(context: BrowserContext, url: string): Promise<Watched & { states: Record<string, string> }> {
  const watched = await watchedPage(context);
  await watched.page.goto(url);
  return { ...watched, states: await settled(watched.page) };
}

/** A panel's main table as text, header row first. */
function tableOf(page: Page, panel: string): Promise<string[][]> {
  return page.$$eval(`#${panel} .table tr`, (rows) => rows.map((r) => Array.from(r.children, (c) => c.textContent ?? '')));
}

const query = (page: Page) => new URL(page.url()).search;

interface Served { server: StartedProcess; close(): Promise<void> }

/** The history ingested into a fresh data directory by `tributary ingest`, then `tributary start` over it. */
async function startOverHistory(env: Record<string, string>): Promise<Served> {
  const dir = await mkdtemp(join(tmpdir(), 'tributary-dashboard-'));
  const removeDir = () => rm(dir, { recursive: true, force: true });
  try {
    const ingested = await run(['--data-dir', dir, 'ingest', '-'], EVENTS.map((e) => JSON.stringify(e)).join('\n'));
    assert.equal(ingested.code, 0, ingested.stderr);
    const server = await startProcess(dir, env);
    return { server, close: async () => { await server.stop(); await removeDir(); } };
  } catch (error) {
    await removeDir();
    throw error;
  }
}

describe('dashboard in a browser', { skip: browserSkip }, () => {
  let served: Served;
  let server: StartedProcess;
  let browser: Browser;
  let context: BrowserContext;
  before(async () => {
    served = await startOverHistory({});
    server = served.server;
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'en-US' });
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });

  it('is served with the strict CSP, no MIME sniffing and an ETag; a revalidation is a 304', async () => {
    for (const path of ['/', '/dashboard/dashboard.js', '/dashboard/dashboard.css']) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      const etag = res.headers.get('etag');
      assert.match(String(etag), /^"[\w-]+"$/, path);
      assert.equal((await fetch(`${server.url}${path}`, { headers: { 'if-none-match': etag! } })).status, 304, path);
    }
    const page = await fetch(`${server.url}/`);
    assert.equal(page.headers.get('content-security-policy'), DASHBOARD_CSP);
    const html = await page.text();
    assert.doesNotMatch(html, /<script>|<script(?![^>]*\bsrc=)|\sstyle=|<style|\son\w+=/i, 'no inline script, style or handler');
  });

  it('loads with every panel drawn, no console error and no CSP violation', async () => {
    const { page, problems } = await watchedPage(context);
    const response = await page.goto(`${server.url}/`);
    assert.equal(response!.headers()['content-security-policy'], DASHBOARD_CSP, 'the page runs under the CSP');
    assert.deepEqual(await settled(page), Object.fromEntries(PANELS.map((p) => [p, 'ready'])));
    for (const panel of PANELS) {
      const rows = await page.$$eval(`#${panel} tbody tr`, (trs) => trs.length);
      assert.ok(rows > 0, `${panel} has table rows`);
      const drawn = await page.$eval(`#${panel} canvas`, (c) => {
        const canvas = c as HTMLCanvasElement;
        const blank = Object.assign(document.createElement('canvas'), { width: canvas.width, height: canvas.height });
        return canvas.width > 0 && canvas.toDataURL() !== blank.toDataURL();
      });
      assert.ok(drawn, `${panel} has a drawn chart`);
    }
    assert.deepEqual(await tableOf(page, 'attribution'), [
      ['Channel', 'Conversions', 'Share', 'Spend (USD)', 'Cost per conversion'],
      ['Paid search', '1', '25.0%', '$120.00', '$120.00'],
      ['Email', '1', '25.0%', '—', '—'],
      ['Organic search', '1', '25.0%', '—', '—'],
      ['Referral', '1', '25.0%', '—', '—'],
    ]);
    const figures = await page.$$eval('#coverage dd', (dds) => dds.map((d) => d.textContent));
    assert.deepEqual(figures.slice(0, 3), ['5', '80.0%', '1'], 'converted, attributed share, without touchpoints');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a filter change changes the numbers and the URL; Back returns to the view before', async () => {
    const { page, problems } = await openDashboard(context, `${server.url}/`);
    await page.selectOption('#model', 'last_touch');
    await settled(page);
    assert.equal(query(page), '?model=last_touch');
    const lastTouch = await tableOf(page, 'attribution');
    assert.deepEqual(lastTouch.slice(1).map((r) => r.slice(0, 2)), [['Paid search', '1'], ['Email', '1'], ['Paid social', '1'], ['Referral', '1']]);
    await page.selectOption('#model', 'linear');
    await settled(page);
    assert.deepEqual((await tableOf(page, 'attribution')).slice(1).map((r) => r.slice(0, 2)),
      [['Paid search', '1'], ['Email', '1'], ['Referral', '1'], ['Organic search', '0.5'], ['Paid social', '0.5']]);
    await page.fill('#from', '2026-01-10');
    await page.fill('#through', '2026-01-31');
    await settled(page);
    assert.equal(query(page), '?model=linear&from=2026-01-10&to=2026-02-01', 'through the 31st is to the 1st, exclusive');
    assert.deepEqual((await tableOf(page, 'attribution')).slice(1).map((r) => r.slice(0, 2)),
      [['Email', '1'], ['Organic search', '0.5'], ['Paid social', '0.5']]);
    assert.equal(await page.$eval('#coverage dd', (d) => d.textContent), '2', 'two companies converted in the range');
    await page.goBack();
    await settled(page);
    assert.equal(await page.inputValue('#through'), '');
    await page.goBack();
    await page.goBack();
    await settled(page);
    assert.equal(query(page), '?model=last_touch');
    assert.equal(await page.inputValue('#model'), 'last_touch');
    assert.deepEqual(await tableOf(page, 'attribution'), lastTouch);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a shared URL opens the same view; the HTML campaign is shown as text and never runs', async () => {
    const { page, problems, dialogs } = await openDashboard(context, `${server.url}/?model=linear&by=campaign&from=2026-01-01&to=2026-02-01`);
    assert.deepEqual(await Promise.all(['#entity', '#model', '#by', '#from', '#through'].map((s) => page.inputValue(s))),
      ['companies', 'linear', 'campaign', '2026-01-01', '2026-01-31']);
    assert.equal(await page.textContent('#attribution h2'), 'Conversions by campaign · Linear');
    const rows = (await tableOf(page, 'attribution')).slice(1);
    assert.deepEqual(rows.map((r) => r.slice(0, 2)), [['brand', '1'], [HOSTILE_CAMPAIGN, '1'], ['(not set)', '0.5'], ['retarget', '0.5']]);
    for (const panel of ['comparison', 'trend']) {
      const text = (await tableOf(page, panel)).flat();
      assert.ok(text.includes(HOSTILE_CAMPAIGN), `${panel} shows the campaign as text`);
    }
    assert.equal(await page.$$eval('img', (imgs) => imgs.length), 0, 'no element was made from the campaign name');
    assert.deepEqual(dialogs, [], 'alert() never ran');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('markov and shapley are offered by channel only; the trend says what it shows instead', async () => {
    const { page, problems } = await openDashboard(context, `${server.url}/?by=campaign`);
    await page.selectOption('#model', 'markov');
    assert.deepEqual(await settled(page), Object.fromEntries(PANELS.map((p) => [p, 'ready'])));
    assert.equal(query(page), '?model=markov', 'by=campaign dropped');
    assert.equal(await page.$eval('#by option[value="campaign"]', (o) => (o as HTMLOptionElement).disabled), true);
    assert.match(String(await page.textContent('#trend .note')), /Markov chain is computed over a whole range.*Linear/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('says what to do when a range has no conversions', async () => {
    const { page, problems, states } = await openDashboard(context, `${server.url}/?from=2025-01-01&to=2025-02-01`);
    for (const panel of ['attribution', 'comparison', 'trend', 'paths', 'coverage']) assert.equal(states[panel], 'empty', panel);
    assert.match(String(await page.textContent('#attribution .status')), /No conversions of companies in this range: widen the dates/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the CSP is in force: a script put inline into the page is refused', async () => {
    const { page, problems } = await openDashboard(context, `${server.url}/`);
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
      return (window as unknown as { inlineRan?: boolean }).inlineRan === true;
    });
    assert.equal(ran, false);
    await waitFor('the violation report', () => problems.some((p) => p.startsWith('CSP violation: script-src')));
    await page.close();
  });
});

describe('dashboard behind read keys', { skip: browserSkip }, () => {
  let served: Served;
  let server: StartedProcess;
  let browser: Browser;
  before(async () => {
    served = await startOverHistory({ TRIBUTARY_READ_KEYS: READ_KEY });
    server = served.server;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });

  it('sends the reader to sign in and back to the view they opened; a lost sign-in on a filter change does the same', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const { page, problems } = await watchedPage(context);
    await page.goto(`${server.url}/?model=linear`);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    await page.fill('#key', READ_KEY);
    await Promise.all([page.waitForURL(`${server.url}/?model=linear`), page.click('button[type=submit]')]);
    assert.deepEqual(await settled(page), Object.fromEntries(PANELS.map((p) => [p, 'ready'])));
    await context.clearCookies();
    await Promise.all([page.waitForURL(/\/sign-in\?next=/), page.selectOption('#by', 'source')]);
    assert.equal(new URL(page.url()).searchParams.get('next'), '/?model=linear&by=source');
    assert.deepEqual(problems.filter((p) => !/401/.test(p)), [], 'nothing but the refused reads');
    await context.close();
  });
});
