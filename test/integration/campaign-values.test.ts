// CONTRACT section 2, campaign values and channels, end to end: precedence (landing URL, then the campaign object,
// then the referrer), click IDs, the channel rules on top of GA4, referrer-only traffic, same-site and own-domain
// referrers, case rules, and hostile strings kept verbatim.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pipeline } from '../../src/app/pipeline.js';
import { exportAll, ingest, openTestPipeline } from '../support/pipeline.js';

const T0 = Date.parse('2026-03-10T12:00:00.000Z');
const HOUR = 3_600_000;

interface Harness { p: Pipeline; errors: string[] }
async function open(overrides: Parameters<typeof openTestPipeline>[0] = {}): Promise<Harness> {
  const errors: string[] = [];
  const p = await openTestPipeline(overrides, { onError: (worker, error) => errors.push(`${worker}: ${(error as Error)?.stack ?? String(error)}`) });
  return { p, errors };
}

let seq = 0;
const uid = (what: string) => `${what}-${++seq}`;

/** Ingests the events and returns the touchpoint whose client_id / device_id / call email is `key`. */
async function touchpointOf(p: Pipeline, events: Record<string, unknown>[], match: (t: any) => boolean): Promise<any> {
  const s = await ingest(p, events);
  assert.equal(s.rejected, 0, JSON.stringify(s.reasons));
  const found = (await exportAll(p, 'touchpoints')).filter(match);
  assert.equal(found.length, 1, 'exactly one touchpoint expected');
  return found[0];
}
function sessionTouchpoint(p: Pipeline, page_url: string, extra: Record<string, unknown> = {}): Promise<any> {
  const client_id = uid('client');
  return touchpointOf(p, [{ type: 'session', event_id: uid('s'), ts: T0, client_id, session_id: uid('ss'), page_url, ...extra }], (t) => t.client_id === client_id);
}
function callTouchpoint(p: Pipeline, campaign: Record<string, unknown> | null, page_url?: string): Promise<any> {
  const call_id = uid('call');
  const email = `${call_id}@calls.example.com`;
  return touchpointOf(p, [{ type: 'call', event_id: uid('c'), ts: T0, call_id, email, campaign, ...(page_url && { page_url }) }], (t) => t.email === email);
}
function mobileTouchpoint(p: Pipeline, campaign: Record<string, unknown>): Promise<any> {
  const device_id = uid('device');
  return touchpointOf(p, [{ type: 'mobile_event', event_id: uid('m'), ts: T0, device_id, name: 'install', campaign }], (t) => t.device_id === device_id);
}
const sourceMedium = (t: any) => ({ channel: t.channel, source: t.source, medium: t.medium });

