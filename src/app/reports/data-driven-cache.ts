// markov and shapley over the stored paths read the whole identity graph and every touchpoint (the non-converting
// paths are derived when asked, not maintained: see models-paths.ts), seconds on a large store. Their answer for a
// (kind, range) only changes when something is written, so it is kept while the store's snapshot stays the same:
// `xmin:xmax:in-progress` moves when a transaction that writes begins (xmax) and when one in progress ends (the
// list), so a write committed after the models were read is never hidden. Views of an unchanged store (a dashboard
// reloaded, filters toggled back) cost one trivial query.
import { LRUCache } from 'lru-cache';
import type { Sql } from '../../ports/sql.js';
import type { CreditEntity } from '../../store/bi/attribution-credits.js';
import type { TimeRange } from '../../store/bi/paths.js';
import { storedPathModels, type PathModels } from '../models-paths.js';

interface Entry { horizon: string; models: Promise<PathModels> }

const caches = new WeakMap<Sql, LRUCache<string, Entry>>();

async function writeHorizon(sql: Sql): Promise<string> {
  const { rows } = await sql.query<{ h: string }>('SELECT pg_current_snapshot()::text AS h');
  return rows[0]!.h;
}

export async function cachedPathModels(sql: Sql, entity: CreditEntity, range: TimeRange): Promise<PathModels> {
  let cache = caches.get(sql);
  if (!cache) caches.set(sql, (cache = new LRUCache({ max: 32 })));
  const key = JSON.stringify([entity, range.from, range.to]);
  const horizon = await writeHorizon(sql);
  const hit = cache.get(key);
  if (hit && hit.horizon === horizon) return hit.models;
  // The promise is kept, so requests arriving while it is computed share the one computation.
  const models = storedPathModels(sql, entity, range);
  cache.set(key, { horizon, models });
  models.catch(() => cache.delete(key));
  return models;
}
