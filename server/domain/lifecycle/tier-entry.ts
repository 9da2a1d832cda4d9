import type { AutomationsConfig, TierConfig } from "../../../protocol/index.js";
import { DAY_MS } from "../coupons.js";
import type { Due } from "./due.js";

/** A congratulation read a week late reads as a mistake. */
export const TIER_ENTRY_VALID_MS = 7 * DAY_MS;

/**
 * Tier entry rewards: a touch (with the tier's coupon, if the shop set one) for each tier above the
 * first the viewer reached, once per tier per viewer, even if they lose and regain it. Tiers jumped
 * over in one step (Fan to Gold by one order) are not rewarded: only the tier reached is.
 */
export function tierEntryDue(
  viewerId: string,
  reached: readonly { tierKey: string; at: number }[],
  tiers: readonly TierConfig[],
  config: AutomationsConfig["tierEntry"],
): Due[] {
  if (!config.enabled) return [];
  const seen = new Set<string>();
  return [...reached]
    .sort((a, b) => a.at - b.at)
    .flatMap((entry): Due[] => {
      const index = tiers.findIndex((t) => t.key === entry.tierKey);
      const tier = tiers[index];
      if (!tier || index === 0 || seen.has(tier.key)) return [];
      seen.add(tier.key);
      return [
        {
          kind: "tier_entry",
          viewerId,
          key: `tier_entry:${tier.key}`,
          dueAt: entry.at,
          expiresAt: entry.at + TIER_ENTRY_VALID_MS,
          templateId: config.templates[tier.key] ?? null,
          params: { tier: tier.name },
        },
      ];
    });
}
