-- Reports (CONTRACT section 10).

-- Ad spend: one row per day and (source, medium, campaign). A platform restates a day's cost as its numbers settle,
-- so a later report for the same day and key replaces the earlier one instead of adding to it; "later" is the
-- event time, then the event_id, so the kept figure does not depend on arrival order. The channel is classified
-- once, as a touchpoint with the same values would be, so that spend meets conversions per channel too.
CREATE TABLE bi.ad_spend (
  spend_date  date NOT NULL,
  source      text NOT NULL,
  medium      text NOT NULL,
  campaign    text,
  channel     text NOT NULL,
  cost        double precision NOT NULL,
  currency    text NOT NULL,
  reported_at timestamptz NOT NULL,
  event_id    text NOT NULL
);
CREATE UNIQUE INDEX ad_spend_key_idx ON bi.ad_spend (spend_date, source, medium, (COALESCE(campaign, '')));

-- A repeated event_id leaves no row of its own: each batch that had repeats records how many, for the quality
-- report's duplicates per day. Append-only, so concurrent collectors never wait on one counter row.
CREATE TABLE bi.duplicate_events (
  received_at timestamptz NOT NULL DEFAULT now(),
  source      text NOT NULL,
  count       integer NOT NULL
);

-- The reports filter and group by conversion time.
CREATE INDEX company_attribution_converted_idx ON bi.company_profile_attribution (converted_at);
CREATE INDEX contact_attribution_converted_idx ON bi.contact_profile_attribution_first (converted_at);
