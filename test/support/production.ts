// Helpers of the production acceptance tests (test/production): real PostgreSQL and RabbitMQ, real `tributary`
// processes. Each test gets its own database and its own broker prefix, and removes them afterwards; every child
// process started here is killed (by its own pid) when the test file ends, whatever happened.
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before } from 'node:test';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import amqp from 'amqplib';
import pg from 'pg';
import { openPostgresStore } from '../../src/adapters/postgres/postgres-store.js';
import { deadQueueName, queueName, retryQueueName } from '../../src/adapters/rabbitmq/topology.js';
import { openPipeline, openStore } from '../../src/app/pipeline.js';
import { exportObjects, EXPORT_KINDS, type ExportKind } from '../../src/app/export.js';
import { DEFAULT_CURRENCY } from '../../src/core/events/deployment-rules.js';
import { createCampaignResolver } from '../../src/core/campaign/resolve-campaign.js';
import { createUserAgentParser } from '../../src/core/enrichment/user-agent.js';
import { ManualClock } from '../../src/ports/clock.js';
import type { Store } from '../../src/ports/sql.js';
import { createPipelineWorkers } from '../../src/workers/registry.js';
import { DEFAULT_ATTRIBUTION_SETTINGS } from '../../src/workers/steps/attribution-settings.js';
import { AMQP_URL, PG_ADMIN_URL } from './backends.js';
import { exportEverything, ingest, migratedTemplate, testConfig } from './pipeline.js';

export { AMQP_URL, PG_ADMIN_URL };
export const BIN = fileURLToPath(new URL('../../bin/tributary.js', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type Exports = Record<ExportKind, any[]>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------------
// Skipping: only where the services are missing and this is not CI.

async function reachable(what: string, probe: () => Promise<void>): Promise<string | null> {
  try {
    await probe();
    return null;
  } catch (error) {
    return `${what} unreachable (${(error as Error).message || String(error)})`;
  }
}

/**
 * Why these tests cannot run here, or undefined when they can. In CI (`CI` set) always undefined: there the tests
 * run, and fail when a service is down.
 */
export async function productionSkipReason(): Promise<string | undefined> {
  if (process.env.CI) return undefined;
  const problems = (await Promise.all([
    reachable(`PostgreSQL at ${redact(PG_ADMIN_URL)}`, async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
      c.on('error', () => {});
      try { await c.connect(); await c.query('SELECT 1'); } finally { await c.end().catch(() => {}); }
    }),
    reachable(`RabbitMQ at ${redact(AMQP_URL)}`, async () => {
      const conn = await amqp.connect(AMQP_URL, { timeout: 3000 });
      conn.on('error', () => {});
      await conn.close();
    }),
  ])).filter((p): p is string => p !== null);
  return problems.length > 0 ? `needs PostgreSQL and RabbitMQ (set CI to make this a failure): ${problems.join('; ')}` : undefined;
}

function redact(url: string): string {
  try { const u = new URL(url); if (u.password) u.password = '***'; return u.toString(); } catch { return url; }
}

// ---------------------------------------------------------------------------------------------------------------
// One production test at a time on this machine: the fault tests restart the shared PostgreSQL and RabbitMQ, which
// would break any other production test running beside them (npm test runs two files at once).

const LOCK = join(tmpdir(), 'tributary-production-tests.lock');

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (error) { return (error as NodeJS.ErrnoException).code === 'EPERM'; }
}

