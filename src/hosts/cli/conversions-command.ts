// `tributary conversions status`: per ad platform, how many uploads were sent, failed (with the platforms' reasons),
// skipped (with why), still pending, and recorded in dry run — read from bi.conversion_uploads.
import type { Config } from '../../app/config.js';
import { openStore } from '../../app/pipeline.js';
import { UPLOAD_STATUSES, type UploadStatus } from '../../destinations/conversions/types.js';
import { tallyUploads, type UploadTally } from '../../store/bi/conversion-uploads.js';
import { compareCodeUnits } from '../../core/text-order.js';

/** The order the issue lists them in: what happened first, then what is still to happen. */
const SHOWN: readonly UploadStatus[] = ['sent', 'failed', 'skipped', 'pending', 'dry_run'];

export interface PlatformStatus {
  platform: string;
  counts: Record<UploadStatus, number>;
  /** Reasons with their counts, most frequent first. */
  failed: Array<{ reason: string; count: number }>;
  skipped: Array<{ reason: string; count: number }>;
}

export async function runConversionsStatus(config: Config, opts: { json?: boolean } = {}): Promise<void> {
  const store = await openStore(config);
  try {
    const status = summarise(await tallyUploads(store));
    console.log(opts.json ? JSON.stringify(status, null, 2) : formatStatus(status));
  } finally {
    await store.close();
  }
}

export function summarise(tallies: readonly UploadTally[]): PlatformStatus[] {
  const byPlatform = new Map<string, PlatformStatus>();
  for (const t of tallies) {
    let p = byPlatform.get(t.platform);
    if (!p) {
      p = { platform: t.platform, counts: Object.fromEntries(UPLOAD_STATUSES.map((s) => [s, 0])) as Record<UploadStatus, number>, failed: [], skipped: [] };
      byPlatform.set(t.platform, p);
    }
    p.counts[t.status] += t.count;
    if (t.status === 'failed' || t.status === 'skipped') p[t.status].push({ reason: t.reason ?? '(no reason recorded)', count: t.count });
  }
  for (const p of byPlatform.values()) for (const list of [p.failed, p.skipped]) list.sort((a, b) => b.count - a.count || compareCodeUnits(a.reason, b.reason));
  return [...byPlatform.values()].sort((a, b) => compareCodeUnits(a.platform, b.platform));
}

export function formatStatus(status: readonly PlatformStatus[]): string {
  if (status.length === 0) return 'no conversion uploads recorded (no ad platform is configured, or no company has converted yet)';
  const lines: string[] = [];
  for (const p of status) {
    lines.push(`${p.platform}: ${SHOWN.map((s) => `${s} ${p.counts[s]}`).join(', ')}`);
    for (const kind of ['failed', 'skipped'] as const) {
      if (p[kind].length === 0) continue;
      lines.push(`  ${kind}:`);
      for (const r of p[kind]) lines.push(`    ${String(r.count).padStart(6)}  ${r.reason}`);
    }
  }
  return lines.join('\n');
}
