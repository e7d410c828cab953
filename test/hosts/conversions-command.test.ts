// `tributary conversions status`: per platform, counts by status and the reasons of failed and skipped uploads,
// grouped, most frequent first.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatStatus, summarise } from '../../src/hosts/cli/conversions-command.js';

describe('conversions status', () => {
  it('groups failed and skipped reasons per platform, most frequent first', () => {
    const status = summarise([
      { platform: 'meta', status: 'sent', reason: null, count: 4 },
      { platform: 'google_ads', status: 'skipped', reason: 'no gclid/gbraid/wbraid in the attribution', count: 7 },
      { platform: 'google_ads', status: 'skipped', reason: 'ads consent denied', count: 2 },
      { platform: 'google_ads', status: 'failed', reason: 'CLICK_NOT_FOUND: not found', count: 1 },
      { platform: 'google_ads', status: 'sent', reason: null, count: 12 },
      { platform: 'google_ads', status: 'pending', reason: 'HTTP 503: down', count: 3 },
    ]);
    assert.equal(formatStatus(status), [
      'google_ads: sent 12, failed 1, skipped 9, pending 3, dry_run 0',
      '  failed:',
      '         1  CLICK_NOT_FOUND: not found',
      '  skipped:',
      '         7  no gclid/gbraid/wbraid in the attribution',
      '         2  ads consent denied',
      'meta: sent 4, failed 0, skipped 0, pending 0, dry_run 0',
    ].join('\n'));
  });

  it('says so when nothing was recorded', () => {
    assert.match(formatStatus(summarise([])), /^no conversion uploads recorded/);
  });
});