export async function acquireServiceLock(timeoutMs = 25 * 60_000): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await writeFile(LOCK, String(process.pid), { flag: 'wx' });
      const onExit = () => { try { unlinkSync(LOCK); } catch { /* gone */ } };
      process.once('exit', onExit);
      return async () => { process.removeListener('exit', onExit); await unlink(LOCK).catch(() => {}); };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await readFile(LOCK, 'utf8').catch(() => ''), 10);
    // A holder that died without releasing (kill -9 of a test run) leaves a stale lock behind.
    if (!Number.isInteger(holder) || holder <= 0 || !alive(holder)) {
      await unlink(LOCK).catch(() => {});
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another production test (pid ${holder}) holds ${LOCK} for too long`);
    await sleep(500);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A database and a broker prefix of one's own.

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 10_000 });
  c.on('error', () => {});
  await c.connect();
  try { return await work(c); } finally { await c.end().catch(() => {}); }
}

const dbUrl = (name: string) => { const u = new URL(PG_ADMIN_URL); u.pathname = `/${name}`; return u.toString(); };

/** The queue names (without prefix) of every pipeline worker: what a `tributary worker` process declares. */
export function pipelineQueues(): string[] {
  return createPipelineWorkers({
    resolveCampaign: createCampaignResolver({ ownDomains: [] }), parseUserAgent: createUserAgentParser(), geo: null,
    anonymiseIp: false, attribution: DEFAULT_ATTRIBUTION_SETTINGS, rules: { currency: DEFAULT_CURRENCY },
  }).map((w) => w.queue);
}

export interface Backends {
  databaseUrl: string;
  prefix: string;
  maxAttempts: number;
  /** Queue names without the prefix (the pipeline's, unless others were given). */
  queues: string[];
  /** The environment of a `tributary` process on these backends (nothing else of this process' environment leaks in). */
  env: Record<string, string>;
  /** Deletes the queues and the exchange, drops the database. */
  drop(): Promise<void>;
}

let counter = 0;

export async function createBackends(tag: string, options: { maxAttempts?: number; queues?: string[] } = {}): Promise<Backends> {
  const n = ++counter;
  const name = `tributary_p_${tag}_${process.pid}_${n}`;
  const prefix = `p${process.pid}_${n}_${tag}`;
  const maxAttempts = options.maxAttempts ?? 3;
  const queues = options.queues ?? pipelineQueues();
  await admin(async (c) => { await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); await c.query(`CREATE DATABASE ${name}`); });
  const databaseUrl = dbUrl(name);
  const store = await openStore({ dataDir: null, databaseUrl, pgPoolSize: 2 });
  await store.close();
  return {
    databaseUrl, prefix, maxAttempts, queues,
    env: {
      ...cleanEnv(), DATABASE_URL: databaseUrl, BROKER_URL: AMQP_URL, BROKER_PREFIX: prefix,
      BROKER_MAX_ATTEMPTS: String(maxAttempts), TRIBUTARY_GEOIP: 'off', LOG_LEVEL: 'warn',
    },
    async drop() {
      const problems: string[] = [];
      try {
        const conn = await amqp.connect(AMQP_URL);
        conn.on('error', () => {});
        try {
          const ch = await conn.createChannel();
          for (const q of queues) {
            const names = [queueName(prefix, q), deadQueueName(prefix, q)];
            for (let f = 1; f < maxAttempts; f++) names.push(retryQueueName(prefix, q, f));
            for (const x of names) await ch.deleteQueue(x);
          }
          await ch.deleteExchange(prefix);
        } finally {
          await conn.close().catch(() => {});
        }
      } catch (error) {
        problems.push(`queues of ${prefix}: ${(error as Error).message}`);
      }
      try {
        await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      } catch (error) {
        problems.push(`database ${name}: ${(error as Error).message}`);
      }
      if (problems.length > 0) throw new Error(`cleanup failed: ${problems.join('; ')}`);
    },
  };
}

/** This process' environment without anything that configures tributary or the test runner. */
function cleanEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (k.startsWith('NODE_TEST') || /^(TRIBUTARY_|HUBSPOT_|GOOGLE_ADS_|GOOGLE_OAUTH_|GOOGLE_DATA_MANAGER_|META_|MSADS_|LINKEDIN_|BROKER_)/.test(k) || k === 'DATABASE_URL') continue;
    out[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Child processes.

const children = new Set<TributaryProcess>();

export class TributaryProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;

  constructor(readonly label: string, args: string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(this);
    this.child.stdout!.on('data', (d) => { this.stdout += String(d); });
    this.child.stderr!.on('data', (d) => { this.stderr += String(d); });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => { this.exit = { code, signal }; children.delete(this); resolve({ code, signal }); });
      this.child.on('error', (error) => { this.stderr += `spawn error: ${error.message}\n`; });
    });
  }

  get pid(): number { return this.child.pid!; }
  get running(): boolean { return this.exit === null; }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** Waits until `pattern` appears in stderr (or stdout); throws with the output when the process exits first. */
  async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stderr) && !pattern.test(this.stdout)) {
      if (!this.running) throw new Error(`${this.label} exited (${JSON.stringify(this.exit)}) before printing ${pattern}:\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`${this.label} did not print ${pattern} within ${timeoutMs} ms:\n${this.tail()}`);
      await sleep(50);
    }
  }

  /** SIGTERM, then waits; SIGKILL after `timeoutMs`. Returns how it ended and how long it took. */
  async terminate(timeoutMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number; killed: boolean }> {
    const started = performance.now();
    if (!this.running) return { ...this.exit!, ms: 0, killed: false };
    this.child.kill('SIGTERM');
    let killed = false;
    const guard = setTimeout(() => { killed = true; this.child.kill('SIGKILL'); }, timeoutMs);
    const result = await this.exited;
    clearTimeout(guard);
    return { ...result, ms: performance.now() - started, killed };
  }

  tail(chars = 3000): string {
    const text = `--- stderr of ${this.label} ---\n${this.stderr}\n--- stdout ---\n${this.stdout}`;
    return text.length > chars ? `...${text.slice(-chars)}` : text;
  }
}

