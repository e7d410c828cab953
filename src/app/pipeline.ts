// Wiring: the one place that builds the store, the bus, the enrichment and the workers from configuration.
import { EmbeddedBus } from '../adapters/bus/embedded-bus.js';
import { openMmdbGeo } from '../adapters/geo/mmdb-geo.js';
import { openPgliteStore, type PgliteOptions } from '../adapters/pglite/pglite-store.js';
import { openPostgresStore } from '../adapters/postgres/postgres-store.js';
import { RabbitBus } from '../adapters/rabbitmq/rabbit-bus.js';
import type { Bus } from '../ports/bus.js';
import type { Worker } from '../ports/worker.js';
import { createCampaignResolver } from '../core/campaign/resolve-campaign.js';
import { createUserAgentParser } from '../core/enrichment/user-agent.js';
import { ManualClock, type Clock } from '../ports/clock.js';
import type { Store } from '../ports/sql.js';
import { migrate } from '../store/migrate.js';
import { MemoryIdentityGraph } from '../store/bi/memory-identity-graph.js';
import { createPipelineWorkers } from '../workers/registry.js';
import { createDestinations } from '../destinations/registry.js';
import type { Fetch } from '../destinations/delivery.js';
import { fireDueTriggers } from '../workers/steps/schedule-delayed-attribution.js';
import type { AttributionSettings } from '../workers/steps/attribution-settings.js';
import { ConfigError, type Config } from './config.js';
import type { DeploymentRules } from '../core/events/deployment-rules.js';

export interface Pipeline {
  store: Store;
  /** Every worker the pipeline declares (hosted here or not). */
  workers: readonly Worker[];
  bus: Bus;
  clock: Clock;
  attribution: AttributionSettings;
  /** What this deployment accepts beyond the contract's shapes (the currency of spend). */
  rules: DeploymentRules;
  /** Delivers everything due at the clock's time, delayed triggers included, and returns when it is done. */
  settle(): Promise<void>;
  /**
   * What a long-running host does now and then: fires the delayed triggers that fell due and, on the embedded bus,
   * delivers what is queued. On RabbitMQ the consumers run by themselves.
   */
  tick(): Promise<void>;
  /**
   * On an event-time clock: moves the clock through every pending delay until nothing is left, then sends what the
   * destinations still have to send, retries included (end of `ingest`).
   */
  finish(): Promise<{ deliveries_pending: boolean }>;
  /** One round of deliveries to the destinations; returns when the next is wanted (null: nothing waits). */
  deliver(): Promise<number | null>;
  close(): Promise<void>;
}

/** PostgreSQL when DATABASE_URL is set, else the embedded PGlite; migrated either way. */
export async function openStore(config: Pick<Config, 'dataDir'> & Partial<Pick<Config, 'databaseUrl' | 'pgPoolSize'>>, options: PgliteOptions = {}): Promise<Store> {
  const store = config.databaseUrl
    ? await openPostgresStore(config.databaseUrl, config.pgPoolSize ? { max: config.pgPoolSize } : {})
    : await openPgliteStore(config.dataDir, options);
  await migrate(store);
  return store;
}

export interface PipelineOptions extends PgliteOptions {
  /** Names of the workers this process consumes for (RabbitMQ); all of them by default, none for a collector. */
  host?: readonly string[];
  onError?: (worker: string, error: unknown) => void;
  /** Where transient trouble being retried is reported (a lost connection, a deadlock); stderr by default. */
  log?: (line: string) => void;
  /** The HTTP client of the destinations (tests pass one that records). */
  fetch?: Fetch;
}

