// Meta Conversions API (Graph API /{pixel-id}/events), checking requests the way it does: the access token, at most
// 1,000 events, and every event — refusing the whole request for one bad event, as Meta does: event_time in unix
// seconds and at most 7 days old, event_id, a known action_source, em as SHA-256 hex, fbc / fbp in Meta's
// formats, a valid IP, and website events' client_user_agent and event_source_url.
import { isIP } from 'node:net';
import { DAY, FakeApi, header, isSha256Hex, parseJson, type Answer, type RecordedRequest } from './fake-api.js';

export interface FakeMeta { api: FakeApi; accepted: any[]; env: Record<string, string> }

export const META_CREDENTIALS = { META_PIXEL_ID: '1234567890123456', META_ACCESS_TOKEN: 'EAAB-fake-token' };
const ACTION_SOURCES = new Set(['email', 'website', 'app', 'phone_call', 'chat', 'physical_store', 'system_generated', 'business_messaging', 'other']);
const USER_DATA_KEYS = new Set(['em', 'ph', 'fn', 'ln', 'external_id', 'client_ip_address', 'client_user_agent', 'fbc', 'fbp', 'country', 'ct', 'zp']);

const graphError = (code: number, message: string, userMessage?: string, subcode?: number): Answer => ({
  status: code === 190 ? 401 : 400,
  body: { error: { message, type: 'OAuthException', code, ...(subcode && { error_subcode: subcode }), is_transient: false, ...(userMessage && { error_user_title: 'Invalid event', error_user_msg: userMessage }), fbtrace_id: 'AbCdEf' } },
});

function eventProblem(e: any, now: number): string | null {
  if (typeof e?.event_name !== 'string' || e.event_name === '') return 'event_name is required';
  if (!Number.isInteger(e.event_time) || String(e.event_time).length !== 10) return 'event_time must be a unix timestamp in seconds';
  if (e.event_time * 1000 < now - 7 * DAY) return 'event_time is more than 7 days in the past';
  if (e.event_time * 1000 > now + 10 * 60_000) return 'event_time is in the future';
  if (typeof e.event_id !== 'string' || e.event_id === '') return 'event_id is required for deduplication';
  if (!ACTION_SOURCES.has(e.action_source)) return 'action_source is invalid';
  const u = e.user_data;
  if (!u || typeof u !== 'object' || Object.keys(u).length === 0) return 'user_data needs at least one customer information parameter';
  const unknown = Object.keys(u).find((k) => !USER_DATA_KEYS.has(k));
  if (unknown) return `user_data.${unknown} is not a parameter`;
  if (u.em !== undefined && !(Array.isArray(u.em) ? u.em : [u.em]).every(isSha256Hex)) return 'em must be SHA-256 hashed';
  if (u.fbc !== undefined && !/^fb\.[0-2]\.\d{13}\.\S+$/.test(u.fbc)) return 'fbc is not in the format fb.1.<ms>.<fbclid>';
  if (u.fbp !== undefined && !/^fb\.[0-2]\.\d{13}\.\d+$/.test(u.fbp)) return 'fbp is not in the format fb.1.<ms>.<random>';
  if (u.client_ip_address !== undefined && isIP(u.client_ip_address) === 0) return 'client_ip_address is not an IP address';
  if (e.action_source === 'website' && (typeof u.client_user_agent !== 'string' || typeof e.event_source_url !== 'string')) {
    return 'website events need client_user_agent and event_source_url';
  }
  return null;
}

export async function startFakeMeta(): Promise<FakeMeta> {
  const fake: FakeMeta = { api: null as unknown as FakeApi, accepted: [], env: {} };
  const decide = (r: RecordedRequest): Answer => {
    const m = /^\/v(\d+)\.(\d+)\/([^/]+)\/events$/.exec(r.path);
    if (!m || r.method !== 'POST') return graphError(100, `Unsupported request - method type: ${r.method.toLowerCase()}`);
    const parsed = parseJson(r.body);
    const body = parsed.ok ? parsed.value : null;
    const token = r.query.get('access_token') ?? body?.access_token;
    if (token !== META_CREDENTIALS.META_ACCESS_TOKEN) return graphError(190, 'Invalid OAuth access token - Cannot parse access token');
    if (m[3] !== META_CREDENTIALS.META_PIXEL_ID) return graphError(100, `Unsupported post request. Object with ID '${m[3]}' does not exist`, undefined, 33);
    if (!(header(r, 'content-type') ?? '').includes('application/json') || body === null) return graphError(100, 'Invalid parameter', 'The body is not JSON');
    if (!Array.isArray(body.data) || body.data.length === 0) return graphError(100, 'Invalid parameter', 'data is required');
    if (body.data.length > 1000) return graphError(100, 'Invalid parameter', 'A batch holds at most 1000 events', 2804019);
    const now = Date.now();
    for (const [i, e] of body.data.entries()) {
      const problem = eventProblem(e, now);
      // One bad event and Meta processes none of the request.
      if (problem) return graphError(100, 'Invalid parameter', `data[${i}]: ${problem}`, 2804003);
    }
    fake.accepted.push(...body.data);
    return { status: 200, body: { events_received: body.data.length, messages: [], fbtrace_id: 'AbCdEf' } };
  };
  fake.api = await new FakeApi(decide).start();
  fake.env = { ...META_CREDENTIALS, META_API_URL: fake.api.url };
  return fake;
}
