import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CampaignInput } from '../../../src/core/events/types.js';
import { createCampaignResolver, resolveCampaign, type ResolveCampaignInput } from '../../../src/core/campaign/resolve-campaign.js';
import { mergeSourceCategories } from '../../../src/core/campaign/source-categories.js';
import { CLICK_ID_TYPES, type ClickIdType } from '../../../src/core/types.js';

const PAGE = 'https://www.example.com/pricing';
const run = (over: Partial<ResolveCampaignInput>) =>
  resolveCampaign({ pageUrl: PAGE, referrer: null, campaign: null, ...over });
const url = (query: string) => `${PAGE}?${query}`;
const ssmc = (r: ReturnType<typeof run>) => [r.source, r.medium, r.channel];

describe('resolveCampaign: direct', () => {
  it('no campaign data and no referrer is (direct) / (none), direct', () => {
    const r = run({});
    assert.deepEqual(r, {
      channel: 'direct', source: '(direct)', medium: '(none)', campaign: null, term: null, content: null,
      click_id: null, click_ids: {}, meta_cookies: { fbp: null, fbc: null }, referrer_domain: null, landing_url: PAGE,
    });
  });
  it('a same-site referrer is direct', () => {
    const r = run({ referrer: 'https://blog.example.com/post' });
    assert.deepEqual([...ssmc(r), r.referrer_domain], ['(direct)', '(none)', 'direct', null]);
  });
  it('an own-domain referrer (and its subdomains) is direct', () => {
    for (const referrer of ['https://example-app.io/login', 'https://eu.example-app.io/']) {
      const r = run({ referrer, ownDomains: ['example-app.io'] });
      assert.deepEqual([...ssmc(r), r.referrer_domain], ['(direct)', '(none)', 'direct', null], referrer);
    }
    assert.equal(run({ referrer: 'https://example-app.io/login' }).channel, 'referral');
  });
  it('no page URL and no campaign is direct with landing_url null', () => {
    const r = run({ pageUrl: null });
    assert.deepEqual([...ssmc(r), r.landing_url], ['(direct)', '(none)', 'direct', null]);
  });
  it('empty values are no campaign data', () => {
    const r = run({ pageUrl: url('utm_source=&utm_medium=%20&gclid=&utm_campaign='),
      campaign: { source: '', medium: '  ', campaign: '', gclid: '' } });
    assert.deepEqual([...ssmc(r), r.campaign, r.click_id], ['(direct)', '(none)', 'direct', null, null]);
  });
  it('a blank page URL gives landing_url null', () => assert.equal(run({ pageUrl: '   ' }).landing_url, null));
});