describe('section 2: campaign values and channels', () => {
  let h: Harness;
  before(async () => { h = await open({ ownDomains: ['acme-app.io', 'https://www.acme-help.net/'] }); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, [], 'no worker may fail'); });

  describe('case and trimming', () => {
    it('source and medium are trimmed and lower-cased; campaign, term and content keep their case (landing URL)', async () => {
      const t = await sessionTouchpoint(h.p, 'https://www.acme.com/?utm_source=%20Google%20&utm_medium=CPC&utm_campaign=Spring_SALE&utm_term=Running%20Shoes&utm_content=Banner-A');
      assert.equal(t.source, 'google');
      assert.equal(t.medium, 'cpc');
      assert.equal(t.campaign, 'Spring_SALE');
      assert.equal(t.term, 'Running Shoes');
      assert.equal(t.content, 'Banner-A');
      assert.equal(t.channel, 'paid_search');
    });

    it('the same case rules apply to a campaign object', async () => {
      const t = await callTouchpoint(h.p, { source: ' NewsLetter ', medium: 'E-Mail', campaign: 'MixedCase Campaign', term: 'Term X', content: 'Content Y' });
      assert.equal(t.source, 'newsletter');
      assert.equal(t.medium, 'e-mail');
      assert.equal(t.campaign, 'MixedCase Campaign');
      assert.equal(t.term, 'Term X');
      assert.equal(t.content, 'Content Y');
      assert.equal(t.channel, 'email');
    });
  });

  describe('precedence: landing URL, then campaign object, then referrer', () => {
    it('the landing URL query wins over the campaign object', async () => {
      const t = await callTouchpoint(h.p, { source: 'facebook', medium: 'cpc', campaign: 'FromObject', term: 'obj-term', content: 'obj-content' },
        'https://www.acme.com/contact?utm_source=newsletter&utm_medium=email&utm_campaign=FromUrl&utm_term=url-term&utm_content=url-content');
      assert.deepEqual(sourceMedium(t), { channel: 'email', source: 'newsletter', medium: 'email' });
      assert.equal(t.campaign, 'FromUrl');
      assert.equal(t.term, 'url-term');
      assert.equal(t.content, 'url-content');
    });

    it('a landing URL click ID wins over the campaign object click ID of the same type', async () => {
      const t = await callTouchpoint(h.p, { gclid: 'FROM-OBJECT' }, 'https://www.acme.com/contact?gclid=FROM-URL');
      assert.deepEqual(t.click_id, { type: 'gclid', value: 'FROM-URL' });
    });

    it('the campaign object is used when the landing URL has no campaign data', async () => {
      const t = await callTouchpoint(h.p, { source: 'facebook', medium: 'cpc', campaign: 'FromObject' }, 'https://www.acme.com/contact');
      assert.deepEqual(sourceMedium(t), { channel: 'paid_social', source: 'facebook', medium: 'cpc' });
      assert.equal(t.campaign, 'FromObject');
      assert.equal(t.landing_url, 'https://www.acme.com/contact');
    });

    it('the landing URL wins over the referrer', async () => {
      const t = await sessionTouchpoint(h.p, 'https://www.acme.com/?utm_source=newsletter&utm_medium=email&utm_campaign=Weekly', { referrer: 'https://www.google.com/' });
      assert.deepEqual(sourceMedium(t), { channel: 'email', source: 'newsletter', medium: 'email' });
      assert.equal(t.campaign, 'Weekly');
    });

    it('a click ID in the landing URL wins over the referrer', async () => {
      const t = await sessionTouchpoint(h.p, 'https://www.acme.com/?gclid=G-REF', { referrer: 'https://www.facebook.com/' });
      assert.deepEqual(sourceMedium(t), { channel: 'paid_search', source: 'google', medium: 'cpc' });
    });
  });

  describe('click IDs', () => {
    const URL_CLICK_IDS = ['gclid', 'wbraid', 'gbraid', 'fbclid', 'msclkid', 'li_fat_id', 'ttclid', 'twclid', 'rdt_cid', 'dclid'];
    for (const type of URL_CLICK_IDS) {
      it(`${type} in the landing URL is exported as click_id {type: "${type}", value}`, async () => {
        const t = await sessionTouchpoint(h.p, `https://www.acme.com/landing?foo=1&${type}=Value_${type}-123&bar=2`);
        assert.deepEqual(t.click_id, { type, value: `Value_${type}-123` });
      });
    }

    const OBJECT_CLICK_IDS = ['gclid', 'gbraid', 'wbraid', 'fbclid', 'msclkid', 'li_fat_id', 'ttclid'];
    for (const type of OBJECT_CLICK_IDS) {
      it(`${type} in a campaign object is exported as click_id`, async () => {
        const t = await mobileTouchpoint(h.p, { [type]: `obj-${type}` });
        assert.deepEqual(t.click_id, { type, value: `obj-${type}` });
      });
    }

    it('a click ID next to UTMs is still exported in click_id', async () => {
      const t = await sessionTouchpoint(h.p, 'https://www.acme.com/?utm_source=google&utm_medium=cpc&utm_campaign=Brand&gclid=WITH-UTM');
      assert.deepEqual(t.click_id, { type: 'gclid', value: 'WITH-UTM' });
      assert.equal(t.campaign, 'Brand');
    });

    it('no click ID gives click_id null', async () => {
      const t = await sessionTouchpoint(h.p, 'https://www.acme.com/?utm_source=google&utm_medium=cpc');
      assert.equal(t.click_id, null);
    });

    it('the _fbp and _fbc cookies of a session are recognised and kept with its visit', async () => {
      const client_id = uid('cookie-client');
      const s = await ingest(h.p, [{ type: 'session', event_id: uid('s'), ts: T0, client_id, session_id: uid('ss'), page_url: 'https://www.acme.com/',
        consent: { analytics: true, ads: true }, cookies: { _fbp: 'fb.1.1700000000000.987654', _fbc: 'fb.1.1700000000000.IwAR-click' } }]);
      assert.equal(s.accepted, 1);
      const { rows } = await h.p.store.query<{ fbp: string; fbc: string }>('SELECT fbp, fbc FROM bi.visits WHERE client_id = $1', [client_id]);
      assert.deepEqual(rows.map((r) => [r.fbp, r.fbc]), [['fb.1.1700000000000.987654', 'fb.1.1700000000000.IwAR-click']]);
    });

    for (const type of ['gclid', 'gbraid', 'wbraid']) {
      it(`${type} alone (no UTMs) is source google, medium cpc, channel paid_search`, async () => {
        const t = await sessionTouchpoint(h.p, `https://www.acme.com/?${type}=ALONE`);
        assert.deepEqual(sourceMedium(t), { channel: 'paid_search', source: 'google', medium: 'cpc' });
      });
    }

    it('gclid alone in a campaign object is google / cpc / paid_search too', async () => {
      const t = await callTouchpoint(h.p, { gclid: 'OBJ-ALONE' });
      assert.deepEqual(sourceMedium(t), { channel: 'paid_search', source: 'google', medium: 'cpc' });
    });

    it('msclkid alone is source bing, medium cpc, channel paid_search', async () => {
      const t = await sessionTouchpoint(h.p, 'https://www.acme.com/?msclkid=MS-ALONE');
      assert.deepEqual(sourceMedium(t), { channel: 'paid_search', source: 'bing', medium: 'cpc' });
    });

    it('fbclid alone is organic_social from facebook (in the URL and in a campaign object)', async () => {
      const a = await sessionTouchpoint(h.p, 'https://www.acme.com/?fbclid=IwAR-ALONE');
      assert.equal(a.channel, 'organic_social');
      assert.equal(a.source, 'facebook');
      const b = await mobileTouchpoint(h.p, { fbclid: 'IwAR-OBJ' });
      assert.equal(b.channel, 'organic_social');
      assert.equal(b.source, 'facebook');
    });
  });

  describe('the flow document sources (cpc-google, cpc-bing, cpc-facebook, cpc-linkedin)', () => {
    const cases: Array<[string, string, string]> = [
      ['utm_source=cpc-google-brand', 'cpc-google-brand', 'paid_search'],
      ['utm_source=cpc-google-brand&utm_medium=cpc', 'cpc-google-brand', 'paid_search'],
      ['utm_source=CPC-Google-Generic&utm_medium=CPC', 'cpc-google-generic', 'paid_search'],
      ['utm_source=cpc-google', 'cpc-google', 'paid_search'],
      ['utm_source=cpc-bing-brand', 'cpc-bing-brand', 'paid_search'],
      ['utm_source=cpc-bing&utm_medium=ppc', 'cpc-bing', 'paid_search'],
      ['utm_source=cpc-facebook', 'cpc-facebook', 'paid_social'],
      ['utm_source=cpc-facebook-retargeting&utm_medium=paid', 'cpc-facebook-retargeting', 'paid_social'],
      ['utm_source=cpc-linkedin-abm', 'cpc-linkedin-abm', 'paid_social'],
      ['utm_source=cpc-linkedin&utm_medium=cpc&utm_campaign=ABM', 'cpc-linkedin', 'paid_social'],
    ];
    for (const [query, source, channel] of cases) {
      it(`${query} is ${channel} with source ${source}`, async () => {
        const t = await sessionTouchpoint(h.p, `https://www.acme.com/?${query}`);
        assert.equal(t.source, source);
        assert.equal(t.channel, channel);
      });
    }

    it('a flow document source in a campaign object is classified the same way', async () => {
      const t = await mobileTouchpoint(h.p, { source: 'cpc-facebook-app' });
      assert.equal(t.source, 'cpc-facebook-app');
      assert.equal(t.channel, 'paid_social');
    });
  });

  describe('referrer-only traffic', () => {
    const search: Array<[string, string]> = [
      ['https://www.google.com/', 'google'],
      ['https://www.google.co.uk/search?q=acme', 'google'],
      ['https://www.bing.com/search?q=acme', 'bing'],
      ['https://duckduckgo.com/', 'duckduckgo'],
    ];
    for (const [referrer, source] of search) {
      it(`a session referred by ${referrer} is organic_search, source ${source}, medium organic`, async () => {
        const t = await sessionTouchpoint(h.p, 'https://www.acme.com/', { referrer });
        assert.deepEqual(sourceMedium(t), { channel: 'organic_search', source, medium: 'organic' });
        assert.equal(t.click_id, null);
      });
    }

    const social: Array<[string, string]> = [
      ['https://www.facebook.com/', 'facebook'],
      ['https://l.facebook.com/l.php?u=https%3A%2F%2Facme.com', 'facebook'],
      ['https://www.linkedin.com/feed/', 'linkedin'],
      ['https://t.co/abc123', 't.co'],
    ];
    for (const [referrer, source] of social) {
      it(`a session referred by ${referrer} is organic_social, source ${source}, medium social`, async () => {
        const t = await sessionTouchpoint(h.p, 'https://www.acme.com/', { referrer });
        assert.deepEqual(sourceMedium(t), { channel: 'organic_social', source, medium: 'social' });
      });
    }

    it('any other external referrer is a referral from its host without www.', async () => {
      const t = await sessionTouchpoint(h.p, 'https://www.acme.com/', { referrer: 'https://www.example-blog.org/posts/42?x=1' });
      assert.deepEqual(sourceMedium(t), { channel: 'referral', source: 'example-blog.org', medium: 'referral' });
      assert.equal(t.referrer_domain, 'example-blog.org');
    });

    it('a referral keeps the subdomain of its host (only www. is dropped)', async () => {
      const t = await sessionTouchpoint(h.p, 'https://www.acme.com/', { referrer: 'https://news.example.org:8443/story' });
      assert.deepEqual(sourceMedium(t), { channel: 'referral', source: 'news.example.org', medium: 'referral' });
      assert.equal(t.referrer_domain, 'news.example.org');
    });

    it('no campaign data and no referrer is direct: source (direct), medium (none)', async () => {
      const t = await sessionTouchpoint(h.p, 'https://www.acme.com/pricing');
      assert.deepEqual(sourceMedium(t), { channel: 'direct', source: '(direct)', medium: '(none)' });
      assert.equal(t.referrer_domain, null);
      assert.equal(t.click_id, null);
      assert.equal(t.campaign, null);
    });

    it('campaign data without a source is not direct', async () => {
      const t = await sessionTouchpoint(h.p, 'https://www.acme.com/?utm_campaign=Orphan');
      assert.notEqual(t.channel, 'direct');
      assert.equal(t.campaign, 'Orphan');
    });
  });

  describe('same-site and own-domain referrers', () => {
    it('a referrer on the same host as the page is direct', async () => {
      const t = await sessionTouchpoint(h.p, 'https://www.acme.com/pricing', { referrer: 'https://www.acme.com/blog/post' });
      assert.deepEqual(sourceMedium(t), { channel: 'direct', source: '(direct)', medium: '(none)' });
      assert.equal(t.referrer_domain, null);
    });

    it('a referrer on another subdomain of the same registrable domain is direct', async () => {
      const t = await sessionTouchpoint(h.p, 'https://www.acme.com/pricing', { referrer: 'https://blog.acme.com/post' });
      assert.deepEqual(sourceMedium(t), { channel: 'direct', source: '(direct)', medium: '(none)' });
    });

    it('a same-site referrer does not hide campaign data in the URL', async () => {
      const t = await sessionTouchpoint(h.p, 'https://www.acme.com/?utm_source=newsletter&utm_medium=email', { referrer: 'https://blog.acme.com/' });
      assert.deepEqual(sourceMedium(t), { channel: 'email', source: 'newsletter', medium: 'email' });
    });

    it('a referrer on a configured own domain is direct', async () => {
      const t = await sessionTouchpoint(h.p, 'https://www.acme.com/', { referrer: 'https://acme-app.io/dashboard' });
      assert.deepEqual(sourceMedium(t), { channel: 'direct', source: '(direct)', medium: '(none)' });
    });

    it('a referrer on a subdomain of a configured own domain is direct', async () => {
      const t = await sessionTouchpoint(h.p, 'https://www.acme.com/', { referrer: 'https://eu.app.acme-app.io/settings' });
      assert.deepEqual(sourceMedium(t), { channel: 'direct', source: '(direct)', medium: '(none)' });
    });

    it('an own domain configured as a URL with www. covers the bare domain', async () => {
      const t = await sessionTouchpoint(h.p, 'https://www.acme.com/', { referrer: 'https://acme-help.net/article' });
      assert.deepEqual(sourceMedium(t), { channel: 'direct', source: '(direct)', medium: '(none)' });
    });

    it('an own-domain referrer does not hide campaign data in the URL', async () => {
      const t = await sessionTouchpoint(h.p, 'https://www.acme.com/?gclid=OWN', { referrer: 'https://acme-app.io/' });
      assert.deepEqual(sourceMedium(t), { channel: 'paid_search', source: 'google', medium: 'cpc' });
    });

    it('a domain that merely ends with an own domain\'s name is not own', async () => {
      const t = await sessionTouchpoint(h.p, 'https://www.acme.com/', { referrer: 'https://notacme-app.io/' });
      assert.deepEqual(sourceMedium(t), { channel: 'referral', source: 'notacme-app.io', medium: 'referral' });
    });
  });

  describe('GA4 default channel groups, decided in GA4 order', () => {
    const table: Array<[string, string]> = [
      ['utm_source=google&utm_medium=cpc', 'paid_search'],
      ['utm_source=bing&utm_medium=ppc', 'paid_search'],
      ['utm_source=facebook&utm_medium=paid_social', 'paid_social'],
      ['utm_source=linkedin&utm_medium=cpc', 'paid_social'],
      ['utm_source=youtube&utm_medium=cpc', 'paid_video'],
      ['utm_source=amazon&utm_medium=cpc', 'paid_shopping'],
      ['utm_source=google&utm_medium=cpc&utm_campaign=summer-shopping', 'paid_shopping'],
      ['utm_source=google&utm_medium=cpc&utm_campaign=brand-cross-network', 'cross_network'],
      ['utm_source=dv360&utm_medium=display', 'display'],
      ['utm_source=adnetwork&utm_medium=banner', 'display'],
      ['utm_source=adnetwork&utm_medium=cpm', 'display'],
      ['utm_source=partner&utm_medium=paid', 'paid_other'],
      ['utm_source=partner&utm_medium=retargeting', 'paid_other'],
      ['utm_source=ebay&utm_medium=organic', 'organic_shopping'],
      ['utm_source=somewhere&utm_medium=social', 'organic_social'],
      ['utm_source=pinterest&utm_medium=post', 'organic_social'],
      ['utm_source=vimeo&utm_medium=referral', 'organic_video'],
      ['utm_source=somewhere&utm_medium=video-post', 'organic_video'],
      ['utm_source=duckduckgo&utm_medium=referral', 'organic_search'],
      ['utm_source=somewhere&utm_medium=organic', 'organic_search'],
      ['utm_source=partner.com&utm_medium=referral', 'referral'],
      ['utm_source=partner.com&utm_medium=link', 'referral'],
      ['utm_source=newsletter&utm_medium=email', 'email'],
      ['utm_source=email&utm_medium=blast', 'email'],
      ['utm_source=partner&utm_medium=affiliate', 'affiliates'],
      ['utm_source=spotify-ads&utm_medium=audio', 'audio'],
      ['utm_source=sms&utm_medium=text', 'sms'],
      ['utm_source=app&utm_medium=web-push', 'mobile_push_notifications'],
      ['utm_source=firebase&utm_medium=inapp', 'mobile_push_notifications'],
      ['utm_source=foo&utm_medium=bar', 'unassigned'],
    ];
    for (const [query, channel] of table) {
      it(`?${query} is ${channel}`, async () => {
        const t = await sessionTouchpoint(h.p, `https://www.acme.com/?${query}`);
        assert.equal(t.channel, channel);
      });
    }
  });

  describe('hostile strings are stored and exported verbatim', () => {
    const SQL = "x'); DROP TABLE bi.interaction_touchpoints; --";
    const HTML = '<script>alert("pwn")</script><img src=x onerror=alert(1)>';
    const UNICODE = 'Ünïcødé ✓ 漢字 \u{1F680} "quoted" \\ back\\slash';

    it('UTM values in the landing URL (SQL, HTML, Unicode) come back exactly as sent', async () => {
      const q = `utm_source=newsletter&utm_medium=email&utm_campaign=${encodeURIComponent(SQL)}&utm_term=${encodeURIComponent(HTML)}&utm_content=${encodeURIComponent(UNICODE)}`;
      const client_id = uid('hostile-c');
      const email = `${client_id}@example.com`;
      const s = await ingest(h.p, [
        { type: 'session', event_id: uid('s'), ts: T0 - HOUR, client_id, session_id: uid('ss'), page_url: `https://www.acme.com/?${q}` },
        { type: 'company_created', event_id: uid('co'), ts: T0, company_id: client_id, email, client_id },
      ]);
      assert.equal(s.accepted, 2);
      const [t] = (await exportAll(h.p, 'touchpoints')).filter((x) => x.client_id === client_id);
      assert.equal(t.campaign, SQL);
      assert.equal(t.term, HTML);
      assert.equal(t.content, UNICODE);
      assert.equal(t.landing_url, `https://www.acme.com/?${q}`);
      const company = (await exportAll(h.p, 'companies')).find((c) => c.company_id === client_id);
      assert.equal(company.first_touch.campaign, SQL);
      const { rows } = await h.p.store.query<{ n: number }>('SELECT count(*)::int AS n FROM bi.interaction_touchpoints');
      assert.ok(rows[0]!.n > 0, 'the table is still there');
    });

    it('hostile values in a campaign object come back exactly as sent (source and medium only lower-cased)', async () => {
      const t = await callTouchpoint(h.p, { source: '<B>Evil</B>', medium: "Email'--", campaign: HTML, term: SQL, content: UNICODE });
      assert.equal(t.source, '<b>evil</b>');
      assert.equal(t.medium, "email'--");
      assert.equal(t.campaign, HTML);
      assert.equal(t.term, SQL);
      assert.equal(t.content, UNICODE);
    });

    it('a hostile referrer host and page URL do not break the touchpoint', async () => {
      const page = `https://www.acme.com/<script>?utm_source=${encodeURIComponent("a'b")}&utm_medium=referral`;
      const t = await sessionTouchpoint(h.p, page, { referrer: 'https://evil.example.net/?q=%3Cscript%3E' });
      assert.equal(t.source, "a'b");
      assert.equal(t.landing_url, page);
    });
  });
});

