import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import data from '../../../src/core/campaign/source-categories.json' with { type: 'json' };
import {
  DEFAULT_SOURCE_CATEGORIES, mergeSourceCategories, SOURCE_CATEGORY_NAMES,
} from '../../../src/core/campaign/source-categories.js';

describe('source-categories.json', () => {
  it('holds GA4 lists of a realistic size', () => {
    assert.ok(data.search.length >= 100, `search ${data.search.length}`);
    assert.ok(data.social.length >= 500, `social ${data.social.length}`);
    assert.ok(data.video.length >= 40, `video ${data.video.length}`);
    assert.ok(data.shopping.length >= 40, `shopping ${data.shopping.length}`);
  });
  it('is lower-cased, trimmed and free of duplicates across GA4 categories', () => {
    const seen = new Set<string>();
    for (const name of SOURCE_CATEGORY_NAMES) {
      for (const s of data[name]) {
        assert.equal(s, s.trim().toLowerCase(), s);
        assert.ok(!seen.has(s), `duplicate ${s}`);
        seen.add(s);
      }
    }
  });
  it('has the names the referrer classifier and click IDs produce', () => {
    for (const s of ['google', 'bing', 'yahoo', 'baidu', 'yandex', 'duckduckgo', 'ecosia', 'naver', 'qwant']) {
      assert.ok(DEFAULT_SOURCE_CATEGORIES.search.has(s), s);
    }
    for (const s of ['facebook', 'instagram', 'linkedin', 'twitter', 't.co', 'reddit', 'tiktok', 'pinterest', 'x']) {
      assert.ok(DEFAULT_SOURCE_CATEGORIES.social.has(s), s);
    }
    for (const s of ['youtube', 'vimeo', 'twitch']) assert.ok(DEFAULT_SOURCE_CATEGORIES.video.has(s), s);
    for (const s of ['amazon', 'ebay', 'etsy', 'google shopping', 'igshopping']) {
      assert.ok(DEFAULT_SOURCE_CATEGORIES.shopping.has(s), s);
    }
  });
  it('includes the additions in the defaults', () => {
    for (const s of data.additions.social) assert.ok(DEFAULT_SOURCE_CATEGORIES.social.has(s), s);
    assert.ok(DEFAULT_SOURCE_CATEGORIES.video.has('youtu.be'));
  });
});

describe('mergeSourceCategories', () => {
  it('adds trimmed, lower-cased names to the defaults without changing them', () => {
    const merged = mergeSourceCategories({ search: [' Kagi-Internal '], shopping: ['MyShop'] });
    assert.ok(merged.search.has('kagi-internal'));
    assert.ok(merged.shopping.has('myshop'));
    assert.ok(merged.search.has('google'));
    assert.ok(!DEFAULT_SOURCE_CATEGORIES.search.has('kagi-internal'));
    assert.ok(!DEFAULT_SOURCE_CATEGORIES.shopping.has('myshop'));
  });
  it('ignores empty names and non-strings', () => {
    const merged = mergeSourceCategories({ social: ['', '  ', 42 as unknown as string] });
    assert.equal(merged.social.size, DEFAULT_SOURCE_CATEGORIES.social.size);
  });
  it('merges onto a given base', () => {
    const a = mergeSourceCategories({ video: ['a-tube'] });
    const b = mergeSourceCategories({ video: ['b-tube'] }, a);
    assert.ok(b.video.has('a-tube') && b.video.has('b-tube'));
  });
});
