import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultChannelGroup, PAID, SHOP_CAMPAIGN } from '../../../src/core/campaign/channel.js';
import { DEFAULT_SOURCE_CATEGORIES, mergeSourceCategories } from '../../../src/core/campaign/source-categories.js';
import { CHANNELS, type Channel } from '../../../src/core/types.js';

const ch = (source: string, medium: string, campaign: string | null = null): Channel =>
  defaultChannelGroup({ source, medium, campaign }, DEFAULT_SOURCE_CATEGORIES);

describe('PAID and SHOP_CAMPAIGN regexes (DESIGN.md)', () => {
  it('PAID matches GA4 paid mediums and nothing else', () => {
    for (const m of ['cpc', 'ppc', 'cpm', 'cpv', 'cpa', 'retargeting', 'paid', 'paidsocial', 'paid_search', 'xcpx']) {
      assert.ok(PAID.test(m), m);
    }
    for (const m of ['organic', 'email', 'social', 'display', 'retargeting2', 'unpaid', 'ppc2', 'c-p-c']) {
      assert.ok(!PAID.test(m), m);
    }
  });

  it('SHOP_CAMPAIGN matches shop at a word start or after e, and shopping anywhere', () => {
    for (const c of ['shop', 'summer-shop', 'eshop', 'shopping', 'winter_shopping_2025', '1shop']) {
      assert.ok(SHOP_CAMPAIGN.test(c), c);
    }
    for (const c of ['workshop', 'bishop', 'brand', 'shp']) assert.ok(!SHOP_CAMPAIGN.test(c), c);
  });
});

describe('defaultChannelGroup: every row of the DESIGN table', () => {
  const rows: Array<[Channel, string, string, string | null]> = [
    ['direct', '(direct)', '(none)', null],
    ['direct', '(direct)', '(not set)', null],
    ['cross_network', 'google', 'cpc', 'pmax cross-network q3'],
    ['paid_shopping', 'amazon', 'cpc', null],
    ['paid_shopping', 'newsletter', 'ppc', 'spring-shopping'],
    ['paid_search', 'google', 'cpc', 'brand'],
    ['paid_search', 'bing', 'paidsearch', null],
    ['paid_social', 'facebook', 'cpc', null],
    ['paid_social', 'linkedin', 'paid', null],
    ['paid_video', 'youtube', 'cpv', null],
    ['display', 'dv360', 'display', null],
    ['display', 'dv360', 'banner', null],
    ['display', 'dv360', 'expandable', null],
    ['display', 'dv360', 'interstitial', null],
    ['display', 'dv360', 'cpm', null],
    ['paid_other', 'partner-network', 'cpc', null],
    ['paid_other', 'partner-network', 'retargeting', null],
    ['organic_shopping', 'etsy', 'referral', null],
    ['organic_shopping', 'newsletter', 'newsletter', 'shop-launch'],
    ['organic_social', 'linkedin', 'referral', null],
    ['organic_social', 'mastodon-instance', 'social', null],
    ['organic_social', 'community', 'social-network', null],
    ['organic_social', 'community', 'social-media', null],
    ['organic_social', 'community', 'sm', null],
    ['organic_social', 'community', 'social network', null],
    ['organic_social', 'community', 'social media', null],
    ['organic_video', 'vimeo', 'referral', null],
    ['organic_video', 'somewhere', 'video-embed', null],
    ['organic_search', 'duckduckgo', 'referral', null],
    ['organic_search', 'some-engine', 'organic', null],
    ['referral', 'blog.example.org', 'referral', null],
    ['referral', 'partner', 'app', null],
    ['referral', 'partner', 'link', null],
    ['email', 'newsletter', 'email', null],
    ['email', 'newsletter', 'e-mail', null],
    ['email', 'newsletter', 'e_mail', null],
    ['email', 'newsletter', 'e mail', null],
    ['email', 'email', 'weekly', null],
    ['affiliates', 'partner', 'affiliate', null],
    ['audio', 'spotify-ads', 'audio', null],
    ['sms', 'sms', 'text', null],
    ['sms', 'twilio', 'sms', null],
    ['mobile_push_notifications', 'app', 'web-push', null],
    ['mobile_push_notifications', 'app', 'mobile-inapp', null],
    ['mobile_push_notifications', 'app', 'notification', null],
    ['mobile_push_notifications', 'firebase', 'whatever', null],
    ['unassigned', 'newsletter', '(not set)', null],
    ['unassigned', '(not set)', '(not set)', null],
    ['unassigned', 'foo', 'bar', null],
  ];
  for (const [want, source, medium, campaign] of rows) {
    it(`${want}: ${source} / ${medium}${campaign ? ` / ${campaign}` : ''}`, () => {
      assert.equal(ch(source, medium, campaign), want);
    });
  }

  it('covers every channel of CHANNELS', () => {
    assert.deepEqual(new Set(rows.map((r) => r[0])), new Set(CHANNELS));
  });
});

