// How a consumer reads an AMQP message: an envelope of many messages or a single one, as integrators publish.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { MessageProperties } from 'amqplib';
import { decodeContent, ENVELOPE_CONTENT_TYPE } from '../../../src/adapters/rabbitmq/envelope.js';

const props = (p: Partial<MessageProperties>) => p as MessageProperties;
const envelope = props({ contentType: ENVELOPE_CONTENT_TYPE, messageId: 'envelope:1' });

describe('broker messages: envelopes and single messages', () => {
  it('an envelope yields its messages, in order, with their own ids', () => {
    const body = Buffer.from(JSON.stringify({ messages: [{ message_id: 'a', payload: { n: 1 } }, { message_id: 'b', payload: null }] }));
    assert.deepEqual(decodeContent(body, envelope), { ok: true, messages: [{ message_id: 'a', payload: { n: 1 } }, { message_id: 'b', payload: null }] });
  });

  it('a single message is identified by its message_id, else its event_id, else its content', () => {
    const event = Buffer.from(JSON.stringify({ event_id: 'e1', type: 'signup' }));
    assert.deepEqual(decodeContent(event, props({ messageId: 'm1' })), { ok: true, messages: [{ message_id: 'm1', payload: { event_id: 'e1', type: 'signup' } }] });
    assert.deepEqual(decodeContent(event, props({})), { ok: true, messages: [{ message_id: 'e1', payload: { event_id: 'e1', type: 'signup' } }] });
    const anonymous = Buffer.from('[1,2]');
    assert.deepEqual(decodeContent(anonymous, props({})), { ok: true, messages: [{ message_id: createHash('sha256').update(anonymous).digest('hex'), payload: [1, 2] }] });
  });

  it('says why it cannot read a message', () => {
    assert.match(String((decodeContent(Buffer.from('{oops'), props({})) as { error: string }).error), /not JSON/);
    assert.match(String((decodeContent(Buffer.from('{"items": []}'), envelope) as { error: string }).error), /\{"messages": \[\.\.\.\]\}/);
    assert.match(String((decodeContent(Buffer.from('{"messages": [{"payload": 1}]}'), envelope) as { error: string }).error), /string message_id/);
  });
});
