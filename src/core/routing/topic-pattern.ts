// AMQP topic-exchange matching: words are separated by dots, `*` matches exactly one word and `#` zero or more.
// Compiled once per binding because routing runs for every published message.

export type TopicMatcher = (routingKey: string) => boolean;

export function compileTopicPattern(pattern: string): TopicMatcher {
  const words = pattern.split('.');
  if (!words.includes('#') && !words.includes('*')) return (key) => key === pattern;
  return (key) => matchWords(words, 0, key.split('.'), 0);
}

function matchWords(pattern: string[], p: number, key: string[], k: number): boolean {
  while (p < pattern.length) {
    const word = pattern[p];
    if (word === '#') {
      // `#` may swallow any number of words: try every split, shortest first.
      for (let skip = k; skip <= key.length; skip++) {
        if (matchWords(pattern, p + 1, key, skip)) return true;
      }
      return false;
    }
    if (k >= key.length) return false;
    if (word !== '*' && word !== key[k]) return false;
    p++;
    k++;
  }
  return k === key.length;
}
