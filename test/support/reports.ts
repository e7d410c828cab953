// Shared by the report tests (CONTRACT section 10): run a report as the HTTP API and CLI do (parsed parameters),
// compare fractional sums with a tolerance, and build ad_spend events.
import assert from 'node:assert/strict';
import { parseReportParams, type ReportName } from '../../src/app/reports/params.js';
import { runReport, type Reports } from '../../src/app/reports/run-report.js';
import type { Harness } from './scenario.js';

/** Fractional credits are sums of floats: equal within 1e-9, with a message naming both numbers. */
export function close(actual: number | null | undefined, expected: number, what = ''): void {
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) < 1e-9, `${what}: expected ${expected}, got ${actual}`);
}

/** Every key of `expected` is close to the same key of `actual`, and there are no other keys. */
export function closeMap(actual: Record<string, number | null>, expected: Record<string, number>, what = ''): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${what}: keys`);
  for (const [k, v] of Object.entries(expected)) close(actual[k], v, `${what} ${k}`);
}

/** A report with its parameters given as a query string would give them. */
export function report<N extends ReportName>(h: Harness, name: N, query: Record<string, string> = {}): Promise<Reports[N]> {
  return runReport(h.p.store, name, parseReportParams(name, query));
}

let n = 0;
/** One day of ad spend; a restatement of the same day and key is another event with a later ts. */
export const adSpend = (date: string, source: string, medium: string, cost: number, campaign?: string, ts = `${date}T23:00:00Z`) =>
  ({ type: 'ad_spend', event_id: `rep-spend-${++n}`, ts, date, source, medium, ...(campaign === undefined ? {} : { campaign }), cost, currency: 'USD' });
