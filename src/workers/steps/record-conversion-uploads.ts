// The conversion workers' one step: for each company whose attribution was announced, decide what this ad platform
// gets (an upload, or a skip with its reason) and record it in bi.conversion_uploads, in the handler's
// transaction. Nothing is sent here: the platform's deliverer sends the pending rows afterwards.
import { z } from 'zod';
import { candidateTouchpoints, planUpload } from '../../destinations/conversions/plan-upload.js';
import type { ConversionRules } from '../../destinations/conversions/types.js';
import type { Sql } from '../../ports/sql.js';
import { loadCompanyAttributions } from '../../store/bi/attribution-results.js';
import { creatorEmails, loadConversionTouchpoints } from '../../store/bi/conversion-facts.js';
import { companiesWithUpload, recordPlannedUploads } from '../../store/bi/conversion-uploads.js';
import { Topic } from '../topics.js';
import type { Worker } from '../../ports/worker.js';
import { decodePayloads } from './decode-messages.js';

/** Only the company is read from the announcement: the rest comes from the store (see below). */
const CompanyAttributionUpdated = z.object({ company_id: z.string().min(1) });

export function createConversionRunner(name: string, rules: ConversionRules): Worker {
  return {
    name,
    queue: `conversions_${rules.platform}`,
    bindings: [Topic.companyAttributionUpdated],
    async handle(batch, { tx }) {
      const updates = await decodePayloads(tx, batch, CompanyAttributionUpdated, name);
      await recordConversionUploads(tx, rules, updates.map((u) => u.company_id));
    },
  };
}

export async function recordConversionUploads(tx: Sql, rules: ConversionRules, companyIds: readonly string[]): Promise<void> {
  const ids = [...new Set(companyIds)];
  // Decided for good already (pending, sent, failed, dry run): a later attribution change sends nothing again.
  const decided = await companiesWithUpload(tx, rules.platform, rules.conversion_action, ids);
  const todo = ids.filter((id) => !decided.has(id));
  if (todo.length === 0) return;
  // The stored attribution rather than the message's copy: a redelivered or reordered announcement still sees the
  // latest result.
  const attributions = await loadCompanyAttributions(tx, todo);
  const touchpointIds = new Set(attributions.flatMap((a) => candidateTouchpoints(a).map((r) => r.touchpoint_id)));
  const touchpoints = await loadConversionTouchpoints(tx, [...touchpointIds]);
  const emails = await creatorEmails(tx, todo);
  await recordPlannedUploads(tx, attributions.map((a) => planUpload(rules, a, touchpoints, emails.get(a.company_id) ?? null)));
}
