import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import UAParser from 'ua-parser-js';
import {
  createUserAgentParser, toDeviceInfo, USER_AGENT_MAX_LENGTH, type DeviceInfo, type RawUserAgent,
} from '../../../src/core/enrichment/user-agent.js';

const UA = {
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  safariIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) '
    + 'Version/17.4.1 Mobile/15E148 Safari/604.1',
  ipad: 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 '
    + 'Mobile/15E148 Safari/604.1',
  androidPhone: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) '
    + 'Chrome/124.0.6367.82 Mobile Safari/537.36',
  androidTablet: 'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) '
    + 'Chrome/124.0.0.0 Safari/537.36',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  firefoxUbuntu: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 '
    + 'Safari/537.36 Edg/124.0.2478.51',
  safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) '
    + 'Version/17.4 Safari/605.1.15',
  chromebook: 'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 '
    + 'Safari/537.36',
  smartTv: 'Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/538.1 (KHTML, like Gecko) Version/6.0 TV '
    + 'Safari/538.1',
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  googlebotSmartphone: 'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like '
    + 'Gecko) Chrome/124.0.6367.60 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  headlessChrome: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 '
    + 'Safari/537.36',
  curl: 'curl/8.5.0',
} as const;

const parseUserAgent = createUserAgentParser();

const human = (d: Omit<DeviceInfo, 'is_bot'>): DeviceInfo => ({ ...d, is_bot: false });

describe('createUserAgentParser: real user agents', () => {
  it('Chrome on Windows is a desktop', () => {
    assert.deepEqual(parseUserAgent(UA.chromeWindows), human({
      device_type: 'desktop', browser: 'Chrome', browser_version: '124.0.0.0', os: 'Windows', os_version: '10',
    }));
  });
  it('Safari on iPhone is mobile', () => {
    assert.deepEqual(parseUserAgent(UA.safariIphone), human({
      device_type: 'mobile', browser: 'Mobile Safari', browser_version: '17.4.1', os: 'iOS', os_version: '17.4.1',
    }));
  });
  it('an iPad that says so is a tablet', () => {
    assert.deepEqual(parseUserAgent(UA.ipad), human({
      device_type: 'tablet', browser: 'Mobile Safari', browser_version: '16.6', os: 'iOS', os_version: '16.6',
    }));
  });
  it('an iPad on iPadOS 13+ sends the Mac Safari user agent and is read as a Mac desktop (known limit)', () => {
    assert.deepEqual(parseUserAgent(UA.safariMac), human({
      device_type: 'desktop', browser: 'Safari', browser_version: '17.4', os: 'Mac OS', os_version: '10.15.7',
    }));
  });
  it('Chrome on an Android phone is mobile', () => {
    assert.deepEqual(parseUserAgent(UA.androidPhone), human({
      device_type: 'mobile', browser: 'Chrome', browser_version: '124.0.6367.82', os: 'Android', os_version: '14',
    }));
  });
  it('Chrome on an Android tablet is a tablet', () => {
    assert.equal(parseUserAgent(UA.androidTablet).device_type, 'tablet');
  });
  it('Firefox on Linux is a desktop, with no OS version', () => {
    assert.deepEqual(parseUserAgent(UA.firefoxLinux), human({
      device_type: 'desktop', browser: 'Firefox', browser_version: '125.0', os: 'Linux', os_version: null,
    }));
  });
  it('a Linux distribution named in the user agent is a desktop OS too', () => {
    assert.equal(parseUserAgent(UA.firefoxUbuntu).os, 'Ubuntu');
    assert.equal(parseUserAgent(UA.firefoxUbuntu).device_type, 'desktop');
    assert.equal(parseUserAgent(UA.chromebook).os, 'Chromium OS');
    assert.equal(parseUserAgent(UA.chromebook).device_type, 'desktop');
  });
  it('Edge is told apart from the Chrome it contains', () => {
    assert.deepEqual(parseUserAgent(UA.edge), human({
      device_type: 'desktop', browser: 'Edge', browser_version: '124.0.2478.51', os: 'Windows', os_version: '10',
    }));
  });
  it('a smart TV is "other"', () => {
    assert.equal(parseUserAgent(UA.smartTv).device_type, 'other');
    assert.equal(parseUserAgent(UA.smartTv).is_bot, false);
  });
});

describe('createUserAgentParser: bots', () => {
  it('Googlebot is a bot, with no browser or OS', () => {
    assert.deepEqual(parseUserAgent(UA.googlebot), {
      device_type: 'bot', browser: null, browser_version: null, os: null, os_version: null, is_bot: true,
    });
  });
  it('the Googlebot smartphone crawler is a bot even though it looks like Chrome on Android', () => {
    const d = parseUserAgent(UA.googlebotSmartphone);
    assert.equal(d.is_bot, true);
    assert.equal(d.device_type, 'bot');
    assert.equal(d.os, 'Android');
  });
  it('curl and headless Chrome are bots', () => {
    assert.deepEqual(parseUserAgent(UA.curl), {
      device_type: 'bot', browser: null, browser_version: null, os: null, os_version: null, is_bot: true,
    });
    assert.equal(parseUserAgent(UA.headlessChrome).is_bot, true);
  });
  it('no real browser above is a bot', () => {
    for (const key of ['chromeWindows', 'safariIphone', 'ipad', 'androidPhone', 'firefoxLinux', 'edge'] as const) {
      assert.equal(parseUserAgent(UA[key]).is_bot, false, key);
    }
  });
});

