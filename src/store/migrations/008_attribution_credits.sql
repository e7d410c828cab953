-- Per-touchpoint credits of every model (CONTRACT section 9), on the interaction rows attribution already writes:
-- one row per (entity, touchpoint) holds the credit that touchpoint gets under each model (null: none), so keeping
-- the credits current costs no extra row and no extra statement, and they change exactly when the interactions do.
ALTER TABLE bi.company_interactions
  ADD COLUMN credit_first_touch double precision, ADD COLUMN credit_last_touch double precision,
  ADD COLUMN credit_first_touch_28d double precision, ADD COLUMN credit_linear double precision,
  ADD COLUMN credit_position_based double precision, ADD COLUMN credit_time_decay double precision;
ALTER TABLE bi.contact_interactions
  ADD COLUMN credit_first_touch double precision, ADD COLUMN credit_last_touch double precision,
  ADD COLUMN credit_first_touch_28d double precision, ADD COLUMN credit_linear double precision,
  ADD COLUMN credit_position_based double precision, ADD COLUMN credit_time_decay double precision;

-- A digest of each entity's whole result (models, interactions, credits), written with it, so that the bulk
-- recompute tells which results changed from one short value per entity.
ALTER TABLE bi.company_profile_attribution ADD COLUMN result_fingerprint text;
ALTER TABLE bi.contact_profile_attribution_first ADD COLUMN result_fingerprint text;

-- What a BI tool reads: one row per (entity, touchpoint, model) with the touchpoint's campaign values and its credit.
-- A contact is named by its contact_id, else its email, as in `tributary export contacts`.
CREATE VIEW bi.attribution_credits AS
WITH interactions AS (
  SELECT 'companies'::text AS entity, i.company_id AS id, i.touchpoint_id, i.occurred_at, i.credit_first_touch,
         i.credit_last_touch, i.credit_first_touch_28d, i.credit_linear, i.credit_position_based, i.credit_time_decay
  FROM bi.company_interactions i
  UNION ALL
  SELECT 'contacts', COALESCE(c.contact_id, c.email), i.touchpoint_id, i.occurred_at, i.credit_first_touch,
         i.credit_last_touch, i.credit_first_touch_28d, i.credit_linear, i.credit_position_based, i.credit_time_decay
  FROM bi.contact_interactions i JOIN bi.contact_profile_metadata c ON c.email = i.email
)
SELECT i.entity, i.id, m.model, i.touchpoint_id, i.occurred_at, t.channel, t.source, t.medium, t.campaign, m.credit
FROM interactions i
JOIN bi.interaction_touchpoints t ON t.touchpoint_id = i.touchpoint_id
CROSS JOIN LATERAL (VALUES ('first_touch', i.credit_first_touch), ('last_touch', i.credit_last_touch),
  ('first_touch_28d', i.credit_first_touch_28d), ('linear', i.credit_linear), ('position_based', i.credit_position_based),
  ('time_decay', i.credit_time_decay)) AS m(model, credit)
WHERE m.credit IS NOT NULL;
