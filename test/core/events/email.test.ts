import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normaliseEmail } from '../../../src/core/events/topics.js';
import { validateEvent } from '../../../src/core/events/validate.js';

describe('normaliseEmail', () => {
  it('trims and lower-cases', () => {
    assert.equal(normaliseEmail('  Ann.Lee@Example.COM \n'), 'ann.lee@example.com');
    assert.equal(normaliseEmail('ANN@EXAMPLE.COM'), 'ann@example.com');
    assert.equal(normaliseEmail('\u00a0ann@example.com\ufeff'), 'ann@example.com');
  });

  it('accepts ordinary and less ordinary valid addresses', () => {
    for (const email of ['a@b.co', "o'brien+tag@example.co.uk", 'first.last@sub.example.com', 'x_y-z@my-domain.io',
      'weird!#$%&*/=?^`{|}~@example.com', '1234@example.com', 'user@xn--bcher-kva.example', 'josé@exämple.de',
      'a@b.c', `${'l'.repeat(64)}@example.com`]) {
      assert.equal(normaliseEmail(email), email, email);
    }
  });

  it('rejects what is not an address', () => {
    for (const email of ['', '   ', 'not-an-email', '@example.com', 'ann@', 'ann@example', 'ann@@example.com',
      'ann@b@example.com', 'ann lee@example.com', 'ann@exa mple.com', 'ann\t@example.com', '.ann@example.com',
      'ann.@example.com', 'a..nn@example.com', 'ann@.example.com', 'ann@example.com.', 'ann@example..com',
      'ann@-example.com', 'ann@example-.com', 'ann@exa_mple.com', '"ann"@example.com', 'ann@[192.0.2.1]',
      'ann@192.0.2.1', 'ann(comment)@example.com', 'ann@example.com>', '<ann@example.com>', 'ann,bob@example.com',
      'ann\u0000@example.com', 'ann\u2028@example.com', 'a\u3000b@example.com', 'ann\ud800@example.com',
      `${'l'.repeat(65)}@example.com`, `ann@${'d'.repeat(64)}.com`, "'; DROP TABLE x; --@example.com",
      '<script>@example.com']) {
      assert.equal(normaliseEmail(email), null, JSON.stringify(email));
    }
  });

  it('is at most 254 characters', () => {
    const domain = `${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(63)}.com`; // 195 characters
    const at254 = `${'l'.repeat(254 - 1 - domain.length)}@${domain}`;
    assert.equal(at254.length, 254);
    assert.equal(normaliseEmail(at254), at254);
    assert.equal(normaliseEmail(`l${at254}`), null);
  });

  it('is idempotent, and its output has no upper case or outer space', () => {
    fc.assert(fc.property(fc.oneof(fc.emailAddress(), fc.string()), (s) => {
      const once = normaliseEmail(s);
      if (once === null) return;
      assert.equal(normaliseEmail(once), once);
      assert.equal(once, once.trim().toLowerCase());
    }), { numRuns: 2000 });
  });

  it('accepts addresses fast-check generates as valid, normalised', () => {
    fc.assert(fc.property(fc.emailAddress(), (email) => {
      // fast-check's generator follows RFC 1123/5322 but allows a 1-character TLD and all-digit labels; both
      // pass here except an all-digit last label, which this check treats as an IP address.
      if (/\.\d+$/.test(email) || email.length > 254) return;
      assert.equal(normaliseEmail(` ${email.toUpperCase()} `), email.toLowerCase());
    }), { numRuns: 2000 });
  });

  it('never throws, even when misused', () => {
    assert.equal(normaliseEmail(42 as unknown as string), null);
    assert.equal(normaliseEmail(null as unknown as string), null);
  });
});

describe('emails in events', () => {
  const base = { event_id: 'e', ts: '2026-03-01T10:00:00Z' };

  it('required emails are normalised, and invalid ones rejected naming the field and value', () => {
    const result = validateEvent({ ...base, type: 'signup', company_id: 'co', email: ' Ann@Example.com ' });
    assert.ok(result.ok);
    assert.equal((result.event as { email: string }).email, 'ann@example.com');
    assert.deepEqual(validateEvent({ ...base, type: 'signup', company_id: 'co', email: 'not-an-email' }), {
      ok: false, event_id: 'e', reason: 'email: "not-an-email" is not a valid email address',
    });
    assert.deepEqual(validateEvent({ ...base, type: 'identify', client_id: 'c', email: '  ' }), {
      ok: false, event_id: 'e', reason: 'email: must not be empty',
    });
    assert.deepEqual(validateEvent({ ...base, type: 'contact_created', contact_id: 'k', email: ['a@b.co'] }), {
      ok: false, event_id: 'e', reason: 'email: must be a string (got array)',
    });
  });

  it('each event type with a required email rejects an invalid one', () => {
    const events = [
      { type: 'identify', client_id: 'c' }, { type: 'form_submission', form_id: 'f', site: 'app' },
      { type: 'contact_created', contact_id: 'k' }, { type: 'signup', company_id: 'co' },
      { type: 'mobile_signup', device_id: 'd' },
    ];
    for (const event of events) {
      assert.equal((validateEvent({ ...base, ...event, email: 'ann@' }) as { reason: string }).reason,
        'email: "ann@" is not a valid email address', event.type);
    }
  });

  it('optional emails: absent, null or blank is null; invalid is still rejected', () => {
    for (const event of [{ type: 'company_created', company_id: 'co' }, { type: 'mobile_event', device_id: 'd', name: 'x' },
      { type: 'call', call_id: 'k' }]) {
      for (const email of [undefined, null, '', '  ']) {
        const result = validateEvent({ ...base, ...event, email });
        assert.ok(result.ok, event.type);
        assert.equal((result.event as { email: unknown }).email, null);
      }
      const ok = validateEvent({ ...base, ...event, email: 'Ann@Example.com' });
      assert.ok(ok.ok);
      assert.equal((ok.event as { email: unknown }).email, 'ann@example.com');
      assert.equal((validateEvent({ ...base, ...event, email: 'bad email@x.com' }) as { reason: string }).reason,
        'email: "bad email@x.com" is not a valid email address', event.type);
    }
  });
});
