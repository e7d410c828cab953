// A local stand-in for HubSpot's CRM v3 API (node:http on 127.0.0.1), for the endpoints Tributary uses. It checks
// every request the way HubSpot does — Bearer token, JSON body shapes (unknown fields rejected), at most 100 inputs
// per batch, no duplicate ids, properties defined before they are written (400 PROPERTY_DOESNT_EXIST), a property's
// group existing, valid type/fieldType pairs, date and datetime formats — and answers with HubSpot's error shape
// ({status, message, correlationId, category}) and its rate-limit headers. Tests script 429s and 5xx per path.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ObjectType = 'companies' | 'contacts';
export interface HubspotRecord { id: string; properties: Record<string, string>; createdAt: string }
export interface Recorded { method: string; path: string; body: any; status: number }
export interface Scripted { status: number; headers?: Record<string, string>; body?: unknown }
interface PropertyDef { name: string; label: string; type: string; fieldType: string; groupName: string; [k: string]: unknown }

const OBJECT_TYPES: readonly ObjectType[] = ['companies', 'contacts'];
// HubSpot's own properties that the searches and writes may name (a subset: the ones a test needs).
const BUILT_IN: Record<ObjectType, string[]> = {
  companies: ['name', 'domain', 'createdate', 'hs_object_id', 'hs_lastmodifieddate'],
  contacts: ['email', 'firstname', 'lastname', 'createdate', 'hs_object_id', 'lastmodifieddate'],
};
const READ_ONLY = new Set(['createdate', 'hs_object_id', 'hs_lastmodifieddate', 'lastmodifieddate']);
const TYPE_FIELD_TYPES: Record<string, string[]> = {
  string: ['text', 'textarea', 'file', 'html', 'phonenumber'],
  number: ['number', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox'],
  bool: ['booleancheckbox'],
};
const OPERATORS = new Set(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN']);
const NAME = /^[a-z][a-z0-9_]*$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The rate-limit headers of every answer, by default a window far from spent (tests may spend it). */
const RATE_HEADERS: Record<string, string> = {
  'x-hubspot-ratelimit-max': '190', 'x-hubspot-ratelimit-remaining': '189', 'x-hubspot-ratelimit-interval-milliseconds': '10000',
  'x-hubspot-ratelimit-daily': '1000000', 'x-hubspot-ratelimit-daily-remaining': '999000',
};

class Rejection extends Error {
  constructor(readonly status: number, readonly category: string, message: string, readonly extra: Record<string, unknown> = {}) { super(message); }
}

let correlation = 0;
const errorBody = (category: string, message: string, extra: Record<string, unknown> = {}) =>
  ({ status: 'error', message, correlationId: `fake-${++correlation}`, category, ...extra });

/** A 429 as HubSpot sends it when the rolling window is spent. */
export function rateLimited(options: { intervalMs?: number; retryAfterSeconds?: number } = {}): Scripted {
  return {
    status: 429,
    headers: {
      'x-hubspot-ratelimit-max': '190', 'x-hubspot-ratelimit-remaining': '0',
      'x-hubspot-ratelimit-interval-milliseconds': String(options.intervalMs ?? 10_000),
      ...(options.retryAfterSeconds !== undefined && { 'retry-after': String(options.retryAfterSeconds) }),
    },
    body: { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT',
      correlationId: `fake-${++correlation}`, policyName: 'TEN_SECONDLY_ROLLING' },
  };
}

export const serverError = (status = 502): Scripted => ({ status, body: errorBody('INTERNAL_ERROR', 'Bad gateway') });

export class FakeHubspot {
  readonly token: string;
  url = '';
  readonly requests: Recorded[] = [];
  /** Every request the fake refused as invalid (scripted answers are not listed): a correct client leaves it empty. */
  readonly refusals: Array<{ path: string; status: number; message: string }> = [];
  readonly groups = new Map<ObjectType, Map<string, { name: string; label: string }>>(OBJECT_TYPES.map((t) => [t, new Map()]));
  readonly properties = new Map<ObjectType, Map<string, PropertyDef>>(OBJECT_TYPES.map((t) => [t, new Map()]));
  readonly records = new Map<ObjectType, Map<string, HubspotRecord>>(OBJECT_TYPES.map((t) => [t, new Map()]));
  /** Sent with every unscripted answer; a test sets `x-hubspot-ratelimit-remaining` to 0 to announce a spent window. */
  readonly rateHeaders: Record<string, string> = { ...RATE_HEADERS };
  private readonly scripts: Array<{ path: RegExp; response: Scripted }> = [];
  private server: Server | null = null;
  private nextId = 1000;

  constructor(options: { token?: string } = {}) {
    this.token = options.token ?? 'pat-na1-11111111-2222-3333-4444-555555555555';
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  add(type: ObjectType, properties: Record<string, string>): string {
    const id = String(++this.nextId);
    this.records.get(type)!.set(id, { id, properties: { ...properties }, createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, this.nextId)).toISOString() });
    return id;
  }

  record(type: ObjectType, id: string): Record<string, string> | undefined {
    return this.records.get(type)!.get(id)?.properties;
  }

  /** The next requests whose path matches get these answers, in order (before any check but the token's). */
  script(path: RegExp, ...responses: Scripted[]): void {
    for (const response of responses) this.scripts.push({ path, response });
  }

  calls(path: RegExp, status?: number): Recorded[] {
    return this.requests.filter((r) => path.test(r.path) && (status === undefined || r.status === status));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0]!;
    let body: any = null;
    try { body = text === '' ? null : JSON.parse(text); } catch { body = text; }
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method: req.method ?? '', path, body, status });
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...this.rateHeaders, ...headers });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    try {
      if (req.headers.authorization !== `Bearer ${this.token}`) {
        throw new Rejection(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication.');
      }
      const scripted = this.scripts.findIndex((s) => s.path.test(path));
      if (scripted >= 0) {
        const { response } = this.scripts.splice(scripted, 1)[0]!;
        send(response.status, response.body, response.headers);
        return;
      }
      if (req.method !== 'POST') throw new Rejection(405, 'VALIDATION_ERROR', `${req.method} is not supported here`);
      if (!(req.headers['content-type'] ?? '').includes('application/json')) throw new Rejection(415, 'VALIDATION_ERROR', 'Content-Type must be application/json');
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Rejection(400, 'VALIDATION_ERROR', `Invalid input JSON: ${text.slice(0, 100)}`);
      const [status, payload] = this.route(path, body);
      send(status, payload);
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      this.refusals.push({ path, status: error.status, message: error.message });
      send(error.status, errorBody(error.category, error.message, error.extra));
    }
  }

  private route(path: string, body: any): [number, unknown] {
    let m: RegExpMatchArray | null;
    if ((m = path.match(/^\/crm\/v3\/properties\/([^/]+)\/groups$/))) return this.createGroup(objectType(m[1]!), body);
    if ((m = path.match(/^\/crm\/v3\/properties\/([^/]+)$/))) return this.createProperty(objectType(m[1]!), body);
    if ((m = path.match(/^\/crm\/v3\/objects\/([^/]+)\/search$/))) return this.search(objectType(m[1]!), body);
    if ((m = path.match(/^\/crm\/v3\/objects\/([^/]+)\/batch\/update$/))) return this.batchUpdate(objectType(m[1]!), body);
    throw new Rejection(404, 'OBJECT_NOT_FOUND', `No route for POST ${path}`);
  }

  private createGroup(type: ObjectType, body: any): [number, unknown] {
    onlyFields(body, ['name', 'label', 'displayOrder']);
    if (typeof body.name !== 'string' || !NAME.test(body.name)) throw new Rejection(400, 'VALIDATION_ERROR', 'name must be lower-case letters, digits and _');
    if (typeof body.label !== 'string' || body.label === '') throw new Rejection(400, 'VALIDATION_ERROR', 'label is required');
    if (body.displayOrder !== undefined && !Number.isInteger(body.displayOrder)) throw new Rejection(400, 'VALIDATION_ERROR', 'displayOrder must be an integer');
    const groups = this.groups.get(type)!;
    if (groups.has(body.name)) throw new Rejection(409, 'OBJECT_ALREADY_EXISTS', `A property group named '${body.name}' already exists.`);
    groups.set(body.name, { name: body.name, label: body.label });
    return [201, { name: body.name, label: body.label, displayOrder: body.displayOrder ?? -1, archived: false }];
  }

  private createProperty(type: ObjectType, body: any): [number, unknown] {
    onlyFields(body, ['name', 'label', 'type', 'fieldType', 'groupName', 'description', 'displayOrder', 'hasUniqueValue', 'hidden', 'formField', 'options']);
    for (const f of ['name', 'label', 'type', 'fieldType', 'groupName']) {
      if (typeof body[f] !== 'string' || body[f] === '') throw new Rejection(400, 'VALIDATION_ERROR', `${f} is required`);
    }
    if (!NAME.test(body.name)) throw new Rejection(400, 'VALIDATION_ERROR', `'${body.name}' is not a valid property name`);
    const fieldTypes = TYPE_FIELD_TYPES[body.type];
    if (!fieldTypes) throw new Rejection(400, 'VALIDATION_ERROR', `'${body.type}' is not a valid type`);
    if (!fieldTypes.includes(body.fieldType)) throw new Rejection(400, 'VALIDATION_ERROR', `fieldType '${body.fieldType}' is not valid for type '${body.type}'`);
    if (!this.groups.get(type)!.has(body.groupName)) throw new Rejection(400, 'VALIDATION_ERROR', `property group '${body.groupName}' does not exist`);
    const props = this.properties.get(type)!;
    if (props.has(body.name) || BUILT_IN[type].includes(body.name)) throw new Rejection(409, 'OBJECT_ALREADY_EXISTS', `Property named '${body.name}' already exists.`);
    props.set(body.name, { ...body });
    return [201, { ...body, createdAt: new Date().toISOString(), archived: false }];
  }

  private exists(type: ObjectType, name: string): boolean {
    return BUILT_IN[type].includes(name) || this.properties.get(type)!.has(name);
  }

  private search(type: ObjectType, body: any): [number, unknown] {
    onlyFields(body, ['filterGroups', 'sorts', 'properties', 'limit', 'after', 'query']);
    const groups = body.filterGroups ?? [];
    if (!Array.isArray(groups) || groups.length > 5) throw new Rejection(400, 'VALIDATION_ERROR', 'filterGroups: at most 5');
    for (const g of groups) {
      onlyFields(g, ['filters']);
      if (!Array.isArray(g.filters) || g.filters.length > 6) throw new Rejection(400, 'VALIDATION_ERROR', 'filters: at most 6 per group');
      for (const f of g.filters) {
        onlyFields(f, ['propertyName', 'operator', 'value', 'values', 'highValue']);
        if (typeof f.propertyName !== 'string' || !this.exists(type, f.propertyName)) throw new Rejection(400, 'VALIDATION_ERROR', `There was a problem with the request: unknown property ${f.propertyName}`);
        if (!OPERATORS.has(f.operator)) throw new Rejection(400, 'VALIDATION_ERROR', `unknown operator ${f.operator}`);
        if (f.operator === 'EQ' && typeof f.value !== 'string') throw new Rejection(400, 'VALIDATION_ERROR', 'EQ needs a string value');
      }
    }
    if (body.limit !== undefined && (!Number.isInteger(body.limit) || body.limit < 1 || body.limit > 200)) throw new Rejection(400, 'VALIDATION_ERROR', 'limit: 1 to 200');
    if (body.properties !== undefined && (!Array.isArray(body.properties) || body.properties.some((p: unknown) => typeof p !== 'string'))) throw new Rejection(400, 'VALIDATION_ERROR', 'properties: an array of names');
    for (const s of body.sorts ?? []) {
      if (typeof s === 'string') continue;
      onlyFields(s, ['propertyName', 'direction']);
      if (!this.exists(type, s.propertyName) || !['ASCENDING', 'DESCENDING', undefined].includes(s.direction)) throw new Rejection(400, 'VALIDATION_ERROR', 'bad sort');
    }
    const matches = (r: HubspotRecord) => groups.length === 0 || groups.some((g: any) => g.filters.every((f: any) =>
      f.operator !== 'EQ' || (r.properties[f.propertyName] ?? '').toLowerCase() === f.value.toLowerCase()));
    // Sorted as asked (createdate is the only sort a test needs), else in id order.
    const sort = (body.sorts ?? [])[0];
    const descending = typeof sort === 'object' && sort.direction === 'DESCENDING';
    const found = [...this.records.get(type)!.values()].filter(matches)
      .sort((a, b) => (descending ? -1 : 1) * a.createdAt.localeCompare(b.createdAt));
    const limit = body.limit ?? 10;
    return [200, {
      total: found.length,
      results: found.slice(0, limit).map((r) => ({
        id: r.id, createdAt: r.createdAt, updatedAt: r.createdAt, archived: false,
        properties: Object.fromEntries([...(body.properties ?? []), 'hs_object_id'].map((p: string) => [p, p === 'hs_object_id' ? r.id : r.properties[p] ?? null])),
      })),
      ...(found.length > limit && { paging: { next: { after: String(limit) } } }),
    }];
  }

  private batchUpdate(type: ObjectType, body: any): [number, unknown] {
    onlyFields(body, ['inputs']);
    const inputs = body.inputs;
    if (!Array.isArray(inputs) || inputs.length === 0) throw new Rejection(400, 'VALIDATION_ERROR', 'inputs: at least one');
    if (inputs.length > 100) throw new Rejection(400, 'VALIDATION_ERROR', `Batch input limit exceeded: ${inputs.length} inputs, the limit is 100`);
    const ids = new Set<string>();
    const invalid: Array<{ isValid: false; message: string; error: string; name: string }> = [];
    for (const input of inputs) {
      onlyFields(input, ['id', 'properties', 'idProperty', 'objectWriteTraceId']);
      if (typeof input.id !== 'string' || input.id === '') throw new Rejection(400, 'VALIDATION_ERROR', 'id must be a string');
      if (ids.has(input.id)) throw new Rejection(400, 'VALIDATION_ERROR', `Duplicate IDs found in batch input: [${input.id}]. IDs must be unique`);
      ids.add(input.id);
      if (typeof input.properties !== 'object' || input.properties === null || Object.keys(input.properties).length === 0) {
        throw new Rejection(400, 'VALIDATION_ERROR', 'No properties found to update, please provide at least one.');
      }
      for (const [name, value] of Object.entries(input.properties)) {
        const problem = this.valueProblem(type, name, value);
        if (problem) invalid.push({ isValid: false, message: problem.message, error: problem.error, name });
      }
    }
    if (invalid.length > 0) throw new Rejection(400, 'VALIDATION_ERROR', `Property values were not valid: ${JSON.stringify(invalid)}`);
    const records = this.records.get(type)!;
    const missing = inputs.filter((i: any) => !records.has(i.id)).map((i: any) => i.id as string);
    const results = [];
    for (const input of inputs) {
      const record = records.get(input.id);
      if (!record) continue;
      for (const [name, value] of Object.entries(input.properties as Record<string, string>)) {
        if (value === '') delete record.properties[name];
        else record.properties[name] = value;
      }
      results.push({ id: record.id, properties: record.properties, createdAt: record.createdAt, updatedAt: new Date().toISOString(), archived: false });
    }
    const now = new Date().toISOString();
    if (missing.length === 0) return [200, { status: 'COMPLETE', results, startedAt: now, completedAt: now }];
    const noun = type === 'companies' ? 'COMPANY' : 'CONTACT';
    return [207, {
      status: 'COMPLETE', results, numErrors: 1, startedAt: now, completedAt: now,
      errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: `Could not get some ${noun} objects, they may be deleted or not exist. Check that ids are valid.`, context: { ids: missing } }],
    }];
  }

  private valueProblem(type: ObjectType, name: string, value: unknown): { error: string; message: string } | null {
    if (!this.exists(type, name)) return { error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` };
    if (READ_ONLY.has(name)) return { error: 'READ_ONLY_VALUE', message: `"${name}" is a read only property; its value cannot be set.` };
    if (typeof value !== 'string') return { error: 'INVALID_TYPE', message: `${JSON.stringify(value)} is not a string` };
    if (value === '') return null;
    const def = this.properties.get(type)!.get(name);
    if (def?.type === 'datetime' && !(ISO_DATETIME.test(value) && !Number.isNaN(Date.parse(value))) && !/^\d{1,15}$/.test(value)) {
      return { error: 'INVALID_DATETIME', message: `${JSON.stringify(value)} is not a valid datetime (ISO 8601 or milliseconds since the epoch)` };
    }
    if (def?.type === 'date') {
      const ms = ISO_DATE.test(value) ? Date.parse(`${value}T00:00:00Z`) : /^\d{1,15}$/.test(value) ? Number(value) : NaN;
      if (Number.isNaN(ms) || ms % 86_400_000 !== 0) return { error: 'INVALID_DATE', message: `${JSON.stringify(value)} is not midnight UTC` };
    }
    return null;
  }
}

function objectType(raw: string): ObjectType {
  if ((OBJECT_TYPES as readonly string[]).includes(raw)) return raw as ObjectType;
  throw new Rejection(400, 'VALIDATION_ERROR', `Unable to infer object type from: ${raw}`);
}

function onlyFields(value: unknown, allowed: readonly string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Rejection(400, 'VALIDATION_ERROR', 'Invalid input JSON: expected an object');
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new Rejection(400, 'VALIDATION_ERROR', `Invalid input JSON: Unrecognized field "${key}"`);
  }
}
