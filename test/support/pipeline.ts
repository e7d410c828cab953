// Test harness: a whole pipeline on an in-memory PGlite, fed the way users feed it.
import { Readable } from 'node:stream';
import { loadConfig, type Config } from '../../src/app/config.js';
import { exportObjects, type ExportKind } from '../../src/app/export.js';
import { ingestLines, type IngestSummary } from '../../src/app/ingest.js';
import { openPipeline, type Pipeline, type PipelineOptions } from '../../src/app/pipeline.js';
import { openPgliteStore } from '../../src/adapters/pglite/pglite-store.js';
import { migrate } from '../../src/store/migrate.js';
import { PRODUCTION, productionResources } from './backends.js';
import { recompute } from '../../src/app/recompute.js';
import { ManualClock } from '../../src/ports/clock.js';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({}, { dataDir: null, geo: { enabled: false }, logLevel: 'silent', ...overrides });
}

// Creating a PGlite database costs seconds; loading a dump of a migrated one costs a fraction of that.
let template: Promise<Blob | File> | null = null;
export function migratedTemplate(): Promise<Blob | File> {
  template ??= openPgliteStore(null).then(async (store) => {
    await migrate(store);
    const dump = await store.dump();
    await store.close();
    return dump;
  });
  return template;
}

export async function openTestPipeline(overrides: Partial<Config> = {}, options: PipelineOptions = {}): Promise<Pipeline> {
  if (PRODUCTION) {
    // A test that names a data directory means "this store, again": the same database.
    const resources = await productionResources(typeof overrides.dataDir === 'string' ? overrides.dataDir : undefined);
    const p = await openPipeline(testConfig({ ...resources.overrides, ...overrides }), new ManualClock(), options);
    const close = p.close.bind(p);
    return { ...p, close: async () => { await close(); await resources.cleanup(p); } };
  }
  return openPipeline(testConfig(overrides), new ManualClock(), { from: await migratedTemplate(), ...options });
}

export const toJsonLines = (events: readonly unknown[]): string => events.map((e) => JSON.stringify(e)).join('\n') + '\n';

/** `tributary ingest` on these events (objects, or raw lines). */
export function ingest(pipeline: Pipeline, events: readonly unknown[] | string): Promise<IngestSummary> {
  const text = typeof events === 'string' ? events : toJsonLines(events);
  return ingestLines(pipeline, Readable.from([text]));
}

export async function exportAll(pipeline: Pipeline, kind: ExportKind): Promise<any[]> {
  const out: any[] = [];
  for await (const o of exportObjects(pipeline.store, kind)) out.push(o);
  return out;
}

export async function exportEverything(pipeline: Pipeline): Promise<Record<ExportKind, any[]>> {
  return {
    companies: await exportAll(pipeline, 'companies'),
    contacts: await exportAll(pipeline, 'contacts'),
    touchpoints: await exportAll(pipeline, 'touchpoints'),
    credits: await exportAll(pipeline, 'credits'),
  };
}

export async function recomputeAll(pipeline: Pipeline) {
  const summary = await recompute(pipeline.bus, pipeline.attribution);
  await pipeline.settle();
  return summary;
}

/** Events with sensible defaults, so a test states only what it is about. */
let n = 0;
export const ev = {
  session: (o: Record<string, unknown>) => ({ type: 'session', event_id: `s-${++n}`, session_id: `ss-${n}`, page_url: 'https://www.acme.com/', ...o }),
  identify: (o: Record<string, unknown>) => ({ type: 'identify', event_id: `i-${++n}`, ...o }),
  company: (o: Record<string, unknown>) => ({ type: 'company_created', event_id: `cc-${++n}`, ...o }),
  form: (o: Record<string, unknown>) => ({ type: 'form_submission', event_id: `f-${++n}`, form_id: 'demo', site: 'app', ...o }),
  signup: (o: Record<string, unknown>) => ({ type: 'signup', event_id: `su-${++n}`, ...o }),
  contact: (o: Record<string, unknown>) => ({ type: 'contact_created', event_id: `ct-${++n}`, ...o }),
  mobileSignup: (o: Record<string, unknown>) => ({ type: 'mobile_signup', event_id: `ms-${++n}`, ...o }),
  mobileEvent: (o: Record<string, unknown>) => ({ type: 'mobile_event', event_id: `me-${++n}`, ...o }),
  call: (o: Record<string, unknown>) => ({ type: 'call', event_id: `call-${++n}`, ...o }),
  hit: (o: Record<string, unknown>) => ({ type: 'hit', event_id: `h-${++n}`, name: 'page_view', ...o }),
};

export const at = (iso: string) => new Date(iso).toISOString();