describe('resolveCampaign: UTMs', () => {
  it('reads all five, lower-casing source and medium only', () => {
    const r = run({ pageUrl: url('utm_source=Google&utm_medium=CPC&utm_campaign=Brand_EN&utm_term=Running%20Shoes&utm_content=AdB') });
    assert.deepEqual([r.source, r.medium, r.campaign, r.term, r.content, r.channel],
      ['google', 'cpc', 'Brand_EN', 'Running Shoes', 'AdB', 'paid_search']);
  });
  it('trims every field', () => {
    const r = run({ pageUrl: url('utm_source=+News+&utm_medium=%20Email%20&utm_campaign=+Q1+') });
    assert.deepEqual([r.source, r.medium, r.campaign, r.channel], ['news', 'email', 'Q1', 'email']);
  });
  it('utm_medium without utm_source has source (not set)', () => {
    assert.deepEqual(ssmc(run({ pageUrl: url('utm_medium=email') })), ['(not set)', 'email', 'email']);
  });
  it('utm_source without utm_medium has medium (not set)', () => {
    assert.deepEqual(ssmc(run({ pageUrl: url('utm_source=newsletter') })), ['newsletter', '(not set)', 'unassigned']);
  });
  it('campaign data without source or medium is (not set), not direct', () => {
    const r = run({ pageUrl: url('utm_campaign=spring'), referrer: 'https://www.example.com/' });
    assert.deepEqual([...ssmc(r), r.campaign], ['(not set)', '(not set)', 'unassigned', 'spring']);
  });
  it('campaign data without source or medium takes them from an external referrer', () => {
    const r = run({ pageUrl: url('utm_content=hero'), referrer: 'https://www.google.com/' });
    assert.deepEqual([...ssmc(r), r.content], ['google', 'organic', 'organic_search', 'hero']);
  });
  it('URL UTMs beat an external referrer, which is still reported as referrer_domain', () => {
    const r = run({ pageUrl: url('utm_source=newsletter&utm_medium=email'), referrer: 'https://mail.yahoo.com/' });
    assert.deepEqual([...ssmc(r), r.referrer_domain], ['newsletter', 'email', 'email', 'mail.yahoo.com']);
  });
  it('URL campaign data beats a same-site or own-domain referrer', () => {
    const r = run({ pageUrl: url('utm_source=partner&utm_medium=referral'), referrer: 'https://example-app.io/',
      ownDomains: ['example-app.io'] });
    assert.deepEqual([...ssmc(r), r.referrer_domain], ['partner', 'referral', 'referral', null]);
  });
  it('cross-network campaign beats paid_search', () => {
    assert.equal(run({ pageUrl: url('utm_source=google&utm_medium=cpc&utm_campaign=PMax%20Cross-Network') }).channel,
      'cross_network');
  });
  it('keeps hostile strings verbatim in campaign, term and content', () => {
    const sql = "1'; DROP TABLE bi.visits;--";
    const html = '<img src=x onerror="alert(1)">';
    const json = '{"__proto__":{"x":1}}';
    const r = run({ pageUrl: url(`utm_source=a&utm_campaign=${encodeURIComponent(sql)}&utm_term=${encodeURIComponent(html)}&utm_content=${encodeURIComponent(json)}`) });
    assert.deepEqual([r.campaign, r.term, r.content], [sql, html, json]);
    const o = run({ pageUrl: null, campaign: { source: 'a', campaign: sql, term: html, content: json } });
    assert.deepEqual([o.campaign, o.term, o.content], [sql, html, json]);
  });
  it('hostile source and medium are lower-cased but otherwise kept', () => {
    const r = run({ pageUrl: url(`utm_source=${encodeURIComponent('<B>X</B>')}&utm_medium=${encodeURIComponent("' OR 1=1")}`) });
    assert.deepEqual([r.source, r.medium], ['<b>x</b>', "' or 1=1"]);
  });
});

describe('resolveCampaign: precedence between URL, campaign object and referrer', () => {
  it('the URL beats the campaign object, field by field', () => {
    const r = run({ pageUrl: url('utm_source=linkedin&utm_campaign=FromUrl'),
      campaign: { source: 'google', medium: 'cpc', campaign: 'FromObject', term: 'obj-term' } });
    assert.deepEqual([r.source, r.medium, r.campaign, r.term, r.channel],
      ['linkedin', 'cpc', 'FromUrl', 'obj-term', 'paid_social']);
  });
  it('the campaign object beats the referrer', () => {
    const r = run({ campaign: { source: 'Newsletter', medium: 'Email' }, referrer: 'https://www.bing.com/' });
    assert.deepEqual([...ssmc(r), r.referrer_domain], ['newsletter', 'email', 'email', 'bing.com']);
  });
  it('a campaign object alone (calls, mobile) resolves without page URL', () => {
    const r = run({ pageUrl: null, campaign: { source: 'google', medium: 'cpc', campaign: 'Brand', gclid: 'G1' } });
    assert.deepEqual([...ssmc(r), r.click_id, r.landing_url], ['google', 'cpc', 'paid_search', { type: 'gclid', value: 'G1' }, null]);
  });
  it('non-string campaign values are ignored rather than crashing', () => {
    const campaign = { source: 7, medium: null, campaign: { a: 1 } } as unknown as CampaignInput;
    assert.deepEqual(ssmc(run({ campaign })), ['(direct)', '(none)', 'direct']);
  });
});