/** Kills (SIGKILL, by pid) every child process started here that is still running. */
export async function killChildren(): Promise<void> {
  const running = [...children];
  for (const c of running) c.signal('SIGKILL');
  await Promise.all(running.map((c) => c.exited));
}

/** Runs `tributary ARGS` to the end. */
export async function runTributary(args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = new TributaryProcess(`tributary ${args.join(' ')}`, args, env);
  const guard = setTimeout(() => p.signal('SIGKILL'), timeoutMs);
  const { code, signal } = await p.exited;
  clearTimeout(guard);
  return { code: code ?? (signal ? -1 : null), stdout: p.stdout, stderr: p.stderr };
}

/** `tributary worker`: every worker, waiting until it consumes. */
export async function startWorker(label: string, env: Record<string, string>, names: string[] = []): Promise<TributaryProcess> {
  const p = new TributaryProcess(label, ['worker', ...names], env);
  await p.waitFor(/tributary worker: .* on RabbitMQ/);
  return p;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `tributary collector --port`: waiting until /healthz answers. */
export async function startCollector(label: string, env: Record<string, string>): Promise<{ process: TributaryProcess; url: string }> {
  const port = await freePort();
  const p = new TributaryProcess(label, ['collector', '--port', String(port)], env);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!p.running) throw new Error(`${label} exited before serving:\n${p.tail()}`);
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (ok) return { process: p, url };
    if (Date.now() > deadline) throw new Error(`${label} did not serve /healthz within 60 s:\n${p.tail()}`);
    await sleep(100);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Results.

export const parseJsonLines = (text: string): any[] => text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));

/** `tributary export KIND` for every kind, as processes on these backends. */
export async function exportWithCli(env: Record<string, string>): Promise<Exports> {
  const out = {} as Exports;
  for (const kind of EXPORT_KINDS) {
    const r = await runTributary(['export', kind], env);
    if (r.code !== 0) throw new Error(`tributary export ${kind} exited ${r.code}: ${r.stderr}`);
    out[kind] = parseJsonLines(r.stdout);
  }
  return out;
}

/** The same export, read in this process (cheap enough to poll). */
export async function exportFromStore(store: Store): Promise<Exports> {
  const out = {} as Exports;
  for (const kind of EXPORT_KINDS) {
    const rows: any[] = [];
    for await (const o of exportObjects(store, kind)) rows.push(o);
    // Through JSON, as the command prints them: Dates become strings, undefined fields disappear.
    out[kind] = JSON.parse(JSON.stringify(rows));
  }
  return out;
}

export const openDatabase = (databaseUrl: string, max = 2): Promise<Store> => openPostgresStore(databaseUrl, { max, applicationName: 'tributary-test' });

/**
 * For a describe block that needs only PostgreSQL: a database of its own, opened with a pool of `max` connections
 * once this file holds the services (see acquireServiceLock), and dropped afterwards. Call inside `describe`.
 */
export function ownDatabase(tag: string, max = 2): () => Store {
  let backends: Backends | undefined;
  let store: Store | undefined;
  let releaseServices: (() => Promise<void>) | undefined;
  before(async () => {
    releaseServices = await acquireServiceLock();
    backends = await createBackends(tag, { queues: [] });
    store = await openDatabase(backends.databaseUrl, max);
  }, { timeout: 30 * 60_000 });
  after(async () => {
    await store?.close();
    await backends?.drop();
    await releaseServices?.();
  });
  return () => store!;
}

