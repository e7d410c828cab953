-- Offline-conversion uploads to the ad platforms (Google Ads, Meta, Microsoft Advertising, LinkedIn). A conversion
-- worker decides, in its transaction, what a company's attribution gives each platform and records it here; the
-- platform's deliverer sends the pending rows later, outside any transaction, and records the answer.

-- One row per (platform, company, conversion action): the primary key is what makes an upload happen at most once.
CREATE TABLE bi.conversion_uploads (
  -- google_ads, meta, microsoft_ads, linkedin.
  platform          text NOT NULL,
  company_id        text NOT NULL,
  -- The platform's name for what converted: Google's conversion action resource name, Meta's event name,
  -- Microsoft's offline conversion goal name, LinkedIn's conversion rule URN.
  conversion_action text NOT NULL,
  -- pending: waits to be sent (or retried); sent: the platform accepted it; failed: refused, or given up on (see
  -- reason); skipped: nothing to send (see reason); dry_run: `request` is what would have been sent.
  status            text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped', 'dry_run')),
  reason            text,
  -- This row's part of the API request (one conversion / event), hashed identifiers only; and the platform's answer
  -- about it.
  request           jsonb,
  response          jsonb,
  attempts          integer NOT NULL DEFAULT 0,
  next_attempt_at   timestamptz,
  -- The touchpoint whose click ID the upload carries, when the click happened and when the company converted: the
  -- platforms refuse clicks and conversions past their windows, counted at upload time.
  touchpoint_id     text,
  click_at          timestamptz,
  converted_at      timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  sent_at           timestamptz,
  PRIMARY KEY (platform, company_id, conversion_action)
);
CREATE INDEX conversion_uploads_due_idx ON bi.conversion_uploads (platform, next_attempt_at) WHERE status IN ('pending', 'dry_run');

-- The conversion APIs take the visitor's user agent (Meta's client_user_agent), which the visit kept only parsed.
ALTER TABLE bi.visits ADD COLUMN user_agent text;