describe('resolveCampaign: click IDs', () => {
  const alone: Record<ClickIdType, [string, string, string]> = {
    gclid: ['google', 'cpc', 'paid_search'],
    gbraid: ['google', 'cpc', 'paid_search'],
    wbraid: ['google', 'cpc', 'paid_search'],
    msclkid: ['bing', 'cpc', 'paid_search'],
    fbclid: ['facebook', 'social', 'organic_social'],
    li_fat_id: ['linkedin', 'cpc', 'paid_social'],
    ttclid: ['tiktok', 'cpc', 'paid_social'],
    twclid: ['twitter', 'cpc', 'paid_social'],
    rdt_cid: ['reddit', 'cpc', 'paid_social'],
    dclid: ['google', 'display', 'display'],
  };
  for (const type of CLICK_ID_TYPES) {
    it(`${type} alone in the URL → ${alone[type].join(' / ')}`, () => {
      const r = run({ pageUrl: url(`${type}=ID-${type}`) });
      assert.deepEqual(ssmc(r), alone[type]);
      assert.deepEqual(r.click_id, { type, value: `ID-${type}` });
      assert.deepEqual(r.click_ids, { [type]: `ID-${type}` });
    });
    it(`${type} alone in the campaign object → ${alone[type].join(' / ')}`, () => {
      const campaign = { [type]: `ID-${type}` } as CampaignInput;
      const r = run({ pageUrl: null, campaign });
      assert.deepEqual([...ssmc(r), r.click_id], [...alone[type], { type, value: `ID-${type}` }]);
    });
  }
  it('click IDs beat the referrer (fbclid from a google referrer is still facebook)', () => {
    const r = run({ pageUrl: url('fbclid=F'), referrer: 'https://www.google.com/' });
    assert.deepEqual([...ssmc(r), r.referrer_domain], ['facebook', 'social', 'organic_social', 'google.com']);
  });
  it('click IDs make a same-site landing not direct', () => {
    assert.equal(run({ pageUrl: url('gclid=G'), referrer: 'https://www.example.com/' }).channel, 'paid_search');
  });
  it('UTMs beat click IDs for source and medium; the click ID stays', () => {
    const r = run({ pageUrl: url('utm_source=newsletter&utm_medium=email&gclid=G') });
    assert.deepEqual([...ssmc(r), r.click_id], ['newsletter', 'email', 'email', { type: 'gclid', value: 'G' }]);
  });
  it('a missing utm half is filled from the click ID', () => {
    assert.deepEqual(ssmc(run({ pageUrl: url('utm_medium=cpc&gclid=G') })), ['google', 'cpc', 'paid_search']);
    assert.deepEqual(ssmc(run({ pageUrl: url('utm_source=google&gclid=G') })), ['google', 'cpc', 'paid_search']);
    assert.deepEqual(ssmc(run({ pageUrl: url('utm_source=Spring-Promo&fbclid=F') })),
      ['spring-promo', 'social', 'organic_social']);
  });
  it('all click IDs are kept; the primary is the first in CLICK_ID_TYPES order', () => {
    const r = run({ pageUrl: url('fbclid=F&msclkid=M&wbraid=W'), campaign: { gclid: 'G', ttclid: 'T', fbclid: 'F2' } });
    assert.deepEqual(r.click_ids, { gclid: 'G', wbraid: 'W', msclkid: 'M', fbclid: 'F', ttclid: 'T' });
    assert.deepEqual(r.click_id, { type: 'gclid', value: 'G' });
    assert.deepEqual(ssmc(r), ['google', 'cpc', 'paid_search']);
  });
  it('msclkid beats fbclid', () => {
    const r = run({ pageUrl: url('fbclid=F&msclkid=M') });
    assert.deepEqual([...ssmc(r), r.click_id?.type], ['bing', 'cpc', 'paid_search', 'msclkid']);
  });
  it('click ID values keep their case and are trimmed', () => {
    assert.deepEqual(run({ pageUrl: url('gclid=+CjwKCAiA-AbC_12+') }).click_id, { type: 'gclid', value: 'CjwKCAiA-AbC_12' });
  });
});