/** The reference: the same events through the embedded pipeline (PGlite, embedded bus, event time). */
export async function embeddedExport(events: readonly unknown[]): Promise<Exports> {
  const p = await openPipeline(testConfig(), new ManualClock(), { from: await migratedTemplate() });
  try {
    await ingest(p, events);
    return JSON.parse(JSON.stringify(await exportEverything(p)));
  } finally {
    await p.close();
  }
}

/** Messages ready in each queue (main and retry, or dead) of these backends; missing queues count as errors. */
export async function queueCounts(b: Backends, which: 'work' | 'dead'): Promise<Record<string, number>> {
  const conn = await amqp.connect(AMQP_URL);
  conn.on('error', () => {});
  try {
    const ch = await conn.createChannel();
    ch.on('error', () => {});
    const out: Record<string, number> = {};
    for (const q of b.queues) {
      const names = which === 'dead' ? [deadQueueName(b.prefix, q)] : [queueName(b.prefix, q)];
      if (which === 'work') for (let f = 1; f < b.maxAttempts; f++) names.push(retryQueueName(b.prefix, q, f));
      for (const name of names) out[name] = (await ch.checkQueue(name)).messageCount;
    }
    return out;
  } finally {
    await conn.close().catch(() => {});
  }
}

export async function count(store: Store, table: string): Promise<number> {
  const { rows } = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}

/**
 * Drained: every main and retry queue empty and the outbox empty, on `confirmations` polls in a row. Messages a
 * worker holds unacknowledged are not visible to this check: compare results with a deadline loop afterwards.
 */
export async function waitUntilDrained(b: Backends, store: Store, timeoutMs: number, confirmations = 3, abort: () => string | null = () => null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  let last = '';
  while (quiet < confirmations) {
    try {
      const counts = await queueCounts(b, 'work');
      const outbox = await count(store, 'bi.relay_outbox');
      const busy = Object.entries(counts).filter(([, n]) => n > 0);
      last = `outbox ${outbox}; ${busy.map(([q, n]) => `${q} ${n}`).join(', ') || 'queues empty'}`;
      quiet = outbox === 0 && busy.length === 0 ? quiet + 1 : 0;
    } catch (error) {
      last = `poll failed: ${(error as Error).message}`;
      quiet = 0;
    }
    const reason = abort();
    if (reason) throw new Error(`not drained (${last}), and ${reason}`);
    if (Date.now() > deadline) throw new Error(`not drained within ${timeoutMs} ms: ${last}`);
    await sleep(250);
  }
}

/** Polls `read` until it deep-equals `expected` by `equal`, or the deadline passes; returns the last value read. */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, intervalMs = 500): Promise<{ value: T; ms: number; met: boolean }> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return { value, ms: Date.now() - started, met: true };
    if (Date.now() - started > timeoutMs) return { value, ms: Date.now() - started, met: false };
    await sleep(intervalMs);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Service restarts (this machine's commands; the tests that use them run only where the services are local).

function sh(command: string, args: string[], timeoutMs = 120_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += String(d); });
    child.stderr.on('data', (d) => { output += String(d); });
    const guard = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => { clearTimeout(guard); resolve({ code: -1, output: `${output}${error.message}` }); });
    child.on('close', (code) => { clearTimeout(guard); resolve({ code, output }); });
  });
}

async function must(command: string, args: string[]): Promise<void> {
  const r = await sh(command, args);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.code}: ${r.output.trim()}`);
}

export async function postgresUp(): Promise<boolean> {
  return (await reachable('PostgreSQL', async () => {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
    c.on('error', () => {});
    try { await c.connect(); await c.query('SELECT 1'); } finally { await c.end().catch(() => {}); }
  })) === null;
}

export async function rabbitUp(): Promise<boolean> {
  return (await reachable('RabbitMQ', async () => {
    const conn = await amqp.connect(AMQP_URL, { timeout: 2000 });
    conn.on('error', () => {});
    await conn.close();
  })) === null;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not back within ${timeoutMs} ms`);
    await sleep(200);
  }
}