describe('createUserAgentParser: absent user agents', () => {
  const nothing: DeviceInfo = {
    device_type: null, browser: null, browser_version: null, os: null, os_version: null, is_bot: false,
  };
  it('null gives all-null device info, not a bot', () => assert.deepEqual(parseUserAgent(null), nothing));
  it('empty and blank strings are the same as null', () => {
    assert.deepEqual(parseUserAgent(''), nothing);
    assert.deepEqual(parseUserAgent('   '), nothing);
  });
});

describe('createUserAgentParser: cache', () => {
  function counting(): { parse: (ua: string) => RawUserAgent; calls: string[] } {
    const calls: string[] = [];
    return { calls, parse: (ua) => { calls.push(ua); return UAParser(ua); } };
  }

  it('a repeated user agent is parsed once and returns the same (frozen) object', () => {
    const { parse, calls } = counting();
    const parseUa = createUserAgentParser({ parse });
    const first = parseUa(UA.chromeWindows);
    const second = parseUa(UA.chromeWindows);
    assert.equal(second, first);
    assert.ok(Object.isFrozen(first));
    assert.deepEqual(calls, [UA.chromeWindows]);
    parseUa(UA.edge);
    parseUa(UA.chromeWindows);
    assert.equal(calls.length, 2);
  });

  it('evicts the least recently used entry when full', () => {
    const { parse, calls } = counting();
    const parseUa = createUserAgentParser({ cacheSize: 2, parse });
    parseUa(UA.chromeWindows);
    parseUa(UA.edge);
    parseUa(UA.chromeWindows); // hit: edge is now the least recently used
    parseUa(UA.firefoxLinux); // evicts edge
    parseUa(UA.chromeWindows); // still cached
    assert.equal(calls.length, 3);
    parseUa(UA.edge); // parsed again
    assert.deepEqual(calls, [UA.chromeWindows, UA.edge, UA.firefoxLinux, UA.edge]);
  });

  it('cacheSize 0 turns the cache off', () => {
    const { parse, calls } = counting();
    const parseUa = createUserAgentParser({ cacheSize: 0, parse });
    assert.deepEqual(parseUa(UA.ipad), parseUa(UA.ipad));
    assert.equal(calls.length, 2);
  });

  it('null and empty user agents never reach the parser', () => {
    const { parse, calls } = counting();
    const parseUa = createUserAgentParser({ parse });
    parseUa(null);
    parseUa('');
    assert.equal(calls.length, 0);
  });

  it('keys on at most USER_AGENT_MAX_LENGTH characters, what ua-parser-js reads anyway', () => {
    const { parse, calls } = counting();
    const parseUa = createUserAgentParser({ parse });
    const long = UA.chromeWindows.padEnd(USER_AGENT_MAX_LENGTH, ' x');
    parseUa(`${long}AAAA`);
    parseUa(`${long}BBBB`);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.length, USER_AGENT_MAX_LENGTH);
  });

  it('refuses a negative or fractional cache size', () => {
    assert.throws(() => createUserAgentParser({ cacheSize: -1 }), RangeError);
    assert.throws(() => createUserAgentParser({ cacheSize: 1.5 }), RangeError);
  });
});

describe('toDeviceInfo', () => {
  const raw = (type: string | undefined, os: string | undefined): RawUserAgent =>
    ({ browser: {}, os: { name: os }, device: { type } });
  it('maps the device types ua-parser-js reports', () => {
    assert.equal(toDeviceInfo(raw('mobile', 'iOS'), false).device_type, 'mobile');
    assert.equal(toDeviceInfo(raw('tablet', 'Android'), false).device_type, 'tablet');
    for (const type of ['console', 'smarttv', 'wearable', 'embedded', 'xr']) {
      assert.equal(toDeviceInfo(raw(type, 'Linux'), false).device_type, 'other', type);
    }
  });
  it('an absent type is a desktop only with a desktop OS', () => {
    assert.equal(toDeviceInfo(raw(undefined, 'Windows'), false).device_type, 'desktop');
    assert.equal(toDeviceInfo(raw(undefined, 'FreeBSD'), false).device_type, 'desktop');
    assert.equal(toDeviceInfo(raw(undefined, 'debian'), false).device_type, 'desktop');
    assert.equal(toDeviceInfo(raw(undefined, 'Android'), false).device_type, null);
    assert.equal(toDeviceInfo(raw(undefined, 'Windows Phone'), false).device_type, null);
    assert.equal(toDeviceInfo(raw(undefined, undefined), false).device_type, null);
  });
  it('a bot is a bot whatever the device type', () => {
    assert.equal(toDeviceInfo(raw('mobile', 'Android'), true).device_type, 'bot');
  });
});