describe('defaultChannelGroup: order, first match wins', () => {
  it('direct needs both (direct) and (none)/(not set)', () => {
    assert.equal(ch('(direct)', 'cpc'), 'paid_other');
  });
  it('cross_network beats paid_search', () => assert.equal(ch('google', 'cpc', 'Cross-Network PMax'), 'cross_network'));
  it('direct is the first row: it beats a cross-network campaign', () => {
    assert.equal(ch('(direct)', '(none)', 'cross-network'), 'direct');
  });
  it('paid_shopping beats paid_search (shopping campaign on google)', () => {
    assert.equal(ch('google', 'cpc', 'Shopping - all products'), 'paid_shopping');
  });
  it('paid_search beats paid_social when a source sits in both lists', () => {
    const both = mergeSourceCategories({ social: ['google'] });
    assert.equal(defaultChannelGroup({ source: 'google', medium: 'cpc', campaign: null }, both), 'paid_search');
  });
  it('paid_social beats paid_video', () => {
    const both = mergeSourceCategories({ video: ['facebook'] });
    assert.equal(defaultChannelGroup({ source: 'facebook', medium: 'cpc', campaign: null }, both), 'paid_social');
  });
  it('paid_search beats display for cpm on a search site', () => assert.equal(ch('google', 'cpm'), 'paid_search'));
  it('display beats paid_other (cpm is also PAID)', () => assert.equal(ch('network', 'cpm'), 'display'));
  it('organic_shopping beats organic_social', () => assert.equal(ch('facebook', 'social', 'shop-week'), 'organic_shopping'));
  it('organic_social (medium social) beats organic_video (source youtube)', () => {
    assert.equal(ch('youtube', 'social'), 'organic_social');
  });
  it('organic_video beats organic_search (medium organic)', () => assert.equal(ch('vimeo', 'organic'), 'organic_video'));
  it('organic_search beats referral', () => assert.equal(ch('bing', 'referral'), 'organic_search'));
  it('organic_social (source list) beats email medium', () => assert.equal(ch('facebook', 'email'), 'organic_social'));
  it('referral beats email (source email, medium link)', () => assert.equal(ch('email', 'link'), 'referral'));
  it('email beats sms', () => assert.equal(ch('sms', 'email'), 'email'));
  it('affiliates and audio are exact mediums', () => {
    assert.equal(ch('src', 'affiliates'), 'unassigned');
    assert.equal(ch('src', 'audio-ads'), 'unassigned');
  });
  it('mobile push: ends with push, not merely contains it', () => assert.equal(ch('src', 'pushy'), 'unassigned'));
});

describe('defaultChannelGroup: case and data', () => {
  it('matches the campaign without regard to case', () => {
    assert.equal(ch('newsletter', 'cpc', 'SPRING SHOPPING'), 'paid_shopping');
    assert.equal(ch('newsletter', 'cpc', 'CROSS-NETWORK'), 'cross_network');
  });
  it('uses the categories given: an extended list changes the channel', () => {
    assert.equal(ch('my-engine', 'cpc'), 'paid_other');
    const ext = mergeSourceCategories({ search: ['My-Engine '] });
    assert.equal(defaultChannelGroup({ source: 'my-engine', medium: 'cpc', campaign: null }, ext), 'paid_search');
  });
});

describe('defaultChannelGroup: the flow document sources', () => {
  it('cpc-google* and cpc-bing* are paid_search whatever the medium', () => {
    assert.equal(ch('cpc-google-brand', 'cpc'), 'paid_search');
    assert.equal(ch('cpc-google', 'email'), 'paid_search');
    assert.equal(ch('cpc-bing', 'organic'), 'paid_search');
    assert.equal(ch('cpc-bing-generic', '(not set)'), 'paid_search');
  });
  it('cpc-facebook* and cpc-linkedin* are paid_social', () => {
    assert.equal(ch('cpc-facebook', 'cpc'), 'paid_social');
    assert.equal(ch('cpc-linkedin', 'social'), 'paid_social');
    assert.equal(ch('cpc-facebook-retargeting', '(not set)'), 'paid_social');
  });
  it('other cpc- sources are not special', () => {
    assert.equal(ch('cpc-tiktok', 'referral'), 'referral');
    assert.equal(ch('cpc-googleish', 'referral'), 'paid_search'); // a prefix rule, as the contract words it
    assert.equal(ch('cpc-googl', 'referral'), 'referral');
    assert.equal(ch('google-cpc', 'referral'), 'referral');
  });
  it('earlier rows still win: cross_network and paid_shopping', () => {
    assert.equal(ch('cpc-google-brand', 'cpc', 'cross-network'), 'cross_network');
    assert.equal(ch('cpc-google-shopping', 'cpc', 'shopping feed'), 'paid_shopping');
  });
});
