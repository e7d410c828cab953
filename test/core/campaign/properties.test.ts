import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { resolveCampaign } from '../../../src/core/campaign/resolve-campaign.js';
import { CHANNELS, CLICK_ID_TYPES } from '../../../src/core/types.js';

const channels: ReadonlySet<string> = new Set(CHANNELS);

// Strings biased towards the shapes the parser cares about.
const piece = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('?', '&', '=', '#', '%', '%E0%A4%A', '%C3', '+', '://', '//', '@', ':', '[', ']', 'www.', '.',
    'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'cpc-google', 'cross-network',
    'android-app://', 'google.co.uk', 'facebook.com', 'example.com', ...CLICK_ID_TYPES),
);
const messy = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const campaignObj = fc.dictionary(
  fc.constantFrom('source', 'medium', 'campaign', 'term', 'content', ...CLICK_ID_TYPES, '__proto__', 'x'),
  fc.oneof(messy, fc.constant(''), fc.integer(), fc.constant(null)),
);

describe('resolveCampaign properties', () => {
  it('never throws for arbitrary strings and always returns a channel of CHANNELS', () => {
    fc.assert(fc.property(
      maybe(messy), maybe(messy), maybe(campaignObj),
      maybe(fc.record({ _fbp: maybe(messy), _fbc: maybe(messy) })),
      fc.array(messy, { maxLength: 3 }),
      (pageUrl, referrer, campaign, cookies, ownDomains) => {
        const r = resolveCampaign({ pageUrl, referrer, campaign: campaign as never, cookies, ownDomains });
        assert.ok(channels.has(r.channel), r.channel);
        assert.equal(r.source, r.source.trim().toLowerCase());
        assert.equal(r.medium, r.medium.trim().toLowerCase());
        assert.notEqual(r.source, '');
        assert.notEqual(r.medium, '');
        for (const v of [r.campaign, r.term, r.content]) assert.ok(v === null || (v !== '' && v === v.trim()));
        if (r.click_id !== null) assert.equal(r.click_ids[r.click_id.type], r.click_id.value);
        else assert.deepEqual(r.click_ids, {});
      },
    ), { numRuns: 3000 });
  });

  it('without campaign data or referrer the touchpoint is direct, whatever the page path', () => {
    fc.assert(fc.property(fc.webPath(), (path) => {
      const r = resolveCampaign({ pageUrl: `https://example.com${path}`, referrer: null, campaign: null });
      assert.equal(r.channel, 'direct');
    }));
  });

  it('campaign, term and content survive a URL round trip verbatim (after trimming)', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }), fc.string({ unit: 'grapheme' }), (campaign, term) => {
      const q = `utm_source=s&utm_campaign=${encodeURIComponent(campaign)}&utm_term=${encodeURIComponent(term)}`;
      const r = resolveCampaign({ pageUrl: `https://example.com/?${q}`, referrer: null, campaign: null });
      assert.equal(r.campaign, campaign.trim() === '' ? null : campaign.trim());
      assert.equal(r.term, term.trim() === '' ? null : term.trim());
    }));
  });
});
