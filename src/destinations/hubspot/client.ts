// The HubSpot CRM v3 calls Tributary makes, and nothing else. A private-app access token goes in
// `Authorization: Bearer`; every answer is classified by `callApi` (2xx ok, 429/5xx retryable, other 4xx permanent)
// and comes back with the wait HubSpot's rate-limit headers ask for.
//   POST /crm/v3/properties/{objectType}/groups       {name, label, displayOrder}
//   POST /crm/v3/properties/{objectType}              {name, label, description, type, fieldType, groupName}
//   POST /crm/v3/objects/{objectType}/search          {filterGroups: [{filters: [{propertyName, operator, value}]}], ...}
//   POST /crm/v3/objects/{objectType}/batch/update    {inputs: [{id, properties}]}, at most 100 inputs
import { postJson, type CallOutcome, type Fetch } from '../delivery.js';
import type { HubspotObjectType, PropertyDefinition, PropertyValues } from './properties.js';
import { rateLimitWaitMs, type RateLimitOptions } from './rate-limit.js';

export const HUBSPOT_DEFAULT_URL = 'https://api.hubapi.com';
export const BATCH_LIMIT = 100;

export interface HubspotClientSettings {
  accessToken: string;
  /** HUBSPOT_API_URL, or HubSpot's own. */
  baseUrl: string;
  fetch: Fetch;
  rateLimit: RateLimitOptions;
  timeoutMs?: number;
}

export interface HubspotAnswer {
  outcome: CallOutcome;
  /** What the rate-limit headers ask for before the next call; null: no wait. */
  waitMs: number | null;
}

export interface BatchInput { id: string; properties: PropertyValues }

export interface HubspotClient {
  createPropertyGroup(objectType: HubspotObjectType, group: { name: string; label: string; displayOrder: number }): Promise<HubspotAnswer>;
  createProperty(objectType: HubspotObjectType, definition: PropertyDefinition): Promise<HubspotAnswer>;
  /** The oldest record whose `propertyName` equals `value` (null when none). */
  findOne(objectType: HubspotObjectType, propertyName: string, value: string): Promise<HubspotAnswer & { id: string | null }>;
  batchUpdate(objectType: HubspotObjectType, inputs: readonly BatchInput[]): Promise<HubspotAnswer>;
}

export function createHubspotClient(settings: HubspotClientSettings): HubspotClient {
  const base = settings.baseUrl.replace(/\/+$/, '');

  const post = async (path: string, body: unknown): Promise<HubspotAnswer> => {
    // callApi classifies the answer but keeps no headers; the rate-limit headers are read on the way through.
    let headers: Headers | null = null;
    const observing = (async (input: Parameters<Fetch>[0], init?: Parameters<Fetch>[1]) => {
      const response = await settings.fetch(input, init);
      headers = response.headers;
      return response;
    }) as Fetch;
    const outcome = await postJson(observing, `${base}${path}`, { authorization: `Bearer ${settings.accessToken}` }, body, settings.timeoutMs);
    return { outcome, waitMs: headers === null ? null : rateLimitWaitMs(headers, Date.now(), settings.rateLimit) };
  };

  return {
    createPropertyGroup: (objectType, group) => post(`/crm/v3/properties/${objectType}/groups`, group),
    createProperty: (objectType, d) => post(`/crm/v3/properties/${objectType}`, {
      name: d.name, label: d.label, description: d.description, type: d.type, fieldType: d.fieldType, groupName: d.groupName,
    }),
    async findOne(objectType, propertyName, value) {
      const answer = await post(`/crm/v3/objects/${objectType}/search`, {
        filterGroups: [{ filters: [{ propertyName, operator: 'EQ', value }] }],
        properties: [propertyName],
        // Duplicates happen (two companies on one domain): the oldest record is the one people work in.
        sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }],
        limit: 1,
      });
      const results = answer.outcome.ok ? (answer.outcome.body as { results?: Array<{ id?: unknown }> }).results : undefined;
      const id = results?.[0]?.id;
      return { ...answer, id: typeof id === 'string' || typeof id === 'number' ? String(id) : null };
    },
    batchUpdate(objectType, inputs) {
      if (inputs.length > BATCH_LIMIT) throw new Error(`HubSpot batch update takes at most ${BATCH_LIMIT} inputs, got ${inputs.length}`);
      return post(`/crm/v3/objects/${objectType}/batch/update`, { inputs });
    },
  };
}

/** A short reason from HubSpot's error body (`{status, message, correlationId, category}`), for the sync rows. */
export function errorReason(outcome: Extract<CallOutcome, { ok: false }>): string {
  const body = outcome.body as { message?: unknown; category?: unknown; errorType?: unknown } | null;
  if (body !== null && typeof body === 'object' && typeof body.message === 'string') {
    const kind = typeof body.category === 'string' ? body.category : typeof body.errorType === 'string' ? body.errorType : null;
    return `HTTP ${outcome.status}${kind ? ` ${kind}` : ''}: ${body.message}`.slice(0, 1000);
  }
  return outcome.error.slice(0, 1000);
}

/**
 * The records a batch update rejected while accepting the others (HTTP 207): HubSpot lists them per error, as
 * `errors: [{category, message, context: {ids: [...]}}]`.
 */
export function rejectedIds(body: unknown): Map<string, string> {
  const rejected = new Map<string, string>();
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return rejected;
  for (const e of errors as Array<{ category?: unknown; message?: unknown; context?: { ids?: unknown } }>) {
    const reason = `${typeof e.category === 'string' ? `${e.category}: ` : ''}${typeof e.message === 'string' ? e.message : 'rejected'}`;
    const ids = e.context?.ids;
    if (Array.isArray(ids)) for (const id of ids) rejected.set(String(id), reason);
  }
  return rejected;
}
