// Google's OAuth token endpoint, shared by the Google Ads API fake and the Data Manager API fake (one token URL
// serves both, as in production): the refresh-token grant with the client id and secret, and access tokens that carry
// the scopes their refresh token was granted, so each API can refuse a token without its scope.
import { header, type Answer, type RecordedRequest } from './fake-api.js';

export const ADWORDS_SCOPE = 'https://www.googleapis.com/auth/adwords';
export const DATAMANAGER_SCOPE = 'https://www.googleapis.com/auth/datamanager';

export const GOOGLE_OAUTH_CLIENT = {
  GOOGLE_ADS_CLIENT_ID: 'client-id.apps.googleusercontent.com', GOOGLE_ADS_CLIENT_SECRET: 'client-secret',
  GOOGLE_ADS_REFRESH_TOKEN: 'refresh-token',
};
/** A refresh token consented before the Data Manager API: the Google Ads API scope only. */
export const ADWORDS_ONLY_REFRESH_TOKEN = 'adwords-only-refresh-token';

const GRANTS: Record<string, string[]> = {
  [GOOGLE_OAUTH_CLIENT.GOOGLE_ADS_REFRESH_TOKEN]: [ADWORDS_SCOPE, DATAMANAGER_SCOPE],
  [ADWORDS_ONLY_REFRESH_TOKEN]: [ADWORDS_SCOPE],
};

export interface FakeGoogleOAuth {
  /** Token grants answered. */
  readonly tokensIssued: number;
  /** The scopes of the bearer token in this request's Authorization header; null when it is none Google issued. */
  scopesOf(r: RecordedRequest): string[] | null;
  /** The token endpoint's answer. */
  answer(r: RecordedRequest): Answer;
}

export function createFakeGoogleOAuth(): FakeGoogleOAuth {
  const issued = new Map<string, string[]>();
  return {
    get tokensIssued() { return issued.size; },
    scopesOf(r) {
      const auth = header(r, 'authorization') ?? '';
      return auth.startsWith('Bearer ') ? issued.get(auth.slice(7)) ?? null : null;
    },
    answer(r) {
      const form = new URLSearchParams(r.body);
      if (!(header(r, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded')) return { status: 400, body: { error: 'invalid_request', error_description: 'form body expected' } };
      if (form.get('grant_type') !== 'refresh_token') return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' } };
      if (form.get('client_id') !== GOOGLE_OAUTH_CLIENT.GOOGLE_ADS_CLIENT_ID || form.get('client_secret') !== GOOGLE_OAUTH_CLIENT.GOOGLE_ADS_CLIENT_SECRET) {
        return { status: 401, body: { error: 'invalid_client', error_description: 'The OAuth client was not found.' } };
      }
      const scopes = GRANTS[form.get('refresh_token') ?? ''];
      if (!scopes) return { status: 400, body: { error: 'invalid_grant', error_description: 'Bad Request' } };
      const access = `ya29.fake-${issued.size + 1}`;
      issued.set(access, scopes);
      return { status: 200, body: { access_token: access, expires_in: 3599, scope: scopes.join(' '), token_type: 'Bearer' } };
    },
  };
}
