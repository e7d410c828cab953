// The `markov` channel model of CONTRACT section 9: a first-order absorbing Markov chain over channel paths and each
// channel's removal effect, solved exactly.
//
// States: start, one per channel, and the absorbing conversion and null. A path adds conversions + nulls to each of
// its transitions start -> c1 -> ... -> ck, its conversions to ck -> conversion and its nulls to ck -> null; a
// transition's probability is its weight over its state's outgoing weight (Anderl, Becker, von Wangenheim, Schumann,
// "Mapping the customer journey: Lessons learned from graph-based online attribution modeling", IJRM 2016;
// the worked example in http://analyzecore.com/2016/08/03/attribution-model-r-part-1/).
//
// With Q the transitions among channels, G = (I - Q)^-1 the expected visits, h = G r the probability of converting
// from each channel (r: its direct conversion probability) and s the start's transitions, P = s.h. Removing x sends
// x's outgoing mass to null, so exactly the journeys that visit x lose their conversions:
//   P(without x) = P - f_x h_x,  f_x = (s G)_x / G_xx  (the probability that a journey from start visits x),
// and RE(x) = 1 - P(without x) / P = f_x h_x / P: one inversion for every channel at once, instead of one solve per
// removal. REv(x) is the same with expected value: conversion from ck is worth the mean value of the conversions
// whose paths end in ck.
import { channelPath, type PathRecord } from './channel-paths.js';
import { invert } from './linear-system.js';

export interface MarkovResult {
  /** Probability of conversion from start, and the expected value of a journey. */
  conversionProbability: number;
  expectedValue: number;
  channels: Array<{ channel: string; removalEffect: number; valueRemovalEffect: number; conversions: number; value: number }>;
}

export function markov(paths: readonly PathRecord[]): MarkovResult {
  const chains = paths.map((p) => ({ ...p, channels: channelPath(p.channels) }))
    .filter((p) => p.channels.length > 0 && p.conversions + p.nulls > 0);
  const names = [...new Set(chains.flatMap((p) => p.channels))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const n = names.length;
  const index = new Map(names.map((c, i) => [c, i]));
  const between = new Float64Array(n * n); // transition weights channel -> channel
  const fromStart = new Float64Array(n);
  const toConversion = new Float64Array(n);
  const outgoing = new Float64Array(n);
  const valueEnding = new Float64Array(n);
  let totalConversions = 0, totalValue = 0;
  for (const p of chains) {
    const w = p.conversions + p.nulls;
    const ids = p.channels.map((c) => index.get(c)!);
    fromStart[ids[0]!]! += w;
    for (let i = 0; i + 1 < ids.length; i++) { between[ids[i]! * n + ids[i + 1]!]! += w; outgoing[ids[i]!]! += w; }
    const last = ids[ids.length - 1]!;
    toConversion[last]! += p.conversions;
    outgoing[last]! += p.conversions + p.nulls;
    valueEnding[last]! += p.value;
    totalConversions += p.conversions;
    totalValue += p.value;
  }
  const startTotal = fromStart.reduce((a, b) => a + b, 0);

  // I - Q, and the one-step conversion probability and reward of each channel.
  const a = new Float64Array(n * n);
  const r = new Float64Array(n), rv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i * n + i] = 1;
    for (let j = 0; j < n; j++) a[i * n + j]! -= between[i * n + j]! / outgoing[i]!;
    r[i] = toConversion[i]! / outgoing[i]!;
    rv[i] = toConversion[i]! > 0 ? r[i]! * (valueEnding[i]! / toConversion[i]!) : 0;
  }
  const g = n > 0 ? invert(a, n) : a;
  const h = new Float64Array(n), hv = new Float64Array(n), visits = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      h[i]! += g[i * n + j]! * r[j]!;
      hv[i]! += g[i * n + j]! * rv[j]!;
      visits[j]! += (fromStart[i]! / startTotal) * g[i * n + j]!;
    }
  }
  let p = 0, ev = 0;
  for (let i = 0; i < n; i++) { p += (fromStart[i]! / startTotal) * h[i]!; ev += (fromStart[i]! / startTotal) * hv[i]!; }

  const effects = names.map((channel, x) => {
    const reach = visits[x]! / g[x * n + x]!;
    return { channel, removalEffect: p > 0 ? (reach * h[x]!) / p : 0, valueRemovalEffect: ev > 0 ? (reach * hv[x]!) / ev : 0 };
  });
  const sumRe = effects.reduce((s, e) => s + e.removalEffect, 0);
  const sumRev = effects.reduce((s, e) => s + e.valueRemovalEffect, 0);
  return {
    conversionProbability: p,
    expectedValue: ev,
    channels: effects.map((e) => ({
      ...e,
      conversions: sumRe > 0 ? (totalConversions * e.removalEffect) / sumRe : 0,
      value: sumRev > 0 ? (totalValue * e.valueRemovalEffect) / sumRev : 0,
    })),
  };
}

/** The removal effect of one channel; 0 for a channel the paths never name (removing it changes nothing). */
export function removalEffect(result: MarkovResult, channel: string): number {
  return result.channels.find((c) => c.channel === channel)?.removalEffect ?? 0;
}
