// The browser SDK (CONTRACT section 7): one script tag, `window.tributary` with track / identify / consent.
// Bundled by esbuild into a minified IIFE (see src/hosts/http/sdk-bundle.ts). Nothing here may throw into the
// host page: every entry point — the start, the public API, the listeners, the history hooks — is wrapped.
import { campaignKey, fbcFor, stripClickIds } from './campaign.js';
import { readCookie, removeCookie, writeCookie } from './cookies.js';
import { uuid } from './ids.js';
import { formatSession, nextSession, parseSession } from './session.js';
import { createTransport, type Transport } from './transport.js';

interface Consent { analytics: boolean; ads: boolean }
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => void;
type Api = Record<'track' | 'identify' | 'consent', Fn>;

const CLIENT_COOKIE = '_trb_cid';
const SESSION_COOKIE = '_trb_sid';
const CONSENT_COOKIE = '_trb_cst';
const TWO_YEARS_S = 2 * 365 * 24 * 3600;
const FBC_MAX_AGE_S = 90 * 24 * 3600;

const safe = (f: Fn): Fn => function (this: unknown, ...args) {
  try { f.apply(this, args); } catch { /* the host page must never see our errors */ }
};

safe(start)();

function start(): void {
  const w = window as unknown as { tributary?: unknown };
  const script = (document.currentScript || document.querySelector('script[data-write-key]')) as HTMLScriptElement;
  const attr = (name: string) => script.getAttribute('data-' + name) || '';
  // The write key rides in the query string: sendBeacon cannot set headers.
  const transport: Transport = createTransport(new URL('/v1/events', script.src).href + '?write_key=' + encodeURIComponent(attr('write-key')));

  // Without `data-consent="required"`, consent is assumed until the page says otherwise. A choice made earlier is
  // in the consent cookie, which exists only once analytics consent was given.
  const savedConsent = readCookie(CONSENT_COOKIE);
  let consent: Consent = savedConsent
    ? { analytics: true, ads: savedConsent == '11' }
    : { analytics: attr('consent') != 'required', ads: attr('consent') != 'required' };
  let lastUrl = '';

  /** The page URL as it may be sent: click IDs only with ads consent. */
  const pageUrl = (href: string) => (consent.ads ? href : stripClickIds(href));

  function emit(type: string, fields: object): void {
    transport.push(Object.assign({ type, event_id: uuid(), ts: Date.now() }, fields));
  }

  /** Client and session for an activity now; a new session sends its `session` event first. */
  function touch(href: string, referrer: string): { client_id: string; session_id: string } {
    const now = Date.now();
    const clientId = readCookie(CLIENT_COOKIE) || uuid();
    writeCookie(CLIENT_COOKIE, clientId, TWO_YEARS_S);
    if (consent.ads) {
      const fbc = fbcFor(href, readCookie('_fbc'), now);
      if (fbc) writeCookie('_fbc', fbc, FBC_MAX_AGE_S);
    }
    const url = pageUrl(href);
    const next = nextSession(parseSession(readCookie(SESSION_COOKIE)), now, campaignKey(url), uuid);
    writeCookie(SESSION_COOKIE, formatSession(next.state), 1800);
    const ids = { client_id: clientId, session_id: next.state.id };
    if (next.isNew) {
      emit('session', Object.assign({
        page_url: url,
        referrer: referrer ? pageUrl(referrer) || null : null,
        consent,
        cookies: consent.ads ? { _fbp: readCookie('_fbp'), _fbc: readCookie('_fbc') } : null,
      }, ids));
    }
    return ids;
  }

  /** A page view: the first page, or a history navigation of a single-page app. */
  function page(): void {
    const href = location.href;
    if (!consent.analytics || href == lastUrl) return;
    // The first page's referrer is the document's; a history navigation comes from the previous URL.
    const referrer = lastUrl || document.referrer;
    lastUrl = href;
    emit('hit', Object.assign({ name: 'page_view', page_url: pageUrl(href), properties: referrer ? { referrer: pageUrl(referrer) } : null }, touch(href, referrer)));
  }

  const api: Api = {
    track(name: string, properties?: object) {
      if (consent.analytics) emit('hit', Object.assign({ name: String(name), page_url: pageUrl(location.href), properties: properties || null }, touch(location.href, '')));
    },
    identify(email: string) {
      if (consent.analytics) emit('identify', { client_id: touch(location.href, '').client_id, email: String(email) });
    },
    consent(choice: Partial<Consent>) {
      const was = consent;
      const analytics = choice.analytics === undefined ? was.analytics : !!choice.analytics;
      consent = { analytics, ads: analytics && (choice.ads === undefined ? was.ads : !!choice.ads) };
      if (!consent.ads && was.ads) removeCookie('_fbc');
      if (!analytics) {
        // Withdrawn: nothing of ours stays on the device, nothing more leaves it.
        transport.clear();
        for (const name of [CLIENT_COOKIE, SESSION_COOKIE, CONSENT_COOKIE]) removeCookie(name);
        lastUrl = '';
        return;
      }
      writeCookie(CONSENT_COOKIE, consent.ads ? '11' : '10', TWO_YEARS_S);
      if (!was.analytics) { transport.restore(); page(); }
    },
  };
  for (const name of ['track', 'identify', 'consent'] as const) api[name] = safe(api[name]);

  // Calls made before the script loaded (`window.tributary = window.tributary || []; tributary.push([...])`):
  // consent choices first, so the first page view already obeys them; the rest after it, so an early identify
  // does not open the session without the page's referrer.
  const early: unknown[][] = Array.isArray(w.tributary) ? w.tributary : [];
  w.tributary = api;
  const replay = (consentCalls: boolean) => {
    for (const call of early) {
      const method = api[call[0] as keyof Api];
      if (method && (call[0] == 'consent') == consentCalls) method(...call.slice(1));
    }
  };
  replay(true);

  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      safe(page)();
      return result;
    };
  }
  addEventListener('popstate', safe(page));
  addEventListener('pagehide', safe(() => transport.leave()));
  addEventListener('visibilitychange', safe(() => { if (document.visibilityState == 'hidden') transport.leave(); }));

  if (consent.analytics) { transport.restore(); page(); }
  replay(false);
}
