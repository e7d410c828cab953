// Google's OAuth2 refresh-token flow: an access token from the client id, secret and refresh token, kept until
// shortly before it expires (Google's last about an hour), so a busy deliverer asks for one per hour, not per batch.
// Both Google senders (Data Manager API and Google Ads API) use it; the scopes are those the refresh token was granted
// (https://www.googleapis.com/auth/datamanager for the Data Manager API, .../auth/adwords for the Google Ads API).
//   POST {GOOGLE_OAUTH_TOKEN_URL}  (application/x-www-form-urlencoded)
//   grant_type=refresh_token&client_id=...&client_secret=...&refresh_token=...
//   → {"access_token": "...", "expires_in": 3599, "token_type": "Bearer", ...}
import { callApi, type CallOutcome, type Fetch } from '../delivery.js';
import type { Millis } from '../../core/types.js';

export interface GoogleOAuthSettings {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  fetch: Fetch;
  timeoutMs?: number;
}

export type TokenAnswer = { ok: true; token: string } | { ok: false; failure: Extract<CallOutcome, { ok: false }> };

export interface TokenSource {
  /** A valid access token at `now`, refreshed when the cached one is (nearly) expired. */
  get(now: Millis): Promise<TokenAnswer>;
  /** Forgets the cached token (the API refused it): the next `get` refreshes. */
  invalidate(): void;
}

/** Refresh this long before the expiry Google announced, so a token never expires in flight. */
const EXPIRY_MARGIN_MS = 60_000;

export function createGoogleTokenSource(settings: GoogleOAuthSettings): TokenSource {
  let cached: { token: string; expiresAt: Millis } | null = null;
  return {
    invalidate() { cached = null; },
    async get(now) {
      if (cached !== null && cached.expiresAt - EXPIRY_MARGIN_MS > now) return { ok: true, token: cached.token };
      const call = await callApi(settings.fetch, settings.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'refresh_token', client_id: settings.clientId, client_secret: settings.clientSecret,
          refresh_token: settings.refreshToken,
        }).toString(),
      }, settings.timeoutMs);
      if (!call.ok) return { ok: false, failure: call };
      const body = call.body as { access_token?: unknown; expires_in?: unknown } | null;
      if (typeof body?.access_token !== 'string' || body.access_token === '') {
        return { ok: false, failure: { ok: false, retryable: true, status: call.status, body: call.body, error: 'token answer without access_token', retry_after_ms: null } };
      }
      const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 3600;
      cached = { token: body.access_token, expiresAt: now + expiresIn * 1000 };
      return { ok: true, token: cached.token };
    },
  };
}

type Failure = Extract<CallOutcome, { ok: false }>;

/** An API call's answer, or the token refresh that kept it from being made. */
export type AuthorisedCall = { ok: true; call: CallOutcome } | { ok: false; failure: Failure; reason: string };

/** Calls the API with a bearer token from `source`; a token the API refuses (401) is refreshed once and the call made again. */
export async function callWithToken(source: TokenSource, now: Millis, call: (token: string) => Promise<CallOutcome>): Promise<AuthorisedCall> {
  const refused = (failure: Failure): AuthorisedCall => ({ ok: false, failure, reason: `OAuth token refresh failed: ${failure.error}` });
  let token = await source.get(now);
  if (!token.ok) return refused(token.failure);
  let answer = await call(token.token);
  // A token revoked or expired early: refresh it once before calling the refusal final.
  if (!answer.ok && answer.status === 401) {
    source.invalidate();
    token = await source.get(now);
    if (!token.ok) return refused(token.failure);
    answer = await call(token.token);
  }
  return { ok: true, call: answer };
}
