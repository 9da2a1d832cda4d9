import { describe, expect, it } from "vitest";
import {
  discountFor,
  effectiveState,
  type HeldCoupon,
  newCouponCode,
  redemptionRefusal,
} from "../../server/domain/coupons.js";

describe("coupon codes", () => {
  it("are 16 unambiguous symbols and do not repeat", () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newCouponCode()));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
  });
});

describe("discountFor", () => {
  it.each([
    [{ kind: "amount", value: 2000, minSpend: 0 }, 10_000, 2000],
    [{ kind: "amount", value: 2000, minSpend: 0 }, 1500, 1500],
    [{ kind: "percent", value: 15, minSpend: 0 }, 9999, 1499],
    [{ kind: "percent", value: 95, minSpend: 0 }, 100, 95],
  ] as const)("%o on %i → %i", (terms, amount, discount) => {
    expect(discountFor(terms, amount)).toBe(discount);
  });
});

describe("redemptionRefusal", () => {
  const coupon: HeldCoupon = {
    kind: "amount",
    value: 1000,
    minSpend: 5000,
    viewerId: "amy",
    state: "issued",
    expiresAt: 1000,
    redeemedOrder: null,
  };
  const order = { viewerId: "amy", orderId: "o1", amount: 6000 };
  it.each([
    ["a valid coupon", coupon, order, 999, null],
    ["another viewer's", coupon, { ...order, viewerId: "bo" }, 999, "coupon_other_viewer"],
    ["below threshold", coupon, { ...order, amount: 4999 }, 999, "coupon_below_threshold"],
    ["expired by time", coupon, order, 1001, "coupon_expired"],
    ["used on another order", { ...coupon, state: "redeemed", redeemedOrder: "o0" }, order, 999, "coupon_used"],
    ["replayed on the same order", { ...coupon, state: "redeemed", redeemedOrder: "o1" }, order, 999, null],
    [
      "redeemed for this order, whose final amount fell below the minimum",
      { ...coupon, state: "redeemed", redeemedOrder: "o1" },
      { ...order, amount: 500 },
      999,
      "coupon_below_threshold",
    ],
    [
      "redeemed for this order before it expired",
      { ...coupon, state: "redeemed", redeemedOrder: "o1" },
      order,
      5000,
      null,
    ],
    ["revoked", { ...coupon, state: "revoked" }, order, 999, "coupon_revoked"],
  ] as const)("%s", (_name, held, o, now, refusal) => {
    expect(redemptionRefusal(held as HeldCoupon, o, now)).toBe(refusal);
  });

  it("shows an issued coupon past expiry as expired", () => {
    expect(effectiveState(coupon, 1001)).toBe("expired");
    expect(effectiveState(coupon, 1000)).toBe("issued");
  });
});
