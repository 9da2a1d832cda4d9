import type { ErrorCode } from "../../protocol/index.js";

export interface ChestRecord {
  id: string;
  points: number;
  expiresAt: number;
  claimedAt: number | null;
}

/** Whether a chest may be opened now; the refusal says why. */
export function chestClaimRefusal(chest: ChestRecord | null, now: number): ErrorCode | null {
  if (!chest) return "chest_none";
  if (chest.claimedAt !== null) return "chest_claimed";
  if (now > chest.expiresAt) return "chest_expired";
  return null;
}
