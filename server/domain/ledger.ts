import { MAX_BALANCE, type PointReason } from "../../protocol/index.js";

export interface Balance {
  points: number;
  growth: number;
}

export interface LedgerChange {
  delta: number;
  growthDelta: number;
  reason: PointReason;
  /** what caused it: a block ordinal, a chest id, an order id */
  ref: string;
  /** unique per shop: the same key never changes a balance twice */
  idempotencyKey: string;
  note?: string;
}

/**
 * Applies a change to a balance, or says why it cannot: points never go below zero, and neither
 * points nor growth above the largest balance, where sums would stop being exact.
 */
export function applyChange(
  balance: Balance,
  change: LedgerChange,
): Balance | "insufficient_points" | "insufficient_growth" | "amount_invalid" {
  if (!Number.isSafeInteger(change.delta) || !Number.isSafeInteger(change.growthDelta)) return "amount_invalid";
  const points = balance.points + change.delta;
  if (points < 0) return "insufficient_points";
  // A refund reverses growth the order earned, which later changes may already have consumed: it
  // floors at zero. Any other change (a hand adjustment) that would take growth below zero is refused.
  const raw = balance.growth + change.growthDelta;
  if (raw < 0 && change.reason !== "refund") return "insufficient_growth";
  const growth = Math.max(0, raw);
  if (points > MAX_BALANCE || growth > MAX_BALANCE) return "amount_invalid";
  return { points, growth };
}

/** A replay must carry the same change as the first request, or it is a conflicting reuse of the key. */
export function sameChange(
  a: LedgerChange,
  b: Pick<LedgerChange, "delta" | "growthDelta" | "reason" | "ref">,
): boolean {
  return a.delta === b.delta && a.growthDelta === b.growthDelta && a.reason === b.reason && a.ref === b.ref;
}
