// First-party cookies on the site's registrable domain, so www.acme.com and app.acme.com share one client ID.
// Only ever called once analytics consent allows storage: even the domain probe writes a cookie.

let domain: string | null = null;

export function readCookie(name: string): string | null {
  const parts = document.cookie.split('; ');
  for (let i = 0; i < parts.length; i++) {
    const eq = parts[i]!.indexOf('=');
    if (parts[i]!.slice(0, eq) === name) return parts[i]!.slice(eq + 1) || null;
  }
  return null;
}

function set(name: string, value: string, maxAgeSeconds: number, on: string): void {
  document.cookie = name + '=' + value + '; path=/; max-age=' + maxAgeSeconds + '; SameSite=Lax'
    + (on ? '; domain=' + on : '') + (location.protocol === 'https:' ? '; Secure' : '');
}

/**
 * The widest domain that accepts a cookie: browsers refuse public suffixes (co.uk, github.io), so probing from
 * the top down finds the registrable domain without shipping the public suffix list. IP addresses and single-label
 * hosts get host-only cookies ('').
 */
function cookieDomain(): string {
  if (domain !== null) return domain;
  domain = '';
  const host = location.hostname;
  const labels = host.split('.');
  if (/^[\d.]+$/.test(host) || host.indexOf(':') >= 0) return domain;
  for (let i = labels.length - 2; i > 0; i--) {
    const candidate = labels.slice(i).join('.');
    set('_trb_t', '1', 10, candidate);
    if (readCookie('_trb_t')) {
      set('_trb_t', '', 0, candidate);
      return (domain = candidate);
    }
  }
  return domain;
}

export function writeCookie(name: string, value: string, maxAgeSeconds: number): void {
  set(name, value, maxAgeSeconds, cookieDomain());
}

/** Removes the cookie whichever way it was written (on the domain, or host-only by another version). */
export function removeCookie(name: string): void {
  set(name, '', 0, cookieDomain());
  set(name, '', 0, '');
}
