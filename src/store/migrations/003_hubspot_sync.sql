-- HubSpot sync (CRM v3). Workers only record, inside their transaction, that a record needs syncing; the HubSpot
-- deliverer sends later, outside any transaction, the record's attribution as stored at send time.

-- One row per HubSpot record Tributary keeps in sync. A burst of updates to one record bumps `version` on the same
-- row, so it stays one pending sync; the deliverer settles a row only if `version` did not move while it was sending.
CREATE TABLE bi.hubspot_sync (
  -- `companies` or `contacts`, as in the HubSpot paths.
  object_type       text NOT NULL CHECK (object_type IN ('companies', 'contacts')),
  -- company_id, or the contact's (normalised) email: the keys of the profile tables.
  entity_id         text NOT NULL,
  -- pending: waits to be sent; synced: HubSpot has the current values; skipped / failed: see last_error;
  -- dry_run: what would have been sent is in `payload`.
  status            text NOT NULL CHECK (status IN ('pending', 'synced', 'skipped', 'failed', 'dry_run')),
  version           bigint NOT NULL DEFAULT 1,
  requested_at      timestamptz NOT NULL DEFAULT now(),
  -- Retries (429, 5xx, network): how many so far, and not before when.
  attempts          integer NOT NULL DEFAULT 0,
  next_attempt_at   timestamptz,
  hubspot_id        text,
  -- Hash of the properties HubSpot last accepted: an update that would write the same values is not sent.
  synced_hash       text,
  synced_at         timestamptz,
  -- The last batch input sent (or, in dry run, that would have been sent): {id, properties}.
  payload           jsonb,
  last_error        text,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (object_type, entity_id)
);
CREATE INDEX hubspot_sync_pending_idx ON bi.hubspot_sync (object_type, next_attempt_at) WHERE status = 'pending';

-- The custom properties (and their group) created in the HubSpot account, per object type. `definitions_hash`
-- names the set of definitions created, so a release that adds properties creates the new ones on first use.
CREATE TABLE bi.hubspot_schema (
  object_type      text PRIMARY KEY,
  group_name       text NOT NULL,
  definitions_hash text NOT NULL,
  ensured_at       timestamptz NOT NULL DEFAULT now()
);
