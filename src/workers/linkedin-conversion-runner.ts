// LinkedInConversionRunner (flow document, last stage): LinkedIn Conversions API events (li_fat_id). Bound to
// company_attribution_updated on its own queue, so a platform that is slow or down holds up no other worker.
import type { ConversionRules } from '../destinations/conversions/types.js';
import { createConversionRunner } from './steps/record-conversion-uploads.js';
import type { Worker } from '../ports/worker.js';

export function createLinkedInConversionRunner(rules: ConversionRules): Worker {
  return createConversionRunner('LinkedInConversionRunner', rules);
}
