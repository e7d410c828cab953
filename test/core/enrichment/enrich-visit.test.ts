import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enrichVisit } from '../../../src/core/enrichment/enrich-visit.js';
import type { GeoInfo, GeoLookup } from '../../../src/core/enrichment/geo.js';
import { createUserAgentParser } from '../../../src/core/enrichment/user-agent.js';

const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const MOUNTAIN_VIEW: GeoInfo = { country: 'US', region: 'California', city: 'Mountain View' };

/** A geo port that records what it was asked and answers from a table. */
function recordingGeo(table: Record<string, GeoInfo>): GeoLookup & { asked: string[] } {
  const asked: string[] = [];
  return { asked, lookup: (ip) => { asked.push(ip); return table[ip] ?? null; } };
}

const parseUserAgent = createUserAgentParser();

describe('enrichVisit', () => {
  it('combines device and place, and stores the full address when anonymisation is off', () => {
    const geo = recordingGeo({ '8.8.8.8': MOUNTAIN_VIEW });
    const v = enrichVisit({ userAgent: CHROME_WINDOWS, ip: '8.8.8.8', anonymiseIp: false }, { parseUserAgent, geo });
    assert.deepEqual(v, {
      device_type: 'desktop', browser: 'Chrome', browser_version: '124.0.0.0', os: 'Windows', os_version: '10',
      is_bot: false, country: 'US', region: 'California', city: 'Mountain View', ip: '8.8.8.8',
    });
    assert.deepEqual(geo.asked, ['8.8.8.8']);
  });

  it('anonymises before the lookup: the geo port never sees the full address', () => {
    const geo = recordingGeo({ '8.8.8.0': MOUNTAIN_VIEW });
    const v = enrichVisit({ userAgent: null, ip: '8.8.8.8', anonymiseIp: true }, { parseUserAgent, geo });
    assert.equal(v.ip, '8.8.8.0');
    assert.equal(v.country, 'US');
    assert.deepEqual(geo.asked, ['8.8.8.0']);
  });

  it('anonymises IPv6 to /48 before the lookup', () => {
    const geo = recordingGeo({});
    const v = enrichVisit({ userAgent: null, ip: '2001:4860:4860::8888', anonymiseIp: true }, { parseUserAgent, geo });
    assert.equal(v.ip, '2001:4860:4860::');
    assert.deepEqual(geo.asked, ['2001:4860:4860::']);
  });

  it('stores the canonical form, and an IPv4-mapped address as IPv4', () => {
    const geo = recordingGeo({});
    assert.equal(enrichVisit({ userAgent: null, ip: '2001:DB8:0:0::1', anonymiseIp: false },
      { parseUserAgent, geo }).ip, '2001:db8::1');
    assert.equal(enrichVisit({ userAgent: null, ip: '::ffff:8.8.8.8', anonymiseIp: false },
      { parseUserAgent, geo }).ip, '8.8.8.8');
  });

  it('private and loopback addresses are stored but never looked up', () => {
    const geo = recordingGeo({ '10.0.0.1': MOUNTAIN_VIEW, '127.0.0.1': MOUNTAIN_VIEW });
    for (const ip of ['10.0.0.1', '127.0.0.1', '192.168.1.20', '::1']) {
      const v = enrichVisit({ userAgent: null, ip, anonymiseIp: false }, { parseUserAgent, geo });
      assert.equal(v.ip, ip);
      assert.deepEqual([v.country, v.region, v.city], [null, null, null]);
    }
    assert.deepEqual(geo.asked, []);
  });

  it('a value that is not an IP address is neither stored nor looked up', () => {
    const geo = recordingGeo({});
    for (const ip of ['jane@example.com', 'garbage', '', '8.8.8.8, 10.0.0.1']) {
      const v = enrichVisit({ userAgent: null, ip, anonymiseIp: false }, { parseUserAgent, geo });
      assert.equal(v.ip, null, ip);
      assert.equal(v.country, null);
    }
    assert.deepEqual(geo.asked, []);
  });

  it('no geo database: place is null, the address is still stored', () => {
    const v = enrichVisit({ userAgent: CHROME_WINDOWS, ip: '8.8.8.8', anonymiseIp: true },
      { parseUserAgent, geo: null });
    assert.deepEqual([v.ip, v.country, v.region, v.city, v.device_type], ['8.8.8.0', null, null, null, 'desktop']);
  });

  it('an unknown address gives null place', () => {
    const v = enrichVisit({ userAgent: null, ip: '9.9.9.9', anonymiseIp: false },
      { parseUserAgent, geo: recordingGeo({}) });
    assert.deepEqual([v.country, v.region, v.city], [null, null, null]);
  });

  it('nothing known: every field null, not a bot', () => {
    assert.deepEqual(enrichVisit({ userAgent: null, ip: null, anonymiseIp: true }, { parseUserAgent, geo: null }), {
      device_type: null, browser: null, browser_version: null, os: null, os_version: null, is_bot: false,
      country: null, region: null, city: null, ip: null,
    });
  });

  it('a bot is still enriched with place', () => {
    const geo = recordingGeo({ '66.249.66.0': MOUNTAIN_VIEW });
    const v = enrichVisit({ userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      ip: '66.249.66.1', anonymiseIp: true }, { parseUserAgent, geo });
    assert.deepEqual([v.is_bot, v.device_type, v.country], [true, 'bot', 'US']);
  });

  it('the returned object is a fresh one the caller may change (the cached device info is not shared)', () => {
    const v = enrichVisit({ userAgent: CHROME_WINDOWS, ip: null, anonymiseIp: false }, { parseUserAgent, geo: null });
    v.browser = 'changed';
    assert.equal(parseUserAgent(CHROME_WINDOWS).browser, 'Chrome');
  });
});
