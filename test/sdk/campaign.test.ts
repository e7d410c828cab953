// The SDK's campaign rules, pure: which URLs carry campaign data, what ads consent strips, Meta's _fbc format.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLICK_IDS, campaignKey, fbcFor, stripClickIds } from '../../src/sdk/campaign.js';
import { CLICK_ID_TYPES } from '../../src/core/types.js';

describe('SDK campaign detection', () => {
  it('knows every click ID of CONTRACT section 2 that arrives in a URL (the core\'s list)', () => {
    assert.deepEqual([...CLICK_IDS].sort(), [...CLICK_ID_TYPES].sort());
  });

  it('a URL without UTMs or click IDs has no campaign; any utm_* or click ID gives one', () => {
    assert.equal(campaignKey('https://www.acme.com/pricing?plan=pro#top'), '');
    assert.equal(campaignKey('https://www.acme.com/?utm_source='), '', 'an empty value is no campaign data');
    for (const param of ['utm_source=google', 'utm_medium=cpc', 'utm_campaign=x', 'utm_term=y', 'utm_content=z', 'utm_id=7', ...CLICK_IDS.map((c) => `${c}=v`)]) {
      assert.notEqual(campaignKey(`https://www.acme.com/?${param}`), '', param);
    }
  });

  it('the same campaign data gives the same key whatever the parameter order or other parameters; other data another key', () => {
    const a = campaignKey('https://www.acme.com/?utm_source=google&utm_medium=cpc&gclid=1');
    assert.equal(campaignKey('https://www.acme.com/landing?gclid=1&page=2&utm_medium=cpc&utm_source=google'), a);
    assert.notEqual(campaignKey('https://www.acme.com/?utm_source=google&utm_medium=cpc&gclid=2'), a);
    assert.notEqual(campaignKey('https://www.acme.com/?utm_source=bing&utm_medium=cpc&gclid=1'), a);
    assert.match(a, /^[0-9a-z]+$/, 'cookie-safe');
  });

  it('not a URL: no campaign, and nothing to send', () => {
    assert.equal(campaignKey('not a url'), '');
    assert.equal(stripClickIds('not a url'), '');
  });

  it('without ads consent every click ID leaves the URL; UTMs and other parameters stay', () => {
    const all = CLICK_IDS.map((c) => `${c}=${c.toUpperCase()}`).join('&');
    assert.equal(stripClickIds(`https://www.acme.com/p?utm_source=google&${all}&plan=pro#f`), 'https://www.acme.com/p?utm_source=google&plan=pro#f');
    const untouched = 'https://www.acme.com/p?q=a%20b+c';
    assert.equal(stripClickIds(untouched), untouched, 'a URL without click IDs keeps its exact encoding');
  });

  it('_fbc is fb.1.<ms>.<fbclid>, kept while the fbclid is the same, replaced by a new click', () => {
    assert.equal(fbcFor('https://www.acme.com/?fbclid=IwAR1', null, 1700000000123), 'fb.1.1700000000123.IwAR1');
    assert.equal(fbcFor('https://www.acme.com/?fbclid=IwAR1', 'fb.1.1600000000000.IwAR1', 1700000000123), 'fb.1.1600000000000.IwAR1');
    assert.equal(fbcFor('https://www.acme.com/?fbclid=IwAR2', 'fb.1.1600000000000.IwAR1', 1700000000123), 'fb.1.1700000000123.IwAR2');
    assert.equal(fbcFor('https://www.acme.com/?fbclid=a.b.c', null, 5), 'fb.1.5.a.b.c', 'dots in a click ID survive');
    assert.equal(fbcFor('https://www.acme.com/', 'fb.1.1.X', 5), null, 'no fbclid: the cookie is left alone');
    assert.equal(fbcFor('https://www.acme.com/?fbclid=a%3Bb', null, 5), null, 'a value that would break the cookie is not a click ID');
  });
});