export const pgCtl = (action: 'stop' | 'start' | 'restart') => must('pg_ctlcluster', ['--skip-systemctl-redirect', '15', 'main', action]);

/** Restarts PostgreSQL and returns once it accepts connections again. */
export async function restartPostgres(): Promise<void> {
  await pgCtl('restart');
  await waitUntil(postgresUp, 60_000, 'PostgreSQL');
}

/** Stops and starts the RabbitMQ application (the node, its durable queues and persistent messages stay). */
export async function restartRabbit(downMs = 0): Promise<void> {
  await must('rabbitmqctl', ['stop_app']);
  if (downMs > 0) await sleep(downMs);
  await must('rabbitmqctl', ['start_app']);
  await waitUntil(rabbitUp, 60_000, 'RabbitMQ');
}

/** Whatever happened: both services running again (for finally blocks). */
export async function ensureServicesRunning(): Promise<void> {
  if (!(await postgresUp())) {
    await sh('pg_ctlcluster', ['--skip-systemctl-redirect', '15', 'main', 'start']);
    await waitUntil(postgresUp, 60_000, 'PostgreSQL').catch(() => {});
  }
  if (!(await rabbitUp())) {
    await sh('rabbitmqctl', ['start_app']);
    if (!(await rabbitUp().catch(() => false))) {
      await sleep(2000);
      if (!(await rabbitUp())) {
        await sh('rabbitmqctl', ['shutdown']);
        await sh('rabbitmq-server', ['-detached']);
        await sh('rabbitmqctl', ['await_startup'], 120_000);
      }
    }
    await waitUntil(rabbitUp, 60_000, 'RabbitMQ').catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A sender of the collector's API that never gives up on an event: a batch counts once the collector answered 200.

export interface StreamOptions {
  batchSize?: number;
  /** Secret key sent as `Authorization: Bearer`: a trusted backend, whose sessions are taken as sent. */
  secretKey?: string;
  /** Called after each acknowledged batch (1-based); not awaited, so a fault injected here runs beside the stream. */
  onAcknowledged?: (batch: number, batches: number) => void;
  /** Gives up (throws) when the stream is not acknowledged by then. */
  timeoutMs?: number;
  /** Asked before each retry: a reason to give up now (the collector died), or null. */
  abort?: () => string | null;
}

export interface StreamReport { batches: number; requests: number; failures: number; accepted: number; duplicate: number; rejected: number; ms: number }

export async function streamOverHttp(url: string, events: readonly unknown[], options: StreamOptions = {}): Promise<StreamReport> {
  const size = options.batchSize ?? 200;
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  const batches = Math.ceil(events.length / size);
  const report: StreamReport = { batches, requests: 0, failures: 0, accepted: 0, duplicate: 0, rejected: 0, ms: 0 };
  const started = performance.now();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.secretKey) headers.authorization = `Bearer ${options.secretKey}`;
  for (let b = 0; b < batches; b++) {
    const body = JSON.stringify({ events: events.slice(b * size, (b + 1) * size) });
    let lastProblem = '';
    for (let wait = 50; ; wait = Math.min(wait * 2, 2000)) {
      report.requests++;
      try {
        const response = await fetch(`${url}/v1/events`, { method: 'POST', headers, body, signal: AbortSignal.timeout(15_000) });
        const text = await response.text();
        if (response.status === 200) {
          const r = JSON.parse(text) as { accepted: number; duplicate: number; rejected: unknown[] };
          report.accepted += r.accepted;
          report.duplicate += r.duplicate;
          report.rejected += r.rejected.length;
          break;
        }
        lastProblem = `HTTP ${response.status}: ${text.slice(0, 300)}`;
      } catch (error) {
        lastProblem = (error as Error).message;
      }
      report.failures++;
      const reason = options.abort?.();
      if (reason) throw new Error(`batch ${b + 1} of ${batches} not acknowledged (${lastProblem}), and ${reason}`);
      if (Date.now() > deadline) throw new Error(`batch ${b + 1} of ${batches} not acknowledged in time; last problem: ${lastProblem}`);
      await sleep(wait);
    }
    options.onAcknowledged?.(b + 1, batches);
  }
  report.ms = performance.now() - started;
  return report;
}
