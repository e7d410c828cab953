import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseHost } from '../../../src/core/campaign/host.js';
import { isOwnHost, normaliseOwnDomains } from '../../../src/core/campaign/own-domains.js';
import { classifyReferrer, type ReferrerClass, type ReferrerContext } from '../../../src/core/campaign/referrer.js';
import { DEFAULT_SOURCE_CATEGORIES, mergeSourceCategories } from '../../../src/core/campaign/source-categories.js';

const ctx: ReferrerContext = { pageHost: 'www.example.com', ownDomains: normaliseOwnDomains(['example-app.io']), categories: DEFAULT_SOURCE_CATEGORIES };
const cls = (referrer: string | null, c = ctx): ReferrerClass => classifyReferrer(referrer, c);
const ext = (source: string, medium: string, domain: string, kind: string) => ({ kind, source, medium, domain });

describe('parseHost', () => {
  it('extracts and lower-cases the host, dropping userinfo, port and trailing dot', () => {
    assert.deepEqual(parseHost('HTTPS://User:pw@WWW.Google.CO.UK.:443/search?q=1'), { host: 'www.google.co.uk', scheme: 'https' });
    assert.equal(parseHost('//cdn.example.org/x')?.host, 'cdn.example.org');
    assert.equal(parseHost('google.com/search')?.host, 'google.com');
    assert.equal(parseHost('localhost:3000/x')?.host, 'localhost');
    assert.equal(parseHost('http://[2001:db8::1]:8080/')?.host, '[2001:db8::1]');
    assert.equal(parseHost('https://münchen.de/')?.host, 'münchen.de');
  });
  it('returns null for what holds no host', () => {
    for (const s of [null, '', '   ', 'about:blank', 'javascript:alert(1)', '/relative/path', 'not a url', 'https://',
      'https://exa mple.com/', 'http://<script>/', 'word']) {
      assert.equal(parseHost(s), null, String(s));
    }
  });
});

describe('own domains', () => {
  it('normalises configured domains', () => {
    assert.deepEqual(normaliseOwnDomains(['https://www.Example.com/', '*.shop.io', '.docs.dev', ' ', 'APP.io', 'app.io']),
      ['example.com', 'shop.io', 'docs.dev', 'app.io']);
  });
  it('matches the domain and its subdomains only', () => {
    const own = ['example.com'];
    assert.ok(isOwnHost('example.com', own));
    assert.ok(isOwnHost('a.b.example.com', own));
    assert.ok(!isOwnHost('notexample.com', own));
    assert.ok(!isOwnHost('example.com.evil.io', own));
  });
});

describe('classifyReferrer: none and internal', () => {
  it('none for absent and unparseable referrers', () => {
    for (const r of [null, '', 'about:blank', 'garbage value', '%%%']) assert.deepEqual(cls(r), { kind: 'none' }, String(r));
  });
  it('internal for the page host, the same registrable domain and its subdomains', () => {
    for (const r of ['https://www.example.com/a', 'https://example.com/', 'https://blog.example.com/x',
      'http://EXAMPLE.COM:8080/']) {
      assert.deepEqual(cls(r), { kind: 'internal' }, r);
    }
  });
  it('internal for a configured own domain and its subdomains', () => {
    assert.deepEqual(cls('https://example-app.io/login'), { kind: 'internal' });
    assert.deepEqual(cls('https://eu.example-app.io/'), { kind: 'internal' });
  });
  it('same registrable domain under a multi-part suffix (co.uk)', () => {
    const c = { ...ctx, pageHost: 'shop.example.co.uk' };
    assert.deepEqual(cls('https://www.example.co.uk/', c), { kind: 'internal' });
    assert.equal(cls('https://other.co.uk/', c).kind, 'other');
  });
  it('two sites under a private suffix (github.io) are different sites', () => {
    const c = { ...ctx, pageHost: 'alice.github.io' };
    assert.deepEqual(cls('https://bob.github.io/', c), ext('bob.github.io', 'referral', 'bob.github.io', 'other'));
  });
  it('without a page URL only own domains are internal', () => {
    const c = { ...ctx, pageHost: null };
    assert.deepEqual(cls('https://example-app.io/', c), { kind: 'internal' });
    assert.equal(cls('https://www.example.com/', c).kind, 'other');
  });
});

