-- The tables of the attribution flow document (schema `bi`), under their original names, plus the
-- bookkeeping the pipeline needs (idempotency, rejected input, the outbox and the delayed-trigger schedule).

CREATE SCHEMA IF NOT EXISTS bi;

-- Idempotency: an event_id is processed once, whichever way it arrives.
CREATE TABLE bi.processed_events (
  event_id    text PRIMARY KEY,
  type        text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE bi.rejected_events (
  id          bigserial PRIMARY KEY,
  event_id    text,
  reason      text NOT NULL,
  raw         text NOT NULL,
  source      text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- The embedded bus's durable queues: one row per (queue, message) until the consuming handler's transaction
-- deletes it. Routing happens at publish time, inside the publisher's transaction. As with RabbitMQ, a message id is
-- not unique (a republished message is delivered again; consumers are idempotent).
CREATE TABLE bi.outbox (
  seq          bigint PRIMARY KEY,
  queue        text NOT NULL,
  message_id   text NOT NULL,
  topic        text NOT NULL,
  -- JSON text, not jsonb: it is only ever read back whole, and parsing jsonb costs on every publish.
  payload      text NOT NULL,
  deliver_at   timestamptz,
  attempts     integer NOT NULL DEFAULT 0,
  last_error   text
);

CREATE TABLE bi.dead_letters (
  queue      text NOT NULL,
  message_id text NOT NULL,
  topic      text NOT NULL,
  payload    jsonb NOT NULL,
  error      text NOT NULL,
  attempts   integer NOT NULL,
  failed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (queue, message_id)
);

CREATE TABLE bi.sessions (
  session_id     text PRIMARY KEY,
  client_id      text NOT NULL,
  started_at     timestamptz NOT NULL,
  last_seen_at   timestamptz NOT NULL,
  page_views     integer NOT NULL DEFAULT 0
);

CREATE TABLE bi.visits (
  visit_id          text PRIMARY KEY,
  session_id        text NOT NULL,
  client_id         text NOT NULL,
  occurred_at       timestamptz NOT NULL,
  page_url          text,
  referrer          text,
  utm_source        text,
  utm_medium        text,
  utm_campaign      text,
  utm_term          text,
  utm_content       text,
  click_ids         jsonb NOT NULL DEFAULT '{}',
  fbp               text,
  fbc               text,
  ip                text,
  country           text,
  region            text,
  city              text,
  device_type       text,
  browser           text,
  browser_version   text,
  os                text,
  os_version        text,
  is_bot            boolean NOT NULL DEFAULT false,
  consent_analytics boolean,
  consent_ads       boolean
);
CREATE INDEX visits_client_idx ON bi.visits (client_id);

CREATE TABLE bi.event_hits (
  event_id    text PRIMARY KEY,
  client_id   text NOT NULL,
  session_id  text NOT NULL,
  name        text NOT NULL,
  occurred_at timestamptz NOT NULL,
  page_url    text,
  properties  jsonb
);

CREATE TABLE bi.interaction_touchpoints (
  touchpoint_id   text PRIMARY KEY,
  occurred_at     timestamptz NOT NULL,
  origin          text NOT NULL,
  client_id       text,
  device_id       text,
  email           text,
  session_id      text,
  channel         text NOT NULL,
  source          text NOT NULL,
  medium          text NOT NULL,
  campaign        text,
  term            text,
  content         text,
  click_id_type   text,
  click_id_value  text,
  click_ids       jsonb NOT NULL DEFAULT '{}',
  fbp             text,
  fbc             text,
  referrer_domain text,
  landing_url     text,
  ads_consent     boolean
);
CREATE INDEX touchpoints_client_idx ON bi.interaction_touchpoints (client_id) WHERE client_id IS NOT NULL;
CREATE INDEX touchpoints_device_idx ON bi.interaction_touchpoints (device_id) WHERE device_id IS NOT NULL;
CREATE INDEX touchpoints_email_idx ON bi.interaction_touchpoints (email) WHERE email IS NOT NULL;

-- The identity graph, stored in both directions so a walk only ever looks up `a`.
CREATE TABLE bi.identity_links (
  a             text NOT NULL,
  b             text NOT NULL,
  first_seen_at timestamptz NOT NULL,
  PRIMARY KEY (a, b)
);

CREATE TABLE bi.contact_profile_metadata (
  email            text PRIMARY KEY,
  -- The contact_id of the earliest contact_created for this email; null until one arrives.
  contact_id       text,
  contact_id_at    timestamptz,
  -- A contact converts at the earliest event time of any event carrying its email.
  first_seen_at    timestamptz NOT NULL,
  hubspot_id       text
);

CREATE TABLE bi.company_profile_meta_data (
  company_id      text PRIMARY KEY,
  name            text,
  domain          text,
  creator_email   text,
  client_id       text,
  referred_by     text,
  -- Event time of the earliest company_created (the conversion), and of the earliest signup.
  created_at      timestamptz,
  created_event_id text,
  first_signup_at timestamptz,
  hubspot_id      text
);
CREATE INDEX company_referred_by_idx ON bi.company_profile_meta_data (referred_by) WHERE referred_by IS NOT NULL;

CREATE TABLE bi.company_interactions (
  company_id    text NOT NULL,
  touchpoint_id text NOT NULL,
  occurred_at   timestamptz NOT NULL,
  channel       text NOT NULL,
  eligible      boolean NOT NULL,
  PRIMARY KEY (company_id, touchpoint_id)
);

CREATE TABLE bi.contact_interactions (
  email         text NOT NULL,
  touchpoint_id text NOT NULL,
  occurred_at   timestamptz NOT NULL,
  channel       text NOT NULL,
  eligible      boolean NOT NULL,
  PRIMARY KEY (email, touchpoint_id)
);

-- One row per converted company and model. The chosen touchpoint is copied in, so BI tools read one table.
CREATE TABLE bi.company_profile_attribution (
  company_id                   text PRIMARY KEY,
  converted_at                 timestamptz NOT NULL,
  touchpoint_id                text,
  occurred_at                  timestamptz,
  origin                       text,
  channel                      text,
  source                       text,
  medium                       text,
  campaign                     text,
  term                         text,
  content                      text,
  click_id_type                text,
  click_id_value               text,
  original_source_touchpoint_id text,
  original_source_company_id   text,
  unattributed_reason          text,
  updated_at                   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE bi.company_profile_attribution_last (LIKE bi.company_profile_attribution INCLUDING ALL);
ALTER TABLE bi.company_profile_attribution_last
  DROP COLUMN original_source_touchpoint_id, DROP COLUMN original_source_company_id;
CREATE TABLE bi.company_profile_attribution_limited (LIKE bi.company_profile_attribution_last INCLUDING ALL);

CREATE TABLE bi.contact_profile_attribution_first (
  email               text PRIMARY KEY,
  converted_at        timestamptz NOT NULL,
  touchpoint_id       text,
  occurred_at         timestamptz,
  origin              text,
  channel             text,
  source              text,
  medium              text,
  campaign            text,
  term                text,
  content             text,
  click_id_type       text,
  click_id_value      text,
  unattributed_reason text,
  updated_at          timestamptz NOT NULL DEFAULT now()
);

-- Delayed re-attribution, coalesced per entity: one pending row per entity, whichever process fires it.
CREATE TABLE bi.attribution_schedule (
  entity_kind text NOT NULL,
  entity_id   text NOT NULL,
  due_at      timestamptz NOT NULL,
  PRIMARY KEY (entity_kind, entity_id)
);
CREATE INDEX attribution_schedule_due_idx ON bi.attribution_schedule (due_at);
