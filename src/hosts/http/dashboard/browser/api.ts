// The dashboard reads the same /v1/reports/* answers as any script does (no second path for the UI), same-origin
// with the sign-in cookie. Without read access the server answers 401 and the reader is sent to sign in, coming
// back to the view they were looking at.
import type { ReportName } from '../../../../app/reports/params.js';
import type { Reports } from '../../../../app/reports/run-report.js';

export class ReportFailure extends Error {}

// Every panel's request gets the same 401: the page leaves once, or the navigations would abort one another.
let leaving = false;

export function signInUrl(current: { pathname: string; search: string }): string {
  return `/sign-in?next=${encodeURIComponent(current.pathname + current.search)}`;
}

export async function fetchReport<N extends ReportName>(name: N, search: string, signal: AbortSignal): Promise<Reports[N]> {
  const response = await fetch(`/v1/reports/${name}${search}`, { credentials: 'same-origin', headers: { accept: 'application/json' }, signal });
  if (response.status === 401) {
    if (!leaving) window.location.assign(signInUrl(window.location));
    leaving = true;
    throw new ReportFailure('sign-in needed: opening the sign-in page');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : null;
    throw new ReportFailure(error ?? `the server answered ${response.status}`);
  }
  return body as Reports[N];
}