describe('classifyReferrer: search engines', () => {
  const cases: Array<[string, string, string]> = [
    ['https://www.google.com/', 'google', 'google.com'],
    ['https://www.google.co.uk/', 'google', 'google.co.uk'],
    ['https://www.google.de/search?q=x', 'google', 'google.de'],
    ['https://news.google.com/', 'google', 'news.google.com'],
    ['https://www.bing.com/search?q=x', 'bing', 'bing.com'],
    ['https://cn.bing.com/', 'bing', 'cn.bing.com'],
    ['https://duckduckgo.com/', 'duckduckgo', 'duckduckgo.com'],
    ['https://search.yahoo.com/', 'yahoo', 'search.yahoo.com'],
    ['https://uk.search.yahoo.com/', 'yahoo', 'uk.search.yahoo.com'],
    ['https://www.baidu.com/', 'baidu', 'baidu.com'],
    ['https://yandex.ru/', 'yandex', 'yandex.ru'],
    ['https://ya.ru/', 'yandex', 'ya.ru'],
    ['https://www.ecosia.org/', 'ecosia', 'ecosia.org'],
    ['https://search.brave.com/search?q=x', 'brave', 'search.brave.com'],
    ['https://www.qwant.com/', 'qwant', 'qwant.com'],
    ['https://search.naver.com/', 'naver', 'search.naver.com'],
    ['https://www.seznam.cz/', 'seznam', 'seznam.cz'],
  ];
  for (const [r, source, domain] of cases) {
    it(`${r} → ${source} / organic`, () => assert.deepEqual(cls(r), ext(source, 'organic', domain, 'search')));
  }
  it('android-app://com.google.android.googlequicksearchbox is google organic', () => {
    assert.deepEqual(cls('android-app://com.google.android.googlequicksearchbox/'),
      ext('google', 'organic', 'com.google.android.googlequicksearchbox', 'search'));
  });
  it('a listed search host without a brand rule (so.com) uses the category list', () => {
    assert.deepEqual(cls('https://www.so.com/'), ext('so.com', 'organic', 'so.com', 'search'));
  });
});

describe('classifyReferrer: social, video, shopping', () => {
  const social: Array<[string, string, string]> = [
    ['https://www.facebook.com/', 'facebook', 'facebook.com'],
    ['https://l.facebook.com/l.php?u=x', 'facebook', 'l.facebook.com'],
    ['https://lm.facebook.com/', 'facebook', 'lm.facebook.com'],
    ['https://m.facebook.com/', 'facebook', 'm.facebook.com'],
    ['https://t.co/abc', 't.co', 't.co'],
    ['https://twitter.com/x', 'twitter', 'twitter.com'],
    ['https://x.com/x', 'twitter', 'x.com'],
    ['https://www.linkedin.com/feed', 'linkedin', 'linkedin.com'],
    ['https://lnkd.in/abc', 'linkedin', 'lnkd.in'],
    ['https://www.instagram.com/', 'instagram', 'instagram.com'],
    ['https://l.instagram.com/', 'instagram', 'l.instagram.com'],
    ['https://www.reddit.com/r/x', 'reddit', 'reddit.com'],
    ['https://old.reddit.com/r/x', 'reddit', 'old.reddit.com'],
    ['https://www.tiktok.com/', 'tiktok', 'tiktok.com'],
    ['https://www.quora.com/q', 'quora', 'quora.com'],
    ['https://m.yelp.com/biz', 'yelp', 'm.yelp.com'],
    ['https://news.ycombinator.com/item?id=1', 'news.ycombinator.com', 'news.ycombinator.com'],
  ];
  for (const [r, source, domain] of social) {
    it(`${r} → ${source} / social`, () => assert.deepEqual(cls(r), ext(source, 'social', domain, 'social')));
  }
  it('video sites get their plain name and medium referral (so the channel is organic_video)', () => {
    assert.deepEqual(cls('https://www.youtube.com/watch?v=1'), ext('youtube', 'referral', 'youtube.com', 'video'));
    assert.deepEqual(cls('https://m.youtube.com/'), ext('youtube', 'referral', 'm.youtube.com', 'video'));
    assert.deepEqual(cls('https://youtu.be/abc'), ext('youtube', 'referral', 'youtu.be', 'video'));
    assert.deepEqual(cls('https://vimeo.com/1'), ext('vimeo', 'referral', 'vimeo.com', 'video'));
  });
  it('shopping sites get medium referral', () => {
    assert.deepEqual(cls('https://www.amazon.de/dp/1'), ext('amazon', 'referral', 'amazon.de', 'shopping'));
    assert.deepEqual(cls('https://www.etsy.com/'), ext('etsy', 'referral', 'etsy.com', 'shopping'));
  });
  it('a deployment extension to the categories classifies new referrers', () => {
    const c = { ...ctx, categories: mergeSourceCategories({ social: ['community.example.net'] }) };
    assert.deepEqual(cls('https://community.example.net/t/1', c),
      ext('community.example.net', 'social', 'community.example.net', 'social'));
    assert.equal(cls('https://community.example.net/t/1').kind, 'other');
  });
});

describe('classifyReferrer: other sites', () => {
  it('are referrals from their host without www.', () => {
    assert.deepEqual(cls('https://www.techblog.io/post'), ext('techblog.io', 'referral', 'techblog.io', 'other'));
    assert.deepEqual(cls('https://docs.partner.org/'), ext('docs.partner.org', 'referral', 'docs.partner.org', 'other'));
  });
  it('only one leading www. is removed, other subdomains stay', () => {
    assert.deepEqual(cls('https://www2.partner.org/'), ext('www2.partner.org', 'referral', 'www2.partner.org', 'other'));
  });
  it('brand names on a private suffix are not the brand (google.blogspot.com)', () => {
    assert.equal(cls('https://google.blogspot.com/').kind, 'other');
  });
  it('a name that is only a listed bare word (cnn) is not a search engine', () => {
    assert.deepEqual(cls('https://edition.cnn.com/'), ext('edition.cnn.com', 'referral', 'edition.cnn.com', 'other'));
  });
  it('unknown android apps are referrals from their package', () => {
    assert.deepEqual(cls('android-app://com.slack/'), ext('com.slack', 'referral', 'com.slack', 'other'));
  });
});