export async function openPipeline(config: Config, clock: Clock, options: PipelineOptions = {}): Promise<Pipeline> {
  const store = await openStore(config, options);
  // A pipeline that cannot start (the broker unreachable, an unknown worker) leaves no open connections behind, so
  // the process ends with its one-line error instead of lingering on an idle pool.
  try {
    return await startPipeline(store, config, clock, options);
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
}

async function startPipeline(store: Store, config: Config, clock: Clock, options: PipelineOptions): Promise<Pipeline> {
  const geo = config.geo.enabled ? await openMmdbGeo(config.geo) : null;
  const attribution: AttributionSettings = { maxHops: config.maxHops, windowDays: config.windowDays, halfLifeDays: config.halfLifeDays };
  const rules: DeploymentRules = { currency: config.currency };
  const log = options.log ?? ((line: string) => process.stderr.write(`tributary: ${line}\n`));
  const graph = config.broker || config.databaseUrl ? undefined : await loadIdentityGraph(store, log);
  const bus: EmbeddedBus | RabbitBus = config.broker
    ? new RabbitBus(store, clock, { ...config.broker, log, ...(options.onError && { onError: options.onError }) })
    : new EmbeddedBus(store, clock, { ...(options.onError && { onError: options.onError }), ...(graph && { journal: graph }) });
  const workers = createPipelineWorkers({
    resolveCampaign: createCampaignResolver({ ownDomains: config.ownDomains }),
    parseUserAgent: createUserAgentParser(),
    geo,
    anonymiseIp: config.anonymiseIp,
    attribution,
    rules,
    ...(graph && { graph }),
  });
  const destinations = createDestinations(config, store, options.fetch ?? fetch);
  const all = [...workers, ...destinations.workers];
  const unknown = (options.host ?? []).filter((name) => !all.some((w) => w.name === name));
  if (unknown.length > 0) throw new ConfigError(`unknown worker ${unknown.join(', ')}; the workers are ${all.map((w) => w.name).join(', ')}`);
  for (const w of all) bus.register(w, { consume: options.host === undefined || options.host.includes(w.name) });
  await bus.start();

  /** One round of every destination's deliveries; the earliest time one of them wants to be called again. */
  // Destinations run side by side: one that is slow or down does not hold up the others.
  const deliver = async (): Promise<number | null> => {
    let next: number | null = null;
    for (const round of await Promise.all(destinations.deliverers.map((d) => d.deliverDue(Date.now())))) {
      if (round.next_attempt_at !== null) next = next === null ? round.next_attempt_at : Math.min(next, round.next_attempt_at);
    }
    return next;
  };

  const transaction = bus.transaction.bind(bus);
  const settle = async () => {
    do await bus.runUntilIdle();
    while (await fireDueTriggers(transaction, clock.now()) > 0);
  };
  return {
    store, bus, clock, attribution, settle, deliver, workers: all, rules,
    async tick() {
      if (!bus.drivesItself) return settle();
      while (await fireDueTriggers(transaction, clock.now()) > 0);
    },
    async finish() {
      if (!(clock instanceof ManualClock)) throw new Error('finish() runs delayed work ahead of time: it needs an event-time clock');
      await settle();
      for (let next = await nextDue(store, bus); next !== null; next = await nextDue(store, bus)) {
        clock.advanceTo(next);
        await settle();
      }
      // Destinations run on the wall clock (their retries wait for real APIs): wait until each is done, within
      // reason — a platform that asks to come back in hours keeps its rows pending for `start` to send.
      const deadline = Date.now() + config.ingestDeliveryWaitMs;
      for (let next = await deliver(); next !== null; next = await deliver()) {
        if (next > deadline) return { deliveries_pending: true };
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next! - Date.now())));
      }
      return { deliveries_pending: false };
    },
    async close() {
      await bus.close();
      await store.close();
    },
  };
}

/**
 * A process that owns its store (the embedded defaults) reads the identity graph from memory, as nothing else writes
 * it. A load that takes a while is reported: on a long history, it is most of the start-up.
 */
async function loadIdentityGraph(store: Store, log: (line: string) => void): Promise<MemoryIdentityGraph> {
  const started = performance.now();
  const graph = await MemoryIdentityGraph.load(store);
  const seconds = (performance.now() - started) / 1000;
  if (seconds >= 0.5) log(`identity graph loaded into memory: ${graph.size.nodes} nodes, ${graph.size.touchpoints} touchpoints in ${seconds.toFixed(1)} s`);
  return graph;
}

/** The earliest time at which delayed work (a scheduled re-attribution or a delayed message) falls due. */
async function nextDue(store: Store, bus: Bus): Promise<number | null> {
  const { rows } = await store.query<{ due: Date | null }>('SELECT min(due_at) AS due FROM bi.attribution_schedule');
  const scheduled = rows[0]?.due ? rows[0].due.getTime() : null;
  const delayed = bus.nextDeliveryTime();
  if (scheduled === null) return delayed;
  return delayed === null ? scheduled : Math.min(scheduled, delayed);
}
