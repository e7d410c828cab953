// Building blocks of the end-to-end attribution scenarios: a pipeline that collects worker errors, events with
// unique ids, and lookups in the exports that fail clearly when the entity is missing.
import assert from 'node:assert/strict';
import type { Pipeline } from '../../src/app/pipeline.js';
import { exportAll, ingest, openTestPipeline } from './pipeline.js';

export const T0 = Date.parse('2026-03-10T12:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const iso = (ms: number) => new Date(ms).toISOString();

export interface Harness { p: Pipeline; errors: string[] }

/** A test pipeline whose worker errors are kept, so a test can assert there were none. */
export async function open(overrides: Parameters<typeof openTestPipeline>[0] = {}): Promise<Harness> {
  const errors: string[] = [];
  const p = await openTestPipeline(overrides, { onError: (worker, error) => errors.push(`${worker}: ${(error as Error)?.stack ?? String(error)}`) });
  return { p, errors };
}

let seq = 0;
export const uid = (what: string) => `${what}-${++seq}`;

/** A session; `campaign` null is direct, a string is a paid Google click with that utm_campaign. */
export function session(client_id: string, ts: number, campaign: string | null, query?: string): Record<string, unknown> {
  const q = query ?? (campaign === null ? '' : `utm_source=google&utm_medium=cpc&utm_campaign=${campaign}`);
  return { type: 'session', event_id: uid('s'), ts, client_id, session_id: uid('ss'), page_url: `https://www.acme.com/${q ? `?${q}` : ''}` };
}
export const identify = (client_id: string, email: string, ts: number) => ({ type: 'identify', event_id: uid('i'), ts, client_id, email });
export const companyCreated = (company_id: string, ts: number | string, extra: Record<string, unknown> = {}) =>
  ({ type: 'company_created', event_id: uid('cc'), ts, company_id, ...extra });

/** Ingests events that must all be valid. */
export async function run(p: Pipeline, events: Record<string, unknown>[]): Promise<void> {
  const s = await ingest(p, events);
  assert.equal(s.rejected, 0, JSON.stringify(s.reasons));
}
export async function company(p: Pipeline, id: string): Promise<any> {
  const found = (await exportAll(p, 'companies')).find((c) => c.company_id === id);
  assert.ok(found, `company ${id} is exported`);
  return found;
}
export async function contactByEmail(p: Pipeline, email: string): Promise<any> {
  const found = (await exportAll(p, 'contacts')).find((c) => c.email === email);
  assert.ok(found, `contact ${email} is exported`);
  return found;
}
