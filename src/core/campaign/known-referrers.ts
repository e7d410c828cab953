// Referrers we name ourselves, before falling back on the source categories: the big search engines and social
// networks under every country domain (google.co.uk, yandex.ru), and their short-link and alias domains.

export type KnownReferrerKind = 'search' | 'social' | 'video' | 'shopping';
export interface KnownReferrer { readonly source: string; readonly kind: KnownReferrerKind }

const ref = (source: string, kind: KnownReferrerKind): KnownReferrer => Object.freeze({ source, kind });
const GOOGLE = ref('google', 'search');
const FACEBOOK = ref('facebook', 'social');
const TWITTER = ref('twitter', 'social');
const LINKEDIN = ref('linkedin', 'social');
const YOUTUBE = ref('youtube', 'video');

/**
 * Keyed on the registrable domain's name without its public suffix, so any ICANN suffix and any subdomain match:
 * `www.google.de`, `news.google.co.jp`, `l.facebook.com`, `m.facebook.com`, `uk.search.yahoo.com`.
 * Only names that are the brand everywhere belong here.
 */
export const KNOWN_BRANDS: ReadonlyMap<string, KnownReferrer> = new Map([
  ['google', GOOGLE],
  ['bing', ref('bing', 'search')],
  ['yahoo', ref('yahoo', 'search')],
  ['yandex', ref('yandex', 'search')],
  ['baidu', ref('baidu', 'search')],
  ['duckduckgo', ref('duckduckgo', 'search')],
  ['ecosia', ref('ecosia', 'search')],
  ['qwant', ref('qwant', 'search')],
  ['startpage', ref('startpage', 'search')],
  ['naver', ref('naver', 'search')],
  ['seznam', ref('seznam', 'search')],
  ['facebook', FACEBOOK],
  ['instagram', ref('instagram', 'social')],
  ['linkedin', LINKEDIN],
  ['pinterest', ref('pinterest', 'social')],
  ['reddit', ref('reddit', 'social')],
  ['tiktok', ref('tiktok', 'social')],
  ['youtube', YOUTUBE],
  ['amazon', ref('amazon', 'shopping')],
  ['ebay', ref('ebay', 'shopping')],
]);

/** Keyed on the exact registrable domain: aliases, short links and names too generic for KNOWN_BRANDS. */
export const KNOWN_DOMAINS: ReadonlyMap<string, KnownReferrer> = new Map([
  ['t.co', ref('t.co', 'social')], // X's link wrapper; GA4 reports it under this name
  ['twitter.com', TWITTER],
  ['x.com', TWITTER],
  ['fb.com', FACEBOOK],
  ['fb.me', FACEBOOK],
  ['messenger.com', FACEBOOK],
  ['lnkd.in', LINKEDIN],
  ['youtu.be', YOUTUBE],
  ['redd.it', ref('reddit', 'social')],
  ['pin.it', ref('pinterest', 'social')],
  ['ya.ru', ref('yandex', 'search')],
  ['msn.com', ref('msn', 'search')],
  ['aol.com', ref('aol', 'search')],
  ['ask.com', ref('ask', 'search')],
  ['sogou.com', ref('sogou', 'search')],
  ['daum.net', ref('daum', 'search')],
  ['kagi.com', ref('kagi', 'search')],
  ['threads.net', ref('threads', 'social')],
  ['threads.com', ref('threads', 'social')],
  ['bsky.app', ref('bluesky', 'social')],
  ['vimeo.com', ref('vimeo', 'video')],
  ['twitch.tv', ref('twitch', 'video')],
  ['dailymotion.com', ref('dailymotion', 'video')],
]);

/** Keyed on the exact host, checked first: a service on a subdomain of a company's general domain. */
export const KNOWN_HOSTS: ReadonlyMap<string, KnownReferrer> = new Map([
  ['search.brave.com', ref('brave', 'search')],
]);

/** `android-app://<package>` referrers, sent by Android apps that open links in a browser. */
export const KNOWN_ANDROID_APPS: ReadonlyMap<string, KnownReferrer> = new Map([
  ['com.google.android.googlequicksearchbox', GOOGLE],
  ['com.google.android.youtube', YOUTUBE],
  ['com.facebook.katana', FACEBOOK],
  ['com.facebook.orca', FACEBOOK],
  ['com.facebook.lite', FACEBOOK],
  ['com.instagram.android', ref('instagram', 'social')],
  ['com.linkedin.android', LINKEDIN],
  ['com.twitter.android', TWITTER],
  ['com.reddit.frontpage', ref('reddit', 'social')],
  ['com.pinterest', ref('pinterest', 'social')],
  ['com.zhiliaoapp.musically', ref('tiktok', 'social')],
]);
