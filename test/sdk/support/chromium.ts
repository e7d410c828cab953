// Headless Chromium (Debian's `chromium`, driven by playwright-core) for the SDK's acceptance tests. Outside CI a
// machine without it skips them with one line; in CI (process.env.CI set) they always run, and fail if it is gone.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const browserSkip: string | false = !existsSync(CHROMIUM) && !process.env.CI
  ? `chromium not found at ${CHROMIUM} (apt-get install chromium): browser tests skipped outside CI`
  : false;

/** Every *.acme.test / *.other.test host is this machine: real site names, so cookies live on a registrable domain. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--host-resolver-rules=MAP *.test 127.0.0.1'],
  });
}

// Headless Chromium announces itself as "HeadlessChrome", which is (rightly) a bot: its visits would earn no
// touchpoint. The tests browse as the desktop Chrome they stand for.
export const DESKTOP_CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

export function newVisitor(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ userAgent: DESKTOP_CHROME });
}
