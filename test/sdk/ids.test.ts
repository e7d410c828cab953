// Client-side event ids: valid v4 UUIDs with or without crypto.randomUUID (absent outside secure contexts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { uuid } from '../../src/sdk/ids.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('SDK ids', () => {
  it('are v4 UUIDs, from randomUUID or from random bytes when it is missing', () => {
    assert.match(uuid(), V4);
    // An own property shadows Crypto.prototype.randomUUID, as a browser outside a secure context lacks it.
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 1000 }, () => uuid()));
      assert.equal(ids.size, 1000);
      for (const id of ids) assert.match(id, V4);
    } finally {
      delete (globalThis.crypto as { randomUUID?: unknown }).randomUUID;
    }
    assert.match(uuid(), V4, 'randomUUID is back');
  });
});
