// The property group and custom properties, created in the HubSpot account before the first write (HubSpot
// rejects a write to a property that does not exist). Created once: the store remembers which definition set an
// account has, so neither a second sync nor a restart creates them again. "Already exists" (409) counts as done:
// another process, or a person in HubSpot's settings, may have created them first.
import type { Sql } from '../../ports/sql.js';
import { errorReason, type HubspotAnswer, type HubspotClient } from './client.js';
import { definitionsHash, PROPERTY_GROUP, propertyDefinitions, type HubspotObjectType } from './properties.js';

/** A HubSpot call made through the deliverer's rate-limit gate: null when the gate is closed (nothing was sent). */
export type Send = <T extends HubspotAnswer>(call: () => Promise<T>) => Promise<T | null>;

export type EnsureResult =
  | { kind: 'ready' }
  | { kind: 'paused' }
  | { kind: 'retry'; reason: string; cause: { status: number | null; waitMs: number | null } }
  | { kind: 'failed'; reason: string };

export interface SchemaKeeper {
  ensure(objectType: HubspotObjectType, send: Send): Promise<EnsureResult>;
  /** HubSpot says a property is missing after all (deleted in its settings): create them again on next use. */
  forget(objectType: HubspotObjectType): Promise<void>;
}

export function createSchemaKeeper(sql: Sql, client: HubspotClient): SchemaKeeper {
  const ready = new Set<HubspotObjectType>();
  // What this process already created, so a creation cut short (rate limit, outage) resumes where it stopped.
  const created = new Map<HubspotObjectType, Set<string>>();

  const problem = (answer: HubspotAnswer): EnsureResult | null => {
    const o = answer.outcome;
    if (o.ok || o.status === 409) return null;
    const reason = `creating HubSpot properties: ${errorReason(o)}`;
    return o.retryable ? { kind: 'retry', reason, cause: { status: o.status, waitMs: answer.waitMs } } : { kind: 'failed', reason };
  };

  return {
    async ensure(objectType, send) {
      if (ready.has(objectType)) return { kind: 'ready' };
      const hash = definitionsHash(objectType);
      const { rows } = await sql.query<{ definitions_hash: string }>(
        'SELECT definitions_hash FROM bi.hubspot_schema WHERE object_type = $1', [objectType]);
      if (rows[0]?.definitions_hash === hash) {
        ready.add(objectType);
        return { kind: 'ready' };
      }
      const done = created.get(objectType) ?? new Set<string>();
      created.set(objectType, done);
      // The group first: a property names its group, and HubSpot rejects a property whose group does not exist.
      const steps = [
        { key: `group:${PROPERTY_GROUP.name}`, call: () => client.createPropertyGroup(objectType, { ...PROPERTY_GROUP }) },
        ...propertyDefinitions(objectType).map((d) => ({ key: d.name, call: () => client.createProperty(objectType, d) })),
      ];
      for (const step of steps) {
        if (done.has(step.key)) continue;
        const answer = await send(step.call);
        if (answer === null) return { kind: 'paused' };
        const failure = problem(answer);
        if (failure) return failure;
        done.add(step.key);
      }
      await sql.query(
        `INSERT INTO bi.hubspot_schema (object_type, group_name, definitions_hash) VALUES ($1, $2, $3)
         ON CONFLICT (object_type) DO UPDATE SET group_name = EXCLUDED.group_name,
           definitions_hash = EXCLUDED.definitions_hash, ensured_at = now()`,
        [objectType, PROPERTY_GROUP.name, hash]);
      ready.add(objectType);
      return { kind: 'ready' };
    },
    async forget(objectType) {
      ready.delete(objectType);
      created.delete(objectType);
      await sql.query('DELETE FROM bi.hubspot_schema WHERE object_type = $1', [objectType]);
    },
  };
}
