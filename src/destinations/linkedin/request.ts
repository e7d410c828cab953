// LinkedIn Conversions API events, as pure functions.
//   POST {LINKEDIN_API_URL}/rest/conversionEvents
//   headers: Authorization: Bearer, LinkedIn-Version: YYYYMM, X-Restli-Protocol-Version: 2.0.0,
//            X-RestLi-Method: BATCH_CREATE with {"elements": [event...]}
// An event: conversion (the rule's URN), conversionHappenedAt (epoch ms), eventId, and user.userIds with
// SHA256_EMAIL and/or LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID (the li_fat_id click ID). A batch answers 200 with one
// {status} per element (201 when created); events more than 90 days old are refused.
import type { Millis } from '../../core/types.js';
import { hashEmail } from '../hash.js';
import { DAY_MS } from '../conversions/outcomes.js';
import { companyEventId, mayShareHashedEmail } from '../conversions/plan-upload.js';
import type { ConversionFacts } from '../conversions/types.js';

export const LINKEDIN_DEFAULT_URL = 'https://api.linkedin.com';
export const LINKEDIN_PATH = '/rest/conversionEvents';
/**
 * LinkedIn's marketing APIs are versioned monthly, each version supported at least a year
 * (https://learn.microsoft.com/en-us/linkedin/marketing/versioning). 202608 is the latest version the documentation
 * shows (https://learn.microsoft.com/en-us/linkedin/marketing/integrations/recent-changes, "August 2026 - Version
 * 202608 (Latest)"), supported until August 2027; 202609 could not be confirmed there. Its Conversions API changes
 * (202605: lead as sole identifier, 202607: SHA256_IP_ADDRESS) add options and change nothing this request uses.
 */
export const LINKEDIN_VERSION = '202608';
export const LINKEDIN_BATCH_LIMIT = 5000;
export const LINKEDIN_MAX_EVENT_AGE_MS = 90 * DAY_MS;

export interface UserId { idType: 'SHA256_EMAIL' | 'LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID'; idValue: string }
export interface ConversionEvent { conversion: string; conversionHappenedAt: Millis; eventId: string; user: { userIds: UserId[] } }


export function conversionEvent(facts: ConversionFacts, conversionUrn: string): ConversionEvent {
  const userIds: UserId[] = [];
  if (facts.email !== null && mayShareHashedEmail(facts.touchpoint)) userIds.push({ idType: 'SHA256_EMAIL', idValue: hashEmail(facts.email) });
  userIds.push({ idType: 'LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID', idValue: facts.click.value });
  return { conversion: conversionUrn, conversionHappenedAt: facts.converted_at, eventId: companyEventId(facts.company_id), user: { userIds } };
}

export interface LinkedinError { status?: number; serviceErrorCode?: number; code?: string; message?: string }

export function linkedinErrorReason(e: unknown, fallback: string): string {
  if (!e || typeof e !== 'object') return fallback;
  const err = e as LinkedinError;
  return `${err.code ?? `HTTP ${err.status ?? '?'}`}${err.serviceErrorCode ? ` ${err.serviceErrorCode}` : ''}: ${err.message ?? fallback}`;
}

/** One {status, error?} per element of a BATCH_CREATE answer. */
export function elementAnswers(body: unknown): Array<{ status?: number; error?: unknown }> {
  const elements = (body as { elements?: unknown } | null)?.elements;
  return Array.isArray(elements) ? (elements as Array<{ status?: number; error?: unknown }>) : [];
}
