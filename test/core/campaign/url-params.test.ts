import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeQueryComponent } from '../../../src/core/campaign/decode.js';
import { NO_CAMPAIGN_PARAMS, parseCampaignParams } from '../../../src/core/campaign/url-params.js';
import { CLICK_ID_TYPES } from '../../../src/core/types.js';

describe('parseCampaignParams', () => {
  it('reads the five utm fields', () => {
    const p = parseCampaignParams(
      'https://ex.com/p?utm_source=Google&utm_medium=CPC&utm_campaign=Brand%20Q1&utm_term=Running+Shoes&utm_content=Hero');
    assert.deepEqual(p, {
      source: 'Google', medium: 'CPC', campaign: 'Brand Q1', term: 'Running Shoes', content: 'Hero', clickIds: null,
    });
  });

  for (const type of CLICK_ID_TYPES) {
    it(`reads click ID ${type}`, () => {
      const p = parseCampaignParams(`https://ex.com/?a=1&${type}=V-${type}&b=2`);
      assert.deepEqual(p.clickIds, { [type]: `V-${type}` });
    });
  }

  it('does not read _fbp/_fbc or unknown keys as click IDs', () => {
    assert.equal(parseCampaignParams('https://ex.com/?_fbp=fb.1.2&_fbc=fb.1.3&yclid=1&utm_id=7'), NO_CAMPAIGN_PARAMS);
  });

  it('returns the shared empty value for no query, null and empty strings', () => {
    for (const u of [null, '', 'https://ex.com/', 'https://ex.com/?', 'https://ex.com/?a=1&b']) {
      assert.equal(parseCampaignParams(u), NO_CAMPAIGN_PARAMS, String(u));
    }
  });

  it('ignores the fragment, and a ? inside the fragment', () => {
    assert.equal(parseCampaignParams('https://ex.com/?utm_source=a#utm_medium=b').medium, null);
    assert.equal(parseCampaignParams('https://ex.com/?utm_source=a#x').source, 'a');
    assert.equal(parseCampaignParams('https://ex.com/#/page?utm_source=a'), NO_CAMPAIGN_PARAMS);
  });

  it('ignores empty and blank values, and takes the first non-empty of a repeated key', () => {
    const p = parseCampaignParams('https://ex.com/?utm_source=&utm_source=%20&utm_source=first&utm_source=second&gclid=');
    assert.equal(p.source, 'first');
    assert.equal(p.clickIds, null);
  });

  it('trims values but keeps their case', () => {
    const p = parseCampaignParams('https://ex.com/?utm_campaign=+Spring+Sale++&utm_source=%09News%0A');
    assert.equal(p.campaign, 'Spring Sale');
    assert.equal(p.source, 'News');
  });

  it('matches keys without regard to case, and decodes encoded keys', () => {
    const p = parseCampaignParams('https://ex.com/?UTM_SOURCE=a&Utm_Medium=b&GCLID=c&utm%5Fcampaign=d');
    assert.deepEqual([p.source, p.medium, p.clickIds, p.campaign], ['a', 'b', { gclid: 'c' }, 'd']);
  });

  it('keeps a malformed escape verbatim and decodes the rest', () => {
    assert.equal(parseCampaignParams('https://ex.com/?utm_campaign=caf%C3%A9%ZZ100%').campaign, 'café%ZZ100%');
    assert.equal(parseCampaignParams('https://ex.com/?utm_campaign=%E0%A4%A').campaign, '%E0%A4%A');
    assert.equal(parseCampaignParams('https://ex.com/?utm_campaign=%C3%A9%C3').campaign, 'é%C3');
  });

  it('reads relative, scheme-less and otherwise malformed URLs', () => {
    assert.equal(parseCampaignParams('/landing?utm_source=a').source, 'a');
    assert.equal(parseCampaignParams('ex.com?utm_source=a').source, 'a');
    assert.equal(parseCampaignParams('http://[::1?utm_source=a').source, 'a');
    assert.equal(parseCampaignParams('?utm_source=a&&&=&==&utm_medium==b').medium, '=b');
  });

  it('keeps hostile values verbatim', () => {
    const sql = "'; DROP TABLE bi.visits; --";
    const html = '<script>alert("x")</script>';
    const p = parseCampaignParams(`https://ex.com/?utm_campaign=${encodeURIComponent(sql)}&utm_content=${encodeURIComponent(html)}`);
    assert.equal(p.campaign, sql);
    assert.equal(p.content, html);
  });
});

describe('decodeQueryComponent', () => {
  it('turns + into a space and decodes UTF-8', () => {
    assert.equal(decodeQueryComponent('a+b%20c%E2%82%AC'), 'a b c€');
  });
  it('never throws', () => {
    for (const s of ['%', '%%', '%G1', '%E0%A4%A', '%ED%A0%80', '%FF']) assert.equal(typeof decodeQueryComponent(s), 'string');
  });
  it('decodes the valid runs around an invalid one', () => {
    assert.equal(decodeQueryComponent('%41%FF%42'), 'A%FFB');
    assert.equal(decodeQueryComponent('%E2%82%AC%E2%82x%C3%A9'), '€%E2%82xé');
    assert.equal(decodeQueryComponent('%F0%9F%98%80%80'), '😀%80');
  });
});
