import type { ErrorCode } from "../../protocol/index.js";
import { pooledRandomBytes } from "../shared/random-pool.js";
import { DAY_MS } from "../shared/time.js";

/** Crockford base32 without I, L, O, U: easy to read aloud and to type at a checkout. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * 16 symbols of 5 random bits each: 80 bits, so codes cannot be guessed or enumerated.
 * Generation is the one impure line here; everything else in this module is arithmetic.
 */
export function newCouponCode(random: (n: number) => Uint8Array = pooledRandomBytes): string {
  const bytes = random(16);
  let code = "";
  for (const byte of bytes) code += ALPHABET[byte & 31];
  return code;
}

export interface CouponTerms {
  kind: "amount" | "percent";
  /** cents off, or percent off */
  value: number;
  minSpend: number;
}

/** The discount a coupon gives on an order amount (cents): never more than the amount. */
export function discountFor(terms: CouponTerms, amount: number): number {
  const raw = terms.kind === "amount" ? terms.value : Math.floor((amount * terms.value) / 100);
  return Math.max(0, Math.min(raw, amount));
}

export interface HeldCoupon extends CouponTerms {
  viewerId: string;
  state: "issued" | "redeemed" | "expired" | "revoked";
  expiresAt: number;
  redeemedOrder: string | null;
}

/** Why a coupon cannot be redeemed on this order now, or null if it can. */
export function redemptionRefusal(
  coupon: HeldCoupon,
  order: { viewerId: string; orderId: string; amount: number },
  now: number,
): ErrorCode | null {
  if (coupon.viewerId !== order.viewerId) return "coupon_other_viewer";
  if (coupon.state === "redeemed") {
    if (coupon.redeemedOrder !== order.orderId) return "coupon_used";
    // redeemed at checkout for this very order: its final amount must still meet the minimum spend
    return order.amount < coupon.minSpend ? "coupon_below_threshold" : null;
  }
  if (coupon.state === "revoked") return "coupon_revoked";
  if (coupon.state === "expired" || now > coupon.expiresAt) return "coupon_expired";
  if (order.amount < coupon.minSpend) return "coupon_below_threshold";
  return null;
}

/**
 * Why a coupon cannot be revoked now, or null if it can: only an issued coupon that is still
 * good can be taken back; a used or lapsed one is history, and a revoked one already is.
 */
export function revocationRefusal(coupon: Pick<HeldCoupon, "state" | "expiresAt">, now: number): ErrorCode | null {
  const state = effectiveState(coupon, now);
  if (state === "redeemed") return "coupon_used";
  if (state === "expired") return "coupon_expired";
  if (state === "revoked") return "coupon_revoked";
  return null;
}

/** The state a coupon shows: an issued coupon past its expiry is expired without a write. */
export function effectiveState(coupon: Pick<HeldCoupon, "state" | "expiresAt">, now: number): HeldCoupon["state"] {
  return coupon.state === "issued" && now > coupon.expiresAt ? "expired" : coupon.state;
}

/** re-exported: domain rules read it from here */
export { DAY_MS };

export function expiryFor(issuedAt: number, validDays: number): number {
  return issuedAt + validDays * DAY_MS;
}
