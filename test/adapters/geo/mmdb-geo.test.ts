// Against the real DB-IP Lite files from the npm package. Expected answers were read from the shipped mmdb
// (version 2.3.2026060513); a newer database may move a city, rarely a country.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { GeoLookup } from '../../../src/core/enrichment/geo.js';
import { defaultMmdbPaths, openMmdbGeo, toGeoInfo } from '../../../src/adapters/geo/mmdb-geo.js';

describe('openMmdbGeo (DB-IP Lite City)', () => {
  let geo: GeoLookup;
  before(async () => { geo = await openMmdbGeo(); });

  it('8.8.8.8 (Google DNS) is in Mountain View, California, US', () => {
    assert.deepEqual(geo.lookup('8.8.8.8'), { country: 'US', region: 'California', city: 'Mountain View' });
  });
  it('1.1.1.1 (Cloudflare DNS) is in Australia', () => {
    assert.deepEqual(geo.lookup('1.1.1.1'), { country: 'AU', region: 'New South Wales', city: 'Sydney' });
  });
  it('193.0.6.139 (RIPE NCC) is in North Holland, NL; the city keeps DB-IP\'s district', () => {
    assert.deepEqual(geo.lookup('193.0.6.139'),
      { country: 'NL', region: 'North Holland', city: 'Amsterdam (Amsterdam-Centrum)' });
  });
  it('81.2.69.142 is in London, GB', () => {
    assert.deepEqual(geo.lookup('81.2.69.142'), { country: 'GB', region: 'England', city: 'London' });
  });
  it('IPv6 goes to the IPv6 database: RIPE NCC and Google Frankfurt', () => {
    assert.deepEqual(geo.lookup('2001:67c:2e8:22::c100:68b'),
      { country: 'NL', region: 'North Holland', city: 'Amsterdam' });
    assert.deepEqual(geo.lookup('2a00:1450:4001:80b::200e'),
      { country: 'DE', region: 'Hesse', city: 'Frankfurt am Main' });
  });
  it('an anonymised address locates like the full one', () => {
    assert.deepEqual(geo.lookup('8.8.8.0'), geo.lookup('8.8.8.8'));
    assert.deepEqual(geo.lookup('193.0.6.0'), geo.lookup('193.0.6.139'));
    assert.deepEqual(geo.lookup('2001:67c:2e8::'), geo.lookup('2001:67c:2e8:22::c100:68b'));
  });
  it('an IPv4-mapped IPv6 address is looked up as IPv4', () => {
    assert.deepEqual(geo.lookup('::ffff:8.8.8.8'), geo.lookup('8.8.8.8'));
  });
  it('private, loopback, link-local and documentation addresses: null', () => {
    for (const ip of ['10.1.2.3', '192.168.0.10', '172.16.5.4', '127.0.0.1', '169.254.1.1', '100.64.0.1',
      '192.0.2.1', '::1', '::', 'fe80::1%eth0', 'fd00::1', '2001:db8::1']) {
      assert.equal(geo.lookup(ip), null, ip);
    }
  });
  it('garbage never throws and gives null', () => {
    for (const ip of ['', 'garbage', '999.1.1.1', '1.2.3', '::g', '1::2::3', 'jane@example.com', '8.8.8.8, 1.1.1.1',
      '\u0000', 'x'.repeat(10_000)]) {
      assert.equal(geo.lookup(ip), null, ip);
    }
  });
  it('an address the database has no record for: null (public but unallocated IPv6)', () => {
    assert.equal(geo.lookup('3ffe::1'), null);
  });
});

describe('openMmdbGeo options', () => {
  it('default paths resolve into the npm package, not a hard-coded directory', () => {
    const { ipv4Path, ipv6Path } = defaultMmdbPaths();
    assert.match(ipv4Path, /@ip-location-db[/\\]dbip-city-mmdb[/\\]dbip-city-ipv4\.mmdb$/);
    assert.match(ipv6Path, /@ip-location-db[/\\]dbip-city-mmdb[/\\]dbip-city-ipv6\.mmdb$/);
  });
  it('a missing file rejects at open', async () => {
    await assert.rejects(openMmdbGeo({ ipv4Path: '/nonexistent/geo.mmdb' }));
  });
});

describe('toGeoInfo', () => {
  it('reads the flat DB-IP (ip-location-db) record; empty strings are null', () => {
    assert.deepEqual(toGeoInfo({ city: 'Sydney', country_code: 'AU', state1: 'New South Wales', state2: '',
      postcode: '', latitude: -33.8, longitude: 151.2, timezone: '' }),
    { country: 'AU', region: 'New South Wales', city: 'Sydney' });
    assert.deepEqual(toGeoInfo({ country_code: 'FR', state1: '', city: '' }),
      { country: 'FR', region: null, city: null });
  });
  it('reads the nested MaxMind GeoIP2 / GeoLite2 City record', () => {
    assert.deepEqual(toGeoInfo({
      country: { iso_code: 'GB', names: { en: 'United Kingdom' } },
      subdivisions: [{ iso_code: 'ENG', names: { en: 'England' } }],
      city: { names: { en: 'London', de: 'London' } },
    }), { country: 'GB', region: 'England', city: 'London' });
    assert.deepEqual(toGeoInfo({ country: { iso_code: 'SG' } }), { country: 'SG', region: null, city: null });
  });
  it('unknown country codes and empty records are null', () => {
    assert.deepEqual(toGeoInfo({ country_code: 'ZZ', city: 'Somewhere' }),
      { country: null, region: null, city: 'Somewhere' });
    assert.equal(toGeoInfo({ country_code: '', state1: '', city: '' }), null);
    assert.equal(toGeoInfo(null), null);
    assert.equal(toGeoInfo('US'), null);
  });
});
