import { describe, expect, it } from "vitest";
import { buyerRollup, cohortWeek, rollupDelta, WEEK_MS } from "../../server/domain/rollups.js";

const DAY = 24 * 3600_000;
const T = Date.UTC(2026, 5, 1);
const order = (at: number, paid: number, coupon = false) => ({
  paid_at: at,
  paid,
  coupon_code: coupon ? "c" : null,
});

describe("a buyer's roll-up from their standing orders", () => {
  it("is none without an order", () => {
    expect(buyerRollup([], 0)).toBeNull();
  });

  it("adds up orders, coupons, the window and the weeks of return", () => {
    const row = buyerRollup(
      [order(T, 1000, true), order(T + 3 * DAY, 500), order(T + 15 * DAY, 700, true), order(T + 40 * DAY, 100, true)],
      T + DAY,
    );
    expect(row).toEqual({
      orders: 4,
      paid: 2300,
      coupon_orders: 3,
      coupon_paid: 1800,
      first_order_at: T,
      last_order_at: T + 40 * DAY,
      spent12: 1300,
      orders12: 3,
      // week 0 (day 3) and week 2 (day 15); day 40 is past the fourth week
      retained: 0b0101,
      // 3 of 4 with a coupon is under 80%
      price_sensitive: 0,
    });
  });

  it("counts a second order in the same millisecond as no return, and 4 of 5 with coupons as price sensitive", () => {
    const row = buyerRollup(
      [order(T, 1, true), order(T, 1, true), order(T + WEEK_MS, 1, true), order(T + 2 * DAY, 1, true), order(T, 1)],
      0,
    );
    expect(row?.retained).toBe(0b0011);
    expect(row?.price_sensitive).toBe(1);
  });
});

describe("what replacing a buyer's row does to the shop", () => {
  const one = buyerRollup([order(T, 1000)], 0);
  const two = buyerRollup([order(T, 1000), order(T + DAY, 300, true)], 0);

  it("a first order adds a buyer and a cohort member", () => {
    expect(rollupDelta(null, one)).toEqual({
      shop: { buyers: 1, repeat_buyers: 0, revenue: 1000, coupon_revenue: 0, coupon_orders: 0, spenders12: 1 },
      cohorts: [{ week: cohortWeek(T), buyers: 1, retained: [0, 0, 0, 0] }],
    });
  });

  it("a second order makes a repeat buyer who came back in week 0", () => {
    expect(rollupDelta(one, two)).toEqual({
      shop: { buyers: 0, repeat_buyers: 1, revenue: 300, coupon_revenue: 300, coupon_orders: 1, spenders12: 0 },
      cohorts: [{ week: cohortWeek(T), buyers: 0, retained: [1, 0, 0, 0] }],
    });
  });

  it("refunding the first order moves the buyer to the second one's week", () => {
    const later = buyerRollup([order(T + 10 * DAY, 300, true)], 0);
    const delta = rollupDelta(two, later);
    expect(delta.shop.buyers).toBe(0);
    expect(delta.shop.repeat_buyers).toBe(-1);
    // 1 June 2026 is a Monday: day 10 is in the next week
    expect(delta.cohorts).toEqual([
      { week: cohortWeek(T), buyers: -1, retained: [-1, 0, 0, 0] },
      { week: cohortWeek(T) + 1, buyers: 1, retained: [0, 0, 0, 0] },
    ]);
  });
});
