// Does a presented key equal one of the configured ones? Compared as SHA-256 digests in constant time, against every
// key, so the answer's timing says nothing about which key or how much of a guess was right.
import { createHash, timingSafeEqual } from 'node:crypto';

export const keyDigest = (text: string): Buffer => createHash('sha256').update(text).digest();

export function keyMatcher(keys: readonly string[]): (candidate: string) => boolean {
  const digests = keys.map(keyDigest);
  return (candidate) => {
    const d = keyDigest(candidate);
    return digests.reduce((found, k) => timingSafeEqual(k, d) || found, false);
  };
}
