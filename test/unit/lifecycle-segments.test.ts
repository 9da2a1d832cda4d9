import { describe, expect, it } from "vitest";
import {
  type BuyerFacts,
  buyerSegmentsOf,
  isHighValueLoyal,
  isPriceSensitive,
  isWatchedNotBought,
  topSpenderCut,
} from "../../server/domain/segments.js";

const buyer = (over: Partial<BuyerFacts> = {}): BuyerFacts => ({
  spent12Months: 0,
  orders12Months: 0,
  orders: 0,
  ordersWithCoupon: 0,
  watchedSeconds: 0,
  ...over,
});

describe("buyer segments", () => {
  it.each([
    // 12-month spend, 12-month orders, cut, high value?
    [50_000, 1, 40_000, true], // a top spender
    [40_000, 1, 40_000, true], // at the cut
    [39_999, 2, 40_000, false],
    [1_000, 3, 40_000, true], // three orders make a loyal buyer
    [1_000, 3, null, true],
    [0, 0, 0, false], // a cut of 0 does not make everyone a top spender
    [50_000, 1, null, false], // no cut: nobody spent
  ] as const)("spent %s in %s orders, cut %s → %s", (spent, orders, cut, expected) => {
    expect(isHighValueLoyal(buyer({ spent12Months: spent, orders12Months: orders }), cut)).toBe(expected);
  });

  it.each([
    // orders, with a coupon, price-sensitive?
    [3, 3, true],
    [5, 4, true], // exactly 80%
    [15, 12, true],
    [5, 3, false],
    [2, 2, false], // too few orders to say
    [0, 0, false],
  ])("%s orders, %s with a coupon → %s", (orders, withCoupon, expected) => {
    expect(isPriceSensitive(buyer({ orders, ordersWithCoupon: withCoupon }))).toBe(expected);
  });

  it("the minimum number of orders is an input", () => {
    expect(isPriceSensitive(buyer({ orders: 2, ordersWithCoupon: 2 }), 2)).toBe(true);
  });

  it.each([
    // watched seconds, orders, watcher who never bought?
    [3600, 0, true],
    [3599, 0, false],
    [36_000, 1, false],
  ])("watched %s s with %s orders → %s", (watchedSeconds, orders, expected) => {
    expect(isWatchedNotBought(buyer({ watchedSeconds, orders }))).toBe(expected);
  });

  it("the cut for the top 10% of spenders ignores those who spent nothing", () => {
    const spends = [0, 0, 0, ...Array.from({ length: 20 }, (_, i) => (i + 1) * 1000)];
    expect(topSpenderCut(spends, 10)).toBe(19_000);
    expect(topSpenderCut([0, 0], 10)).toBeNull();
    expect(topSpenderCut([500], 10)).toBe(500);
  });

  it("lists every buyer segment a viewer is in", () => {
    expect(
      buyerSegmentsOf(buyer({ spent12Months: 90_000, orders12Months: 4, orders: 4, ordersWithCoupon: 4 }), 50_000),
    ).toEqual(["high_value", "price_sensitive"]);
    expect(buyerSegmentsOf(buyer({ watchedSeconds: 7200 }), 50_000)).toEqual(["watched_not_bought"]);
  });
});
