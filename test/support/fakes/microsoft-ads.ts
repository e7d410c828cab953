// Microsoft Advertising Campaign Management v13 REST, ApplyOfflineConversions, checking requests the way it does:
// the developer token, the OAuth token, CustomerId and CustomerAccountId headers, at most 1,000 conversions, and per
// conversion (PartialErrors by Index): the offline conversion goal's name, ConversionTime in UTC, a MicrosoftClickId,
// HashedEmailAddress as SHA-256 hex.
import { FakeApi, header, isSha256Hex, parseJson, type Answer, type RecordedRequest } from './fake-api.js';

export interface FakeMsads { api: FakeApi; accepted: any[]; unknownClicks: Set<string>; env: Record<string, string> }

export const MSADS_CREDENTIALS = {
  MSADS_DEVELOPER_TOKEN: 'ms-dev-token', MSADS_ACCESS_TOKEN: 'ms-access-token', MSADS_CUSTOMER_ID: '251186883',
  MSADS_ACCOUNT_ID: '149083172', MSADS_CONVERSION_NAME: 'Company created',
};
const FIELDS = new Set(['ConversionName', 'ConversionTime', 'MicrosoftClickId', 'HashedEmailAddress', 'HashedPhoneNumber', 'ConversionValue', 'ConversionCurrencyCode', 'ExternalAttributionCredit', 'ExternalAttributionModel']);

const fault = (status: number, errors: Array<{ Code: number; ErrorCode: string; Message: string }>): Answer =>
  ({ status, body: { TrackingId: 'trk-1', Type: status === 401 ? 'AdApiFaultDetail' : 'ApiFaultDetail', ...(status === 401 ? { Errors: errors } : { OperationErrors: errors, BatchErrors: [] }) } });

export async function startFakeMsads(): Promise<FakeMsads> {
  const fake: FakeMsads = { api: null as unknown as FakeApi, accepted: [], unknownClicks: new Set(), env: {} };
  const decide = (r: RecordedRequest): Answer => {
    if (r.path !== '/CampaignManagement/v13/OfflineConversions/Apply' || r.method !== 'POST') return { status: 404, body: { Message: 'No HTTP resource was found that matches the request URI.' } };
    const bearer = header(r, 'authorization');
    const token = bearer?.startsWith('Bearer ') ? bearer.slice(7) : header(r, 'authenticationtoken');
    if (token !== MSADS_CREDENTIALS.MSADS_ACCESS_TOKEN) return fault(401, [{ Code: 105, ErrorCode: 'InvalidCredentials', Message: 'Authentication failed. Either supplied credentials are invalid or the account is inactive' }]);
    if (header(r, 'developertoken') !== MSADS_CREDENTIALS.MSADS_DEVELOPER_TOKEN) return fault(401, [{ Code: 105, ErrorCode: 'InvalidCredentials', Message: 'Invalid developer token.' }]);
    if (header(r, 'customerid') !== MSADS_CREDENTIALS.MSADS_CUSTOMER_ID) return fault(400, [{ Code: 1102, ErrorCode: 'InvalidCustomerId', Message: 'Invalid CustomerId.' }]);
    if (header(r, 'customeraccountid') !== MSADS_CREDENTIALS.MSADS_ACCOUNT_ID) return fault(400, [{ Code: 1030, ErrorCode: 'CampaignServiceAccountIdHasToBeSpecified', Message: 'CustomerAccountId is required.' }]);
    const parsed = parseJson(r.body);
    const list = parsed.ok ? parsed.value?.OfflineConversions : null;
    if (!Array.isArray(list) || list.length === 0) return fault(400, [{ Code: 4802, ErrorCode: 'OfflineConversionsArrayShouldNotBeNullOrEmpty', Message: 'OfflineConversions are required.' }]);
    if (list.length > 1000) return fault(400, [{ Code: 4803, ErrorCode: 'OfflineConversionsArrayExceedsLimit', Message: 'At most 1,000 offline conversions per request.' }]);
    const partial: unknown[] = [];
    list.forEach((c: any, i: number) => {
      const refuse = (Code: number, ErrorCode: string, Message: string) => partial.push({ Code, Details: null, ErrorCode, FieldPath: null, ForwardCompatibilityMap: [], Index: i, Message, Type: 'BatchError' });
      const unknown = Object.keys(c).find((k) => !FIELDS.has(k));
      if (unknown) return refuse(4812, 'OfflineConversionFieldInvalid', `Unknown field ${unknown}.`);
      if (c.ConversionName !== MSADS_CREDENTIALS.MSADS_CONVERSION_NAME) return refuse(4806, 'OfflineConversionNameInvalid', 'The conversion goal name is not an offline conversion goal of this account.');
      if (typeof c.ConversionTime !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(c.ConversionTime)) return refuse(4807, 'OfflineConversionTimeInvalid', 'ConversionTime must be a UTC date and time.');
      if (Date.parse(c.ConversionTime) > Date.now()) return refuse(4808, 'FutureConversionTimeCannotBeSet', 'ConversionTime cannot be in the future.');
      if (typeof c.MicrosoftClickId !== 'string' || c.MicrosoftClickId === '') return refuse(4805, 'OfflineConversionMicrosoftClickIdInvalid', 'MicrosoftClickId is required.');
      if (c.HashedEmailAddress !== undefined && !isSha256Hex(c.HashedEmailAddress)) return refuse(4838, 'OfflineConversionHashedEmailAddressInvalid', 'HashedEmailAddress must be SHA-256 hashed.');
      if (fake.unknownClicks.has(c.MicrosoftClickId)) return refuse(4805, 'OfflineConversionMicrosoftClickIdInvalid', 'The MicrosoftClickId is not valid.');
      fake.accepted.push(c);
    });
    return { status: 200, body: { PartialErrors: partial } };
  };
  fake.api = await new FakeApi(decide).start();
  fake.env = { ...MSADS_CREDENTIALS, MSADS_API_URL: fake.api.url };
  return fake;
}
