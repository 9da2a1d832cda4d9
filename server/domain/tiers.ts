import type { TierConfig, TierStatus } from "../../protocol/index.js";

/** The tier a growth value reaches: the highest whose threshold it meets. */
export function tierIndexFor(growth: number, tiers: readonly TierConfig[]): number {
  let index = 0;
  tiers.forEach((tier, i) => {
    if (growth >= tier.threshold) index = i;
  });
  return index;
}

/** What the widget shows: the tier, its perks, and the way to the next one. */
export function tierStatus(growth: number, tiers: readonly TierConfig[]): TierStatus {
  const index = tierIndexFor(growth, tiers);
  const tier = tiers[index] as TierConfig;
  const next = tiers[index + 1];
  const span = next ? next.threshold - tier.threshold : 0;
  return {
    key: tier.key,
    index,
    name: tier.name,
    multiplier: tier.multiplier,
    perks: tier.perks,
    next: next
      ? {
          key: next.key,
          name: next.name,
          threshold: next.threshold,
          remaining: Math.max(0, next.threshold - growth),
          perks: next.perks,
        }
      : null,
    progress: next ? Math.min(1, Math.max(0, (growth - tier.threshold) / span)) : 1,
  };
}