describe('resolveCampaign: Meta cookies', () => {
  it('go to meta_cookies only: no click ID, channel unchanged', () => {
    const r = run({ cookies: { _fbp: 'fb.1.1700000000000.123', _fbc: 'fb.1.1700000000000.IwAR' } });
    assert.deepEqual(r.meta_cookies, { fbp: 'fb.1.1700000000000.123', fbc: 'fb.1.1700000000000.IwAR' });
    assert.deepEqual([...ssmc(r), r.click_id, r.click_ids], ['(direct)', '(none)', 'direct', null, {}]);
  });
  it('do not override the URL click ID', () => {
    const r = run({ pageUrl: url('gclid=G'), cookies: { _fbp: 'fb.1.2.3', _fbc: 'fb.1.2.F' } });
    assert.deepEqual([r.click_id, r.channel], [{ type: 'gclid', value: 'G' }, 'paid_search']);
  });
  it('empty cookies are null; null and missing cookies are fine', () => {
    assert.deepEqual(run({ cookies: { _fbp: ' ', _fbc: '' } }).meta_cookies, { fbp: null, fbc: null });
    assert.deepEqual(run({ cookies: null }).meta_cookies, { fbp: null, fbc: null });
  });
});

describe('resolveCampaign: the flow document sources', () => {
  const cases: Array<[string, string, string, string]> = [
    ['utm_source=cpc-google-brand', 'cpc-google-brand', 'cpc', 'paid_search'],
    ['utm_source=CPC-Google-Generic&utm_medium=paidsearch', 'cpc-google-generic', 'paidsearch', 'paid_search'],
    ['utm_source=cpc-bing', 'cpc-bing', 'cpc', 'paid_search'],
    ['utm_source=cpc-bing-brand&utm_medium=email', 'cpc-bing-brand', 'email', 'paid_search'],
    ['utm_source=cpc-facebook', 'cpc-facebook', 'cpc', 'paid_social'],
    ['utm_source=cpc-facebook&fbclid=F', 'cpc-facebook', 'cpc', 'paid_social'],
    ['utm_source=cpc-linkedin&utm_medium=social', 'cpc-linkedin', 'social', 'paid_social'],
    ['utm_source=cpc-linkedin&li_fat_id=L', 'cpc-linkedin', 'cpc', 'paid_social'],
  ];
  for (const [query, source, medium, channel] of cases) {
    it(`${query} → ${source} / ${medium}, ${channel}`, () => {
      assert.deepEqual(ssmc(run({ pageUrl: url(query) })), [source, medium, channel]);
    });
  }
  it('also from a campaign object (mobile signup)', () => {
    assert.deepEqual(ssmc(run({ pageUrl: null, campaign: { source: 'cpc-facebook' } })), ['cpc-facebook', 'cpc', 'paid_social']);
  });
  it('a cross-network campaign still wins', () => {
    assert.equal(run({ pageUrl: url('utm_source=cpc-google-pmax&utm_campaign=cross-network') }).channel, 'cross_network');
  });
});

