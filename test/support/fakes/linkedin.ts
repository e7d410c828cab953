// LinkedIn Conversions API (/rest/conversionEvents), checking requests the way it does: the bearer token,
// LinkedIn-Version YYYYMM, X-Restli-Protocol-Version 2.0.0, BATCH_CREATE with at most 5,000 elements, and per
// element (its own status in the answer): the conversion rule URN, conversionHappenedAt in epoch milliseconds and at
// most 90 days old, user.userIds of known types with SHA256_EMAIL as SHA-256 hex.
import { DAY, FakeApi, header, isSha256Hex, parseJson, type Answer, type RecordedRequest } from './fake-api.js';

export interface FakeLinkedin { api: FakeApi; accepted: any[]; env: Record<string, string> }

export const LINKEDIN_CREDENTIALS = { LINKEDIN_ACCESS_TOKEN: 'AQV-fake-token', LINKEDIN_CONVERSION_URN: 'urn:lla:llaPartnerConversion:104012' };
const ID_TYPES = new Set(['SHA256_EMAIL', 'LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID', 'ACXIOM_ID', 'ORACLE_MOAT_ID']);

const restliError = (status: number, code: string, message: string, serviceErrorCode?: number): Answer =>
  ({ status, body: { status, ...(serviceErrorCode && { serviceErrorCode }), code, message } });

function elementProblem(e: any, now: number): string | null {
  if (e?.conversion !== LINKEDIN_CREDENTIALS.LINKEDIN_CONVERSION_URN) return `/conversion: ${String(e?.conversion)} is not a conversion rule of this account`;
  if (!Number.isInteger(e.conversionHappenedAt) || String(e.conversionHappenedAt).length !== 13) return '/conversionHappenedAt must be epoch milliseconds';
  if (e.conversionHappenedAt < now - 90 * DAY) return '/conversionHappenedAt is more than 90 days in the past';
  const ids = e.user?.userIds;
  if (!Array.isArray(ids)) return '/user/userIds is required';
  if (ids.length === 0 && !e.user?.userInfo) return '/user needs at least one identifier';
  for (const id of ids) {
    if (!ID_TYPES.has(id?.idType)) return `/user/userIds: unknown idType ${String(id?.idType)}`;
    if (typeof id.idValue !== 'string' || id.idValue === '') return '/user/userIds: idValue is required';
    if (id.idType === 'SHA256_EMAIL' && !isSha256Hex(id.idValue)) return '/user/userIds: SHA256_EMAIL must be a SHA-256 hex digest';
  }
  return null;
}

export async function startFakeLinkedin(): Promise<FakeLinkedin> {
  const fake: FakeLinkedin = { api: null as unknown as FakeApi, accepted: [], env: {} };
  const decide = (r: RecordedRequest): Answer => {
    if (r.path !== '/rest/conversionEvents' || r.method !== 'POST') return restliError(404, 'NOT_FOUND', `No resource found for ${r.path}`);
    if (header(r, 'authorization') !== `Bearer ${LINKEDIN_CREDENTIALS.LINKEDIN_ACCESS_TOKEN}`) return restliError(401, 'INVALID_ACCESS_TOKEN', 'Invalid access token', 65600);
    if (!/^\d{6}$/.test(header(r, 'linkedin-version') ?? '')) return restliError(400, 'VERSION_MISSING', 'A version must be present. Please specify a version by adding the LinkedIn-Version header.');
    if (header(r, 'x-restli-protocol-version') !== '2.0.0') return restliError(400, 'ILLEGAL_ARGUMENT', 'X-Restli-Protocol-Version 2.0.0 is required.');
    const parsed = parseJson(r.body);
    if (!parsed.ok) return restliError(400, 'ILLEGAL_ARGUMENT', `Invalid JSON: ${parsed.error}`);
    const batch = header(r, 'x-restli-method') === 'BATCH_CREATE';
    const elements: any[] = batch ? parsed.value?.elements : [parsed.value];
    if (!Array.isArray(elements) || elements.length === 0) return restliError(400, 'ILLEGAL_ARGUMENT', 'elements are required for BATCH_CREATE');
    if (elements.length > 5000) return restliError(400, 'ILLEGAL_ARGUMENT', 'A batch holds at most 5000 elements');
    const now = Date.now();
    const answers = elements.map((e) => {
      const problem = elementProblem(e, now);
      if (problem) return { status: 400, error: { status: 400, code: 'FIELD_VALUE_INVALID', message: problem } };
      fake.accepted.push(e);
      return { status: 201 };
    });
    if (!batch) return answers[0]!.status === 201 ? { status: 201 } : { status: 400, body: answers[0]!.error };
    return { status: 200, body: { elements: answers } };
  };
  fake.api = await new FakeApi(decide).start();
  fake.env = { ...LINKEDIN_CREDENTIALS, LINKEDIN_API_URL: fake.api.url };
  return fake;
}