describe('section 2: own domains are configuration', () => {
  let h: Harness;
  before(async () => { h = await open(); });
  after(async () => { await h.p.close(); assert.deepEqual(h.errors, [], 'no worker may fail'); });

  it('without ownDomains the same referrer is a referral', async () => {
    const t = await sessionTouchpoint(h.p, 'https://www.acme.com/', { referrer: 'https://acme-app.io/dashboard' });
    assert.deepEqual(sourceMedium(t), { channel: 'referral', source: 'acme-app.io', medium: 'referral' });
  });
});

describe('section 2: an encoded NUL (%00) in a landing URL never loses an accepted event', () => {
  // PostgreSQL text cannot hold U+0000, which `%00` decodes to. Whatever the pipeline does with it (reject the event
  // with a reason, or drop / replace the character), an event it has accepted must still become its touchpoint.
  let h: Harness;
  before(async () => { h = await open(); });
  after(async () => { await h.p.close(); });

  const cases: Array<[string, (id: string) => Record<string, unknown>]> = [
    ['a session with utm_campaign=a%00b', (id) => ({ type: 'session', event_id: id, ts: T0, client_id: id, session_id: id, page_url: 'https://www.acme.com/?utm_source=newsletter&utm_medium=email&utm_campaign=a%00b' })],
    ['a session with utm_source=%00', (id) => ({ type: 'session', event_id: id, ts: T0, client_id: id, session_id: id, page_url: 'https://www.acme.com/?utm_source=%00' })],
    ['a session with gclid=%00', (id) => ({ type: 'session', event_id: id, ts: T0, client_id: id, session_id: id, page_url: 'https://www.acme.com/?gclid=%00' })],
    ['a form with utm_content=%00', (id) => ({ type: 'form_submission', event_id: id, ts: T0, email: `${id}@example.com`, client_id: id, form_id: 'x', site: 'app', page_url: 'https://www.acme.com/?utm_content=%00' })],
    ['a call with utm_term=x%00', (id) => ({ type: 'call', event_id: id, ts: T0, call_id: id, client_id: id, email: `${id}@example.com`, page_url: 'https://www.acme.com/?utm_source=google&utm_medium=cpc&utm_term=x%00' })],
  ];
  for (const [name, make] of cases) {
    it(`${name} is either rejected with a reason or becomes its touchpoint`, async () => {
      const id = uid('nul');
      const errorsBefore = h.errors.length;
      const s = await ingest(h.p, [make(id)]);
      if (s.rejected === 1) {
        assert.ok(s.reasons[0]!.reason.length > 0);
        return;
      }
      assert.equal(s.accepted, 1);
      const found = (await exportAll(h.p, 'touchpoints')).filter((t) => t.client_id === id);
      assert.equal(found.length, 1, 'the accepted event became its touchpoint');
      assert.deepEqual(h.errors.slice(errorsBefore), [], 'no worker failed on it');
      const { rows } = await h.p.store.query<{ n: number }>('SELECT count(*)::int AS n FROM bi.dead_letters WHERE message_id = $1', [id]);
      assert.equal(rows[0]!.n, 0, 'it is not in the dead letters');
    });
  }
});
