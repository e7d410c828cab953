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

-- What each ingress batch took in: accepted and duplicate events (a repeated event_id leaves no row of its own).
-- The quality report sums these per day instead of counting every processed event; rejections it counts from
-- bi.rejected_events, which also holds those of messages published on the broker directly. Append-only, one row
-- per batch, so concurrent collectors never wait on a counter row.
CREATE TABLE bi.intake_batches (
  received_at timestamptz NOT NULL DEFAULT now(),
  source      text NOT NULL,
  accepted    integer NOT NULL,
  duplicate   integer NOT NULL
);
-- Events taken in before this table existed, per hour of arrival (their repeats were not counted).
INSERT INTO bi.intake_batches (received_at, source, accepted, duplicate)
  SELECT date_trunc('hour', received_at), 'before-reports', count(*), 0 FROM bi.processed_events GROUP BY 1;

-- The reports filter and group by conversion time.
CREATE INDEX company_attribution_converted_idx ON bi.company_profile_attribution (converted_at);
CREATE INDEX contact_attribution_converted_idx ON bi.contact_profile_attribution_first (converted_at);
