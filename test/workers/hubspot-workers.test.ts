// HubspotCompanyAggregatorWorker and HubspotContactProfileUpdater: they only record, in their transaction, which
// records need a HubSpot sync; nothing is sent until the deliverer runs (not at all here).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OutgoingMessage } from '../../src/ports/bus.js';
import { openTestPipeline } from '../support/pipeline.js';

describe('HubSpot workers', () => {
  it('coalesce updates into one pending row per record, and keep payloads that do not validate as rejected', async () => {
    const p = await openTestPipeline({ destinations: { HUBSPOT_ACCESS_TOKEN: 'pat-na1-test', HUBSPOT_API_URL: 'http://127.0.0.1:9' } });
    try {
      const publish = (messages: OutgoingMessage[]) => p.bus.transaction(async (_tx, pub) => { for (const m of messages) pub(m); });
      const company = (id: string, n: number): OutgoingMessage => ({ topic: 'company_attribution_updated', message_id: `cu-${id}-${n}`, payload: { company_id: id, previous: null, current: {} } });
      await publish([company('w1', 1), company('w1', 2), company('w2', 1)]);
      await p.bus.runUntilIdle();
      await publish([company('w1', 3),
        { topic: 'contact_attribution_updated', message_id: 'ct-1', payload: { contact_id: 'ct-1', email: 'dinesh@acme.com', previous: null, current: {} } },
        { topic: 'contact_attribution_updated', message_id: 'ct-bad', payload: { contact_id: 'ct-2' } }]);
      await p.bus.runUntilIdle();

      const { rows } = await p.store.query<{ object_type: string; entity_id: string; status: string; version: string | number }>(
        'SELECT object_type, entity_id, status, version FROM bi.hubspot_sync ORDER BY object_type, entity_id');
      assert.deepEqual(rows.map((r) => [r.object_type, r.entity_id, r.status]),
        [['companies', 'w1', 'pending'], ['companies', 'w2', 'pending'], ['contacts', 'dinesh@acme.com', 'pending']]);
      assert.ok(Number(rows[0]!.version) >= 2, 'later updates move the version of the one pending row');
      const rejected = await p.store.query<{ event_id: string; reason: string; source: string }>('SELECT event_id, reason, source FROM bi.rejected_events');
      assert.deepEqual(rejected.rows.map((r) => [r.event_id, r.source]), [['ct-bad', 'bus:HubspotContactProfileUpdater']]);
      assert.match(rejected.rows[0]!.reason, /email/);
    } finally {
      await p.close();
    }
  });
});
