// What the collector adds to or refuses in an event from what it knows of the request.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { admitEvent, type RequestFacts } from '../../../src/hosts/http/admit-event.js';

const browser: RequestFacts = { principal: { kind: 'write', key: 'wk' }, ip: '203.0.113.77', userAgent: 'Mozilla/5.0 Test', anonymiseIp: false, secretKeysConfigured: false };
const backend: RequestFacts = { ...browser, principal: { kind: 'secret' } };
const session = { type: 'session', event_id: 's1', ts: 1, client_id: 'c', session_id: 's', page_url: 'https://a.example/' };

describe('collector: admitting an event', () => {
  it('a browser session without ip and user_agent gets the request\'s; one that carries them keeps its own', () => {
    assert.deepEqual(admitEvent(session, browser), { ok: true, event: { ...session, ip: '203.0.113.77', user_agent: 'Mozilla/5.0 Test' } });
    assert.deepEqual(admitEvent({ ...session, ip: null, user_agent: ' ' }, browser), { ok: true, event: { ...session, ip: '203.0.113.77', user_agent: 'Mozilla/5.0 Test' } });
    const own = { ...session, ip: '198.51.100.5', user_agent: 'Own/1.0' };
    assert.deepEqual(admitEvent(own, browser), { ok: true, event: own });
  });

  it('a backend\'s sessions (secret key) are taken as sent: the request is not the visitor', () => {
    assert.deepEqual(admitEvent(session, backend), { ok: true, event: session });
  });

  it('with anonymisation on, the address is anonymised before anything is written, wherever it came from', () => {
    const facts = { ...browser, anonymiseIp: true };
    assert.equal((admitEvent(session, facts) as { event: { ip: string } }).event.ip, '203.0.113.0');
    assert.equal((admitEvent({ ...session, ip: '2001:db8:85a3:8d3:1319:8a2e:370:7348' }, { ...backend, anonymiseIp: true }) as { event: { ip: string } }).event.ip, '2001:db8:85a3::');
    assert.equal((admitEvent({ ...session, ip: 'not-an-ip' }, facts) as { event: { ip: string } }).event.ip, 'not-an-ip', 'left for the validator to reject');
  });

  it('an over-long User-Agent header is not added (it would make the session invalid)', () => {
    const event = (admitEvent(session, { ...browser, userAgent: 'x'.repeat(5000) }) as { event: Record<string, unknown> }).event;
    assert.equal(event.user_agent, undefined);
  });

  it('once secret keys exist, conversions from a write key are refused with a reason; other types pass; a backend may send them', () => {
    const facts = { ...browser, secretKeysConfigured: true };
    for (const type of ['contact_created', 'company_created', 'signup', 'mobile_signup', 'call']) {
      const admitted = admitEvent({ type, event_id: `e-${type}` }, facts);
      assert.deepEqual(admitted, { ok: false, event_id: `e-${type}`, reason: `type: ${type} is a server-side event: send it with a secret key (Authorization: Bearer <key>), not a write key` });
      assert.equal(admitEvent({ type }, { ...backend, secretKeysConfigured: true }).ok, true);
      assert.equal(admitEvent({ type }, browser).ok, true, 'without secret keys nothing is restricted');
    }
    for (const type of ['session', 'hit', 'identify', 'form_submission', 'mobile_event']) assert.equal(admitEvent({ type }, facts).ok, true, type);
  });

  it('ad_spend is refused from a write key even where no keys are configured, and taken from a secret key', () => {
    const spend = { type: 'ad_spend', event_id: 'sp1', ts: 1, date: '2026-03-01', source: 'google', medium: 'cpc', cost: 10, currency: 'USD' };
    for (const facts of [browser, { ...browser, principal: { kind: 'write' as const, key: null } }, { ...browser, secretKeysConfigured: true }]) {
      const refused = admitEvent(spend, facts);
      assert.equal(refused.ok, false);
      assert.equal((refused as { event_id: string }).event_id, 'sp1');
      assert.match((refused as { reason: string }).reason, /^type: ad_spend is accepted from a secret key only/);
    }
    assert.deepEqual(admitEvent(spend, backend), { ok: true, event: spend });
  });

  it('anything that is not an event object goes to the validator untouched', () => {
    for (const raw of [null, 'text', 42, [session]]) assert.deepEqual(admitEvent(raw, browser), { ok: true, event: raw });
  });
});
