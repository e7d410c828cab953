import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { identityNodesOfEvent } from '../../../src/core/identity/event-nodes.js';
import { linksOfEvent } from '../../../src/core/identity/graph-walk.js';
import type { TributaryEvent } from '../../../src/core/events/types.js';

const base = { event_id: 'e1', ts: 1_700_000_000_000 };
const edgeCount = (event: TributaryEvent) => linksOfEvent(identityNodesOfEvent(event)).length;

describe('identityNodesOfEvent', () => {
  it('company_created carries company, creator email and client (3 edges), not referred_by', () => {
    const event: TributaryEvent = {
      ...base, type: 'company_created', company_id: 'k1', name: null, domain: null, email: 'a@x.io',
      client_id: 'c1', referred_by: 'k0',
    };
    assert.deepEqual(identityNodesOfEvent(event), ['company:k1', 'email:a@x.io', 'client:c1']);
    assert.equal(edgeCount(event), 3);
  });

  it('links the event types of the contract', () => {
    const cases: Array<[TributaryEvent, string[]]> = [
      [{ ...base, type: 'identify', client_id: 'c1', email: 'a@x.io' }, ['client:c1', 'email:a@x.io']],
      [{ ...base, type: 'form_submission', email: 'a@x.io', form_id: 'f', site: 'app', client_id: 'c1',
        session_id: null, page_url: null, fields: null }, ['email:a@x.io', 'client:c1']],
      [{ ...base, type: 'signup', company_id: 'k1', email: 'a@x.io', client_id: null }, ['company:k1', 'email:a@x.io']],
      [{ ...base, type: 'contact_created', contact_id: 'p1', email: 'a@x.io', client_id: 'c1' },
        ['email:a@x.io', 'client:c1']],
      [{ ...base, type: 'mobile_signup', device_id: 'd1', email: 'a@x.io', company_id: 'k1', campaign: null },
        ['device:d1', 'email:a@x.io', 'company:k1']],
      [{ ...base, type: 'mobile_event', device_id: 'd1', name: 'open', email: 'a@x.io', campaign: null },
        ['device:d1', 'email:a@x.io']],
      [{ ...base, type: 'call', call_id: 'k', email: 'a@x.io', client_id: 'c1', page_url: null, campaign: null,
        duration_s: null }, ['email:a@x.io', 'client:c1']],
    ];
    for (const [event, nodes] of cases) {
      assert.deepEqual(identityNodesOfEvent(event), nodes, event.type);
      assert.ok(edgeCount(event) >= 1, event.type);
    }
  });

  it('gives no edge where the contract lists none', () => {
    const cases: TributaryEvent[] = [
      { ...base, type: 'session', client_id: 'c1', session_id: 's', page_url: 'https://x.io/', referrer: null,
        user_agent: null, ip: null, consent: null, cookies: null },
      { ...base, type: 'hit', client_id: 'c1', session_id: 's', name: 'page_view', page_url: null, properties: null },
      { ...base, type: 'mobile_event', device_id: 'd1', name: 'open', email: null, campaign: null },
      { ...base, type: 'call', call_id: 'k', email: 'a@x.io', client_id: null, page_url: null, campaign: null,
        duration_s: null },
      { ...base, type: 'contact_created', contact_id: 'p1', email: 'a@x.io', client_id: null },
    ];
    for (const event of cases) assert.equal(edgeCount(event), 0, event.type);
  });
});
