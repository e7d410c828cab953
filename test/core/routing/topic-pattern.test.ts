// AMQP topic-exchange semantics: `*` is exactly one word, `#` zero or more, anything else is a literal word.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileTopicPattern } from '../../../src/core/routing/topic-pattern.js';

function check(pattern: string, matching: readonly string[], notMatching: readonly string[]): void {
  const matches = compileTopicPattern(pattern);
  for (const key of matching) assert.equal(matches(key), true, `${pattern} should match ${JSON.stringify(key)}`);
  for (const key of notMatching) assert.equal(matches(key), false, `${pattern} should not match ${JSON.stringify(key)}`);
}

/**
 * The reference: a regular expression over the key with a dot before every word (`a.b` → `.a.b`), so `#` can take
 * zero words without leaving a dangling separator behind.
 */
function referenceMatch(pattern: string, key: string): boolean {
  const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const source = pattern.split('.').map((w) => (w === '#' ? '(?:\\.[^.]*)*' : w === '*' ? '\\.[^.]*' : `\\.${escape(w)}`)).join('');
  return new RegExp(`^${source}$`).test(key.split('.').map((w) => `.${w}`).join(''));
}

describe('compileTopicPattern', () => {
  it('matches a pattern without wildcards only to the identical key', () => {
    check('event_hit', ['event_hit'], ['event_hit.page_view', 'event_hi', 'Event_hit', '', 'x.event_hit']);
    check('event_hit.page_view', ['event_hit.page_view'], ['event_hit', 'event_hit.page_view.x', 'event_hit.page']);
  });

  it('treats `*` as exactly one word', () => {
    check('event_hit.*', ['event_hit.page_view', 'event_hit.click'], ['event_hit', 'event_hit.a.b', 'other.page_view', 'page_view']);
    check('*', ['signup', 'a'], ['a.b', 'a.b.c']);
    check('*.created', ['company.created', 'contact.created'], ['created', 'a.b.created', 'company.created.x']);
    check('a.*.z', ['a.b.z', 'a.mid.z'], ['a.z', 'a.b.c.z', 'a.b.z.z', 'b.b.z']);
    check('*.*', ['a.b'], ['a', 'a.b.c']);
  });

  it('treats `#` as zero or more words', () => {
    check('event_hit.#', ['event_hit', 'event_hit.a', 'event_hit.a.b', 'event_hit.a.b.c'], ['event_hi', 'other', 'other.event_hit', 'x.event_hit.a']);
    check('#', ['', 'a', 'a.b', 'event_hit.page_view', 'a.b.c.d.e'], []);
    check('a.#.z', ['a.z', 'a.b.z', 'a.b.c.z', 'a.z.z'], ['a', 'z', 'a.b', 'b.z', 'a.z.b', 'a.b.z.c']);
    check('#.z', ['z', 'a.z', 'a.b.z'], ['z.a', 'a', 'za']);
    check('#.#', ['', 'a', 'a.b'], []);
  });

  it('combines `*` and `#`', () => {
    check('*.#', ['a', 'a.b', 'a.b.c'], []);
    check('#.*', ['a', 'a.b', 'a.b.c'], []);
    check('*.#.*', ['a.b', 'a.b.c', 'a.b.c.d'], ['a']);
    check('#.b.*', ['b.c', 'a.b.c', 'x.y.b.c'], ['b', 'a.b', 'a.b.c.d']);
    check('event_hit.*.#', ['event_hit.page_view', 'event_hit.page_view.mobile'], ['event_hit', 'signup.page_view']);
  });

  it('takes wildcards only as whole words, as RabbitMQ does', () => {
    check('event_hit*', ['event_hit*'], ['event_hit', 'event_hitx', 'event_hit.x']);
    check('event_hit#', ['event_hit#'], ['event_hit', 'event_hit.x']);
    check('a*.b', ['a*.b'], ['ax.b']);
  });

  it('treats an empty word as a word', () => {
    check('a.*.b', ['a..b'], ['a.b']);
    check('a.#', ['a.', 'a..'], []);
  });

  it('agrees with a regular-expression reference on random patterns and keys', () => {
    const word = fc.constantFrom('a', 'b', 'c');
    const patternWord = fc.oneof({ arbitrary: word, weight: 3 }, { arbitrary: fc.constantFrom('*', '#'), weight: 2 });
    const pattern = fc.array(patternWord, { minLength: 1, maxLength: 6 }).map((ws) => ws.join('.'));
    const key = fc.array(fc.oneof({ arbitrary: word, weight: 9 }, { arbitrary: fc.constant(''), weight: 1 }), { minLength: 1, maxLength: 7 })
      .map((ws) => ws.join('.'));
    fc.assert(fc.property(pattern, key, (p, k) => compileTopicPattern(p)(k) === referenceMatch(p, k)), { numRuns: 5000 });
  });

  it('matches keys generated from the pattern itself', () => {
    // A key built by replacing `*` with one word and `#` with any number of words always matches.
    const word = fc.constantFrom('a', 'b', 'c', 'event_hit', 'page_view');
    const patternWord = fc.oneof(word, fc.constantFrom('*', '#'));
    const sample = fc.array(patternWord, { minLength: 1, maxLength: 6 }).chain((ws) =>
      fc.tuple(fc.constant(ws), fc.tuple(...ws.map((w) => (w === '*' ? word.map((x) => [x]) : w === '#' ? fc.array(word, { maxLength: 3 }) : fc.constant([w]))))));
    fc.assert(fc.property(sample, ([ws, parts]) => {
      const keyWords = parts.flat();
      fc.pre(keyWords.length > 0); // an all-`#` pattern can produce no word at all; `''` is one (empty) word
      return compileTopicPattern(ws.join('.'))(keyWords.join('.'));
    }), { numRuns: 2000 });
  });
});
