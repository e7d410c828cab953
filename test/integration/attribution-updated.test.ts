// DESIGN: a `*_updated` event is published only when the result changed, and carries the previous and the new result.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from '../../src/ports/bus.js';
import { ev, ingest, openTestPipeline } from '../support/pipeline.js';

async function withListener() {
  const p = await openTestPipeline();
  const received: Message[] = [];
  p.bus.register({
    name: 'TestListener', queue: 'test_listener',
    bindings: ['company_attribution_updated', 'contact_attribution_updated'],
    async handle(batch) { received.push(...batch); },
  });
  return { p, received };
}

describe('attribution updates', () => {
  it('announces a new company result once, then a change with previous and current, and nothing when unchanged', async () => {
    const { p, received } = await withListener();
    try {
      // The visit is recorded before the company arrives. (Sent together to many worker processes, the company can be
      // attributed before its visit's touchpoint is stored, and is then announced twice: unattributed, then with
      // its first touch. Both announcements are right at their time; this test is about the one after the other.)
      await ingest(p, [ev.session({ event_id: 'u-s1', ts: '2026-03-01T09:00:00Z', client_id: 'uc1', page_url: 'https://www.acme.com/?utm_source=newsletter&utm_medium=email' })]);
      await ingest(p, [ev.company({ event_id: 'u-co', ts: '2026-03-01T10:00:00Z', company_id: 'uco1', client_id: 'uc1' })]);
      const companyUpdates = () => received.filter((m) => m.topic === 'company_attribution_updated' && (m.payload as any).company_id === 'uco1');
      assert.equal(companyUpdates().length, 1);
      const first = companyUpdates()[0]!.payload as any;
      assert.equal(first.previous, null);
      assert.equal(first.current.first_touch.channel, 'email');

      // A late, earlier paid touchpoint changes first_touch: one update, with the old value as `previous`.
      await ingest(p, [ev.session({ event_id: 'u-s0', ts: '2026-02-27T09:00:00Z', client_id: 'uc1', page_url: 'https://www.acme.com/?gclid=late' })]);
      assert.equal(companyUpdates().length, 2);
      const second = companyUpdates()[1]!.payload as any;
      assert.equal(second.previous.first_touch.channel, 'email');
      assert.equal(second.current.first_touch.click_id.value, 'late');
      assert.equal(second.current.last_touch.channel, 'email');

      // A touchpoint after the conversion changes no model: no update.
      await ingest(p, [ev.session({ event_id: 'u-s2', ts: '2026-03-05T09:00:00Z', client_id: 'uc1', page_url: 'https://www.acme.com/?gclid=after' })]);
      assert.equal(companyUpdates().length, 2);
    } finally {
      await p.close();
    }
  });

  it('announces contact results with the contact id and email', async () => {
    const { p, received } = await withListener();
    try {
      await ingest(p, [
        ev.session({ event_id: 'u-s9', ts: '2026-03-01T09:00:00Z', client_id: 'uc9', page_url: 'https://www.acme.com/?msclkid=m9' }),
        ev.contact({ event_id: 'u-ct', ts: '2026-03-01T09:30:00Z', contact_id: 'ct-9', email: 'Nine@Acme.com', client_id: 'uc9' }),
      ]);
      // Embedded, one announcement; with workers running in parallel (RabbitMQ) the contact may first be announced
      // before its touchpoint is stored, then again: what matters is that the last one is right.
      const updates = received.filter((m) => m.topic === 'contact_attribution_updated');
      assert.ok(updates.length >= 1);
      assert.equal((updates[0]!.payload as any).previous, null);
      const u = updates[updates.length - 1]!.payload as any;
      assert.equal(u.contact_id, 'ct-9');
      assert.equal(u.email, 'nine@acme.com');
      assert.equal(u.current.first_touch.source, 'bing');
    } finally {
      await p.close();
    }
  });
});
