import { type Random, seeded } from "./random.js";

/** No one viewer holds more orders than this (a reseller would; a shop's biggest fans do not). */
export const MOST_ORDERS = 1_000;

/**
 * How many orders each viewer placed, adding up to exactly `orders`: a share of viewers never
 * bought, most buyers bought once or twice, and a long tail bought often (a Lomax tail). The
 * draws miss the total by chance; the difference is made up one order at a time on random buyers,
 * which favours no one. 2 bytes a viewer: a million viewers are 2 MB.
 */
export function orderCounts(viewers: number, orders: number, seed: number): Uint16Array {
  if (orders > viewers * MOST_ORDERS) throw new Error(`at most ${MOST_ORDERS} orders a viewer`);
  const random = seeded(seed ^ 0x5eed);
  const counts = new Uint16Array(viewers);
  if (viewers === 0 || orders === 0) return counts;
  const mean = orders / viewers;
  const buyerShare = Math.min(0.6, Math.max(0.05, mean / 3));
  // Lomax with shape 2 has mean `scale`; 1 + floor of it averages about scale + 0.5
  const scale = Math.max(0.2, mean / buyerShare - 1 + 0.5);
  let total = 0;
  for (let i = 0; i < viewers; i++) {
    if (random() >= buyerShare) continue;
    const tail = scale * ((1 - random()) ** -0.5 - 1);
    const n = Math.min(MOST_ORDERS, 1 + Math.floor(tail));
    counts[i] = n;
    total += n;
  }
  while (total !== orders) total += nudge(counts, random, total < orders ? 1 : -1);
  return counts;
}

/** One order more or less for a random viewer: more only for a buyer (now and then a new one), less for anyone. */
function nudge(counts: Uint16Array, random: Random, step: 1 | -1): number {
  const i = Math.floor(random() * counts.length);
  const n = counts[i] as number;
  if (step === 1 && n < MOST_ORDERS && (n > 0 || random() < 0.05)) {
    counts[i] = n + 1;
    return 1;
  }
  if (step === -1 && n > 0) {
    counts[i] = n - 1;
    return -1;
  }
  return 0;
}
