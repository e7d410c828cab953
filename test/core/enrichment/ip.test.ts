import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  anonymiseIp, formatIp, isPublicIp, normaliseIp, parseIp, type ParsedIp,
} from '../../../src/core/enrichment/ip.js';

describe('anonymiseIp', () => {
  it('IPv4: zeroes the last octet', () => {
    assert.equal(anonymiseIp('203.0.113.77'), '203.0.113.0');
    assert.equal(anonymiseIp('8.8.8.8'), '8.8.8.0');
    assert.equal(anonymiseIp('255.255.255.255'), '255.255.255.0');
    assert.equal(anonymiseIp('1.2.3.0'), '1.2.3.0');
  });
  it('IPv6: keeps the first 48 bits and zeroes the last 80', () => {
    assert.equal(anonymiseIp('2001:db8:85a3:8d3:1319:8a2e:370:7348'), '2001:db8:85a3::');
    assert.equal(anonymiseIp('2001:4860:4860::8888'), '2001:4860:4860::');
    assert.equal(anonymiseIp('2a00:1450:4001:80B::200E'), '2a00:1450:4001::');
    assert.equal(anonymiseIp('2001:db8::1'), '2001:db8::');
    assert.equal(anonymiseIp('::1'), '::');
    assert.equal(anonymiseIp('fe80::1%eth0'), 'fe80::');
  });
  it('an IPv4-mapped IPv6 address is anonymised as the IPv4 address it is', () => {
    assert.equal(anonymiseIp('::ffff:198.51.100.23'), '198.51.100.0');
    assert.equal(anonymiseIp('::FFFF:c633:6417'), '198.51.100.0');
  });
  it('ignores surrounding whitespace', () => assert.equal(anonymiseIp(' 8.8.4.4\n'), '8.8.4.0'));
  it('returns null for anything that is not an IP address, never the input', () => {
    for (const bad of ['', 'garbage', 'jane@example.com', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4',
      '1.2.3.4, 5.6.7.8', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', 'g::1', '::1.2.3', '1.2.3.4::', '[::1]',
      '<script>alert(1)</script>', '1'.repeat(100)]) {
      assert.equal(anonymiseIp(bad), null, bad);
    }
  });
  it('property: idempotent, and the result is its own canonical form', () => {
    fc.assert(fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (ip) => {
      const once = anonymiseIp(ip);
      assert.notEqual(once, null);
      assert.equal(anonymiseIp(once!), once);
      assert.equal(normaliseIp(once!), once);
    }));
  });
  it('property: IPv4 keeps the first three octets and ends in .0', () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => {
      assert.equal(anonymiseIp(ip), `${ip.split('.').slice(0, 3).join('.')}.0`);
    }));
  });
  it('property: IPv6 zeroes exactly the last 10 bytes', () => {
    fc.assert(fc.property(fc.ipV6(), (ip) => {
      const before = parseIp(ip)!;
      fc.pre(before.version === 6);
      const after = parseIp(anonymiseIp(ip)!)!;
      assert.deepEqual(Array.from(after.bytes.subarray(0, 6)), Array.from(before.bytes.subarray(0, 6)));
      assert.ok(after.bytes.subarray(6).every((b) => b === 0));
    }));
  });
});

describe('parseIp / formatIp', () => {
  it('formats IPv6 per RFC 5952', () => {
    assert.equal(normaliseIp('2001:0DB8:0000:0000:0000:0000:0002:0001'), '2001:db8::2:1');
    assert.equal(normaliseIp('2001:db8:0:1:1:1:1:1'), '2001:db8:0:1:1:1:1:1'); // a single zero group stays
    assert.equal(normaliseIp('2001:0:0:1:0:0:0:1'), '2001:0:0:1::1'); // the longest run is compressed
    assert.equal(normaliseIp('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1'); // the first of equal runs
    assert.equal(normaliseIp('::'), '::');
    assert.equal(normaliseIp('1::'), '1::');
    assert.equal(normaliseIp('64:ff9b::192.0.2.33'), '64:ff9b::c000:221');
  });
  it('property: accepts exactly what node:net accepts, for addresses without leading zeros', () => {
    fc.assert(fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ maxLength: 20 }),
      fc.stringMatching(/^[0-9a-f:.]{1,40}$/)), (text) => {
      fc.pre(!/(^|[.:])0\d/.test(text) && text === text.trim());
      assert.equal(parseIp(text) !== null, isIP(text) !== 0, text);
    }), { numRuns: 2000 });
  });
  it('property: IPv6 text agrees with the WHATWG URL serialiser', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
      const ip: ParsedIp = { version: 6, bytes };
      const text = formatIp(ip);
      fc.pre(!text.startsWith('::ffff:') || text.split(':').length !== 4); // mapped addresses come back as IPv4
      assert.equal(text, new URL(`http://[${text}]/`).hostname.slice(1, -1));
      assert.deepEqual(Array.from(parseIp(text)!.bytes), Array.from(bytes));
    }));
  });
});

describe('isPublicIp', () => {
  it('public addresses', () => {
    for (const ip of ['8.8.8.8', '1.1.1.1', '193.0.6.139', '100.63.255.255', '100.128.0.0', '172.15.0.1',
      '172.32.0.1', '192.0.1.1', '198.20.0.1', '2001:4860:4860::8888', '2a00:1450:4001::', '::ffff:8.8.8.8']) {
      assert.equal(isPublicIp(ip), true, ip);
    }
  });
  it('private, loopback, link-local, shared, documentation, multicast and reserved addresses', () => {
    for (const ip of ['10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '127.0.0.1', '127.1.2.3',
      '0.0.0.0', '169.254.169.254', '100.64.0.1', '100.127.255.255', '192.0.0.8', '192.0.2.1', '198.18.0.1',
      '198.19.255.255', '198.51.100.1', '203.0.113.9', '224.0.0.1', '240.0.0.1', '255.255.255.255', '::', '::1',
      'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '2001:db8::1', '3fff::1', '::ffff:10.0.0.1',
      '::ffff:127.0.0.1']) {
      assert.equal(isPublicIp(ip), false, ip);
    }
  });
  it('not an address: false', () => {
    assert.equal(isPublicIp('garbage'), false);
    assert.equal(isPublicIp(''), false);
  });
});
