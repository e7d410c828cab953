// The vocabulary shared by the four offline-conversion destinations (Google Ads, Meta, Microsoft Advertising,
// LinkedIn). Each platform supplies two small things: its rules (which click ID it takes, how its request looks) for
// the conversion worker, and its sender (batches, HTTP, per-row answers) for the deliverer. Everything else — once per
// company, retries, dry run, the bookkeeping in bi.conversion_uploads — is shared.
import type { Millis } from '../../core/types.js';

export const CONVERSION_PLATFORMS = ['google_ads', 'meta', 'microsoft_ads', 'linkedin'] as const;
export type ConversionPlatform = (typeof CONVERSION_PLATFORMS)[number];

export const UPLOAD_STATUSES = ['pending', 'sent', 'failed', 'skipped', 'dry_run'] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];

/** A touchpoint as the conversion workers read it: its click IDs, Meta's cookies, consent, and its visit. */
export interface ConversionTouchpoint {
  touchpoint_id: string;
  occurred_at: Millis;
  click_ids: Readonly<Record<string, string>>;
  fbp: string | null;
  fbc: string | null;
  /** The session's ads consent: false means nothing is uploaded from this touchpoint. */
  ads_consent: boolean | null;
  /** From the visit, when the touchpoint is one (what Meta matches besides the click). */
  ip: string | null;
  user_agent: string | null;
}

export interface ClickRef { type: string; value: string }

/** What one upload is built from. The email is the company creator's, normalised; request builders hash it. */
export interface ConversionFacts {
  company_id: string;
  converted_at: Millis;
  touchpoint: ConversionTouchpoint;
  click: ClickRef;
  email: string | null;
}

/** A platform's rules for turning a company's attribution into an upload. Pure; built once from configuration. */
export interface ConversionRules {
  platform: ConversionPlatform;
  /** The key the upload is recorded under, with the company: at most one upload per company and action. */
  conversion_action: string;
  /** This platform's click ID on the touchpoint, or null when it carries none. */
  clickOf(touchpoint: ConversionTouchpoint): ClickRef | null;
  /** Why a company whose attribution carries none of this platform's click IDs is skipped. */
  no_click_reason: string;
  /** The longest time from click to conversion the platform accepts, and the reason given past it. */
  click_window?: { ms: number; reason: string };
  /** This upload's part of the API request (one conversion or event). Identifiers in it are hashed. */
  buildRequest(facts: ConversionFacts): unknown;
}

/** What a conversion worker records for a company: something to send, or why there is nothing. */
export interface PlannedUpload {
  platform: ConversionPlatform;
  company_id: string;
  conversion_action: string;
  status: 'pending' | 'skipped';
  reason: string | null;
  request: unknown;
  touchpoint_id: string | null;
  click_at: Millis | null;
  converted_at: Millis;
}

/** A pending upload, as the deliverer claims it. */
export interface UploadRow {
  company_id: string;
  conversion_action: string;
  request: unknown;
  attempts: number;
  click_at: Millis | null;
  converted_at: Millis | null;
}

/** The platform's answer about one row of a batch. */
export type RowOutcome =
  | { kind: 'sent'; response: unknown }
  /**
   * Refused for good. `isolate`: the platform refused the whole batch for something a single row may carry, so the
   * deliverer sends that batch's rows one by one to find it instead of failing the good rows with it.
   */
  | { kind: 'failed'; reason: string; response: unknown; isolate?: boolean }
  | { kind: 'retry'; reason: string; response: unknown; retry_after_ms: number | null };

/** A platform's sending side: batch size, age limits at upload time, and one HTTP call per batch. */
export interface PlatformSender {
  platform: ConversionPlatform;
  /** The most rows the API takes in one request. */
  batch_size: number;
  /** Why the platform would refuse this row if it were sent at `now` (too old); null when it would not. */
  tooOld(row: UploadRow, now: Millis): string | null;
  /** Sends one batch; answers one outcome per request, in order. Never throws for an API or network failure. */
  send(requests: readonly unknown[]): Promise<RowOutcome[]>;
  /**
   * Where the API has a validate-only mode: has it check one batch without acting on it ('sent' meaning it would be
   * taken). Dry run then records what the platform would say.
   */
  validate?(requests: readonly unknown[]): Promise<RowOutcome[]>;
}
