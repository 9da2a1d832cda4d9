import type { TierConfig } from "../../protocol/index.js";
import { tierIndexFor } from "./tiers.js";

/**
 * A fan-only room (粉丝专场): the index of the tier it takes to earn and claim there, or -1 when
 * the room is open. A gate naming a tier the shop no longer has opens the room rather than
 * shutting everyone out.
 */
export function gateIndex(minTier: string | null, tiers: readonly TierConfig[]): number {
  return minTier === null ? -1 : tiers.findIndex((t) => t.key === minTier);
}

/** Whether a viewer with this growth is below the room's gate. Growth only rises by earning, so the gate opens mid-live once they reach the tier. */
export function isGatedOut(minTier: string | null, growth: number, tiers: readonly TierConfig[]): boolean {
  return tierIndexFor(growth, tiers) < gateIndex(minTier, tiers);
}