describe('resolveCampaign: referrer only', () => {
  const cases: Array<[string, string, string, string, string]> = [
    ['https://www.google.com/', 'google', 'organic', 'organic_search', 'google.com'],
    ['https://www.google.co.uk/', 'google', 'organic', 'organic_search', 'google.co.uk'],
    ['https://www.google.de/', 'google', 'organic', 'organic_search', 'google.de'],
    ['https://www.bing.com/search?q=x', 'bing', 'organic', 'organic_search', 'bing.com'],
    ['https://duckduckgo.com/', 'duckduckgo', 'organic', 'organic_search', 'duckduckgo.com'],
    ['https://www.ecosia.org/search', 'ecosia', 'organic', 'organic_search', 'ecosia.org'],
    ['https://yandex.ru/search', 'yandex', 'organic', 'organic_search', 'yandex.ru'],
    ['android-app://com.google.android.googlequicksearchbox/', 'google', 'organic', 'organic_search',
      'com.google.android.googlequicksearchbox'],
    ['https://l.facebook.com/l.php', 'facebook', 'social', 'organic_social', 'l.facebook.com'],
    ['https://lm.facebook.com/', 'facebook', 'social', 'organic_social', 'lm.facebook.com'],
    ['https://t.co/xyz', 't.co', 'social', 'organic_social', 't.co'],
    ['https://www.linkedin.com/', 'linkedin', 'social', 'organic_social', 'linkedin.com'],
    ['https://www.reddit.com/r/x', 'reddit', 'social', 'organic_social', 'reddit.com'],
    ['https://www.youtube.com/watch?v=1', 'youtube', 'referral', 'organic_video', 'youtube.com'],
    ['https://www.amazon.com/', 'amazon', 'referral', 'organic_shopping', 'amazon.com'],
    ['https://www.techblog.io/post?utm_source=ignored', 'techblog.io', 'referral', 'referral', 'techblog.io'],
  ];
  for (const [referrer, source, medium, channel, domain] of cases) {
    it(`${referrer} → ${source} / ${medium}, ${channel}`, () => {
      const r = run({ referrer });
      assert.deepEqual([...ssmc(r), r.referrer_domain, r.campaign], [source, medium, channel, domain, null]);
    });
  }
  it('an unparseable referrer is no referrer', () => {
    assert.deepEqual([...ssmc(run({ referrer: 'not a url' })), run({ referrer: 'not a url' }).referrer_domain],
      ['(direct)', '(none)', 'direct', null]);
  });
});

describe('resolveCampaign: malformed input', () => {
  it('a page URL that is not a URL keeps its query and is returned as given', () => {
    const pageUrl = 'not a url ?utm_source=Partner&utm_medium=referral';
    const r = run({ pageUrl });
    assert.deepEqual([...ssmc(r), r.landing_url], ['partner', 'referral', 'referral', pageUrl]);
  });
  it('percent-encoding errors keep the bad escape and never throw', () => {
    const r = run({ pageUrl: url('utm_source=caf%C3%A9&utm_campaign=50%25%20off%ZZ&utm_term=%E0%A4%A') });
    assert.deepEqual([r.source, r.campaign, r.term], ['café', '50% off%ZZ', '%E0%A4%A']);
  });
  it('unicode sources are lower-cased', () => {
    assert.equal(run({ pageUrl: url('utm_source=%C3%89COLE&utm_medium=email') }).source, 'école');
  });
});

describe('resolveCampaign: options', () => {
  it('categories from a deployment change the channel', () => {
    const categories = mergeSourceCategories({ search: ['my-engine'] });
    assert.equal(run({ pageUrl: url('utm_source=my-engine&utm_medium=cpc') }).channel, 'paid_other');
    assert.equal(run({ pageUrl: url('utm_source=my-engine&utm_medium=cpc'), categories }).channel, 'paid_search');
  });
  it('createCampaignResolver gives the same results as resolveCampaign', () => {
    const resolver = createCampaignResolver({ ownDomains: ['https://www.Example-App.io/'] });
    const inputs = [
      { pageUrl: PAGE, referrer: 'https://app.example-app.io/', campaign: null },
      { pageUrl: url('gclid=G&utm_campaign=C'), referrer: 'https://www.google.com/', campaign: null },
      { pageUrl: null, referrer: null, campaign: { source: 'cpc-bing' } },
    ];
    for (const e of inputs) {
      assert.deepEqual(resolver(e), resolveCampaign({ ...e, ownDomains: ['https://www.Example-App.io/'] }));
    }
    assert.equal(resolver(inputs[0]!).channel, 'direct');
  });
  it('does not change its input', () => {
    const campaign = Object.freeze({ source: 'A', gclid: 'G' });
    const cookies = Object.freeze({ _fbp: 'p', _fbc: null });
    const ownDomains = Object.freeze(['Example-App.io']);
    const input = Object.freeze({ pageUrl: url('fbclid=F'), referrer: null, campaign, cookies, ownDomains });
    const before = JSON.stringify(input);
    resolveCampaign(input);
    assert.equal(JSON.stringify(input), before);
  });
  it('returns fresh click_ids objects, not shared state', () => {
    const a = run({});
    (a.click_ids as Record<string, string>).gclid = 'mutated';
    assert.deepEqual(run({}).click_ids, {});
  });
});
