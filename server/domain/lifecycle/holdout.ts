import type { Automation, TouchKind } from "../../../protocol/index.js";
import { automationOf } from "../../../protocol/index.js";
import { bucketOf } from "../experiments.js";

/**
 * Whether a viewer is in an automation's holdout: recorded as eligible, never touched, so the
 * touched viewers' repurchase can be compared with theirs. A stable hash of shop, automation and
 * viewer decides (the same answer on every node and every run, nothing stored to agree on); the
 * automation in the hash makes each automation's holdout independent of the others'.
 */
export function isHeldOut(shopId: string, automation: Automation, viewerId: string, percent: number): boolean {
  if (percent <= 0) return false;
  return bucketOf(`holdout:${shopId}:${automation}`, viewerId) < percent / 100;
}

/**
 * Kinds that can be held out. Warnings of a loss (points about to expire, a tier about to go) and
 * promised perks (birthday gift, tier entry reward) go to everyone: keeping them from a viewer to
 * measure them would be unfair, and they are not meant to sell.
 */
const MEASURED: ReadonlySet<TouchKind> = new Set<TouchKind>([
  "replenish",
  "first_order",
  "coupon_expiring",
  "win_back",
  "segment_entered",
]);

export function hasHoldout(kind: TouchKind): boolean {
  return MEASURED.has(kind);
}

/** The holdout decision for one due touch: false for kinds that always go. */
export function holdsOut(shopId: string, kind: TouchKind, viewerId: string, percent: number): boolean {
  return hasHoldout(kind) && isHeldOut(shopId, automationOf(kind), viewerId, percent);
}
