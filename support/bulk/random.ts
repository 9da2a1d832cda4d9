/**
 * A small seeded generator (mulberry32): the same seed gives the same shop on any machine and
 * either database. Each chunk of viewers draws from its own stream, derived from the seed and the
 * chunk's number, so chunks may be generated in any order (or two at a time) with the same rows.
 */
export type Random = () => number;

export function seeded(seed: number): Random {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The stream for one part of the shop (a chunk's number, say), independent of the others. */
export function streamFor(seed: number, part: number): Random {
  return seeded(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(part + 1, 0xc2b2ae35));
}

/** A whole number in [min, max]. */
export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One of the items, each as likely as its weight. */
export function weighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let left = random() * total;
  for (const [item, weight] of items) {
    left -= weight;
    if (left < 0) return item;
  }
  return (items.at(-1) as readonly [T, number])[0];
}
