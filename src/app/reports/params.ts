// The parameters every report takes (CONTRACT section 10), parsed the same way for the HTTP API, the CLI and the
// dashboard: a bad one is an error that names it and says what would be right.
import { CHANNEL_MODELS, type ChannelModel } from '../../core/attribution/channel-paths.js';
import { CREDIT_MODELS, type CreditModel } from '../../core/attribution/credits.js';
import { CREDIT_ENTITIES, type CreditEntity } from '../../store/bi/attribution-credits.js';
import type { TimeRange } from '../../store/bi/paths.js';
import { REPORT_KEYS, type ReportKey } from '../../store/bi/reports/scope.js';
import { InputError } from '../input-error.js';
import { parseTimeRange } from '../time-range.js';

export const REPORT_NAMES = ['attribution', 'comparison', 'trend', 'paths', 'coverage', 'quality'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export interface ReportParams { entity: CreditEntity; range: TimeRange; model: ChannelModel; by: ReportKey; limit: number }

export class ReportParamError extends InputError {}

export const REPORT_PARAMS = ['entity', 'from', 'to', 'model', 'by', 'limit'] as const;
export const DEFAULT_MODEL: ChannelModel = 'first_touch';
export const MAX_PATHS = 1000;

export const isCreditModel = (m: ChannelModel): m is CreditModel => (CREDIT_MODELS as readonly string[]).includes(m);

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ReportParamError(`${name}: unknown value ${JSON.stringify(value)}; use one of ${allowed.join(', ')}`);
}

/** A report's parameters from a query string or command-line options; unknown and repeated parameters are errors. */
export function parseReportParams(name: ReportName, input: Record<string, unknown>): ReportParams {
  const text: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(REPORT_PARAMS as readonly string[]).includes(key)) {
      throw new ReportParamError(`${key}: unknown parameter; a report takes ${REPORT_PARAMS.join(', ')}`);
    }
    if (Array.isArray(value)) throw new ReportParamError(`${key}: given ${value.length} times; give it once`);
    if (value !== undefined && typeof value !== 'string') throw new ReportParamError(`${key}: must be text`);
    text[key] = value;
  }
  const entity = oneOf('entity', text.entity, CREDIT_ENTITIES, 'companies');
  const model = oneOf('model', text.model, CHANNEL_MODELS, DEFAULT_MODEL);
  const by = oneOf('by', text.by, REPORT_KEYS, 'channel');
  if (!isCreditModel(model) && by !== 'channel') {
    throw new ReportParamError(`by: ${model} credits channels, not touchpoints; use by=channel with it, or a per-touchpoint model (${CREDIT_MODELS.join(', ')})`);
  }
  if (!isCreditModel(model) && name === 'trend') {
    throw new ReportParamError(`model: ${model} is computed over all paths of a range, not per week; the trend takes ${CREDIT_MODELS.join(', ')}`);
  }
  let limit = 10;
  if (text.limit !== undefined && text.limit !== '') {
    limit = /^\d+$/.test(text.limit) ? Number(text.limit) : Number.NaN;
    if (!(limit >= 1 && limit <= MAX_PATHS)) throw new ReportParamError(`limit: ${JSON.stringify(text.limit)} is not a whole number from 1 to ${MAX_PATHS}`);
  }
  return { entity, range: parseTimeRange(text.from, text.to), model, by, limit };
}


