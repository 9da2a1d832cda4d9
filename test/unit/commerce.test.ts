import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, MAX_BALANCE, MAX_ORDER_CENTS, type Product } from "../../protocol/index.js";
import { DAY_MS, discountFor } from "../../server/domain/coupons.js";
import { applyChange, type Balance } from "../../server/domain/ledger.js";
import {
  amountRefusal,
  itemsRefusal,
  memberDiscountOf,
  orderMoney,
  pointsCapCents,
  pointsValue,
} from "../../server/domain/orders.js";
import { birthdayWeekYear, highIntentSkus, isDormant, isNewBuyer, segmentsOf } from "../../server/domain/segments.js";
import { suggestFrom, suggestionCandidates } from "../../server/domain/suggestions.js";
import { retryDelay, signature, verifySignature } from "../../server/domain/webhooks.js";

const config = DEFAULT_CONFIG;
const NOW = Date.UTC(2026, 10, 2, 4, 0, 0);
const HOUR = 3600_000;

describe("amountRefusal", () => {
  it.each([
    [0, null],
    [1999, null],
    [-1, "amount_invalid"],
    [10.5, "amount_invalid"],
    [Number.NaN, "amount_invalid"],
    [2 ** 60, "amount_invalid"],
    [MAX_ORDER_CENTS, null],
    [MAX_ORDER_CENTS + 1, "amount_invalid"],
    [Number.MAX_SAFE_INTEGER, "amount_invalid"],
  ] as const)("%d → %s", (amount, refusal) => {
    expect(amountRefusal(amount)).toBe(refusal);
  });

  it("bounds what an order's lines add up to like an amount", () => {
    expect(itemsRefusal([{ qty: 10_000, price: 1_000_000 }])).toBe(null);
    expect(itemsRefusal([{ qty: 10_000, price: 1_000_001 }])).toBe("amount_invalid");
    expect(itemsRefusal(Array.from({ length: 200 }, () => ({ qty: 10_000, price: 100_000_000 })))).toBe(
      "amount_invalid",
    );
  });
});

describe("money arithmetic stays exact", () => {
  /** any amount a caller may send, the bounds and their neighbours most of all */
  const anyAmount = fc.oneof(
    fc.constantFrom(0, 1, MAX_ORDER_CENTS, MAX_ORDER_CENTS + 1, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, -1, 0.5),
    fc.nat({ max: MAX_ORDER_CENTS }),
    fc.double({ noNaN: false }),
    fc.maxSafeInteger(),
  );
  /** any shop configuration the config schema admits, at its extremes too */
  const anyConfig = fc.record({
    pointsPerYuan: fc.integer({ min: 1, max: 100_000 }),
    pointsSpendCapPercent: fc.integer({ min: 0, max: 100 }),
    growthPerYuan: fc.integer({ min: 0, max: 1000 }),
    orderPointsPerYuan: fc.integer({ min: 0, max: 1000 }),
    multiplier: fc.constantFrom(1, 1.2, 1.5, 2, 10),
  });
  const anyCoupon = fc.record({
    kind: fc.constantFrom("amount" as const, "percent" as const),
    value: fc.integer({ min: 1, max: 95 }).chain((v) => fc.constantFrom(v, v * 100_000)),
    minSpend: fc.constant(0),
  });
  const safe = (n: number) => Number.isSafeInteger(n);

  it("keeps every figure of any run of orders a safe integer and every balance within bounds", () => {
    fc.assert(
      fc.property(
        anyConfig,
        fc.array(
          fc.record({
            amount: anyAmount,
            memberPercent: fc.integer({ min: 0, max: 50 }),
            coupon: fc.option(anyCoupon),
            pointsShare: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
          {
            minLength: 1,
            maxLength: 80,
          },
        ),
        (config, orders) => {
          let balance: Balance = { points: 0, growth: 0 };
          for (const order of orders) {
            if (amountRefusal(order.amount)) continue;
            // the member price comes off first; the coupon is reckoned on what is left
            const memberDiscount = memberDiscountOf(order.amount, order.memberPercent);
            const priced = order.amount - memberDiscount;
            const discount = order.coupon ? discountFor(order.coupon, priced) : 0;
            const pointsUsed = Math.floor(balance.points * order.pointsShare);
            const money = orderMoney(
              {
                amount: order.amount,
                memberDiscount,
                discount,
                pointsUsed,
                balance: balance.points,
                multiplier: config.multiplier,
              },
              config,
            );
            if (typeof money === "string") continue;
            for (const figure of Object.values(money)) expect(safe(figure)).toBe(true);
            expect(money.paid).toBeGreaterThanOrEqual(0);
            expect(money.memberDiscount + money.discount + money.pointsValue + money.paid === order.amount).toBe(true);
            const change = { reason: "order" as const, ref: "o", idempotencyKey: "o" };
            const spent = applyChange(balance, { ...change, delta: -money.pointsUsed, growthDelta: 0 });
            if (typeof spent === "string") continue;
            const earned = applyChange(spent, {
              ...change,
              delta: money.pointsEarned,
              growthDelta: money.growthEarned,
            });
            if (typeof earned === "string") {
              expect(earned).toBe("amount_invalid");
              continue;
            }
            balance = earned;
            expect(safe(balance.points) && safe(balance.growth)).toBe(true);
            expect(balance.points).toBeLessThanOrEqual(MAX_BALANCE);
            expect(balance.growth).toBeLessThanOrEqual(MAX_BALANCE);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("leaves room for the largest order on top of the largest balance", () => {
    // the most one order can earn, with every knob of the config at its top
    const most = orderMoney(
      { amount: MAX_ORDER_CENTS, discount: 0, pointsUsed: 0, balance: 0, multiplier: 10 },
      { pointsPerYuan: 1, pointsSpendCapPercent: 100, growthPerYuan: 1000, orderPointsPerYuan: 1000 },
    );
    if (typeof most === "string") throw new Error(most);
    expect(safe(MAX_BALANCE + most.pointsEarned) && safe(MAX_BALANCE + most.growthEarned)).toBe(true);
  });
});

describe("points as money", () => {
  it.each([
    [100, 100],
    [150, 150],
    [0, 0],
  ])("%i points are worth %i cents at 100 points = ¥1", (points, cents) => {
    expect(pointsValue(points, config)).toBe(cents);
  });

  it("rounds a points value down when points are cheaper than a cent", () => {
    expect(pointsValue(3, { pointsPerYuan: 200 })).toBe(1);
  });

  it.each([
    [10_000, 2000],
    [999, 199],
    [0, 0],
  ])("the cap on a %i-cent order is %i cents", (amount, cap) => {
    expect(pointsCapCents(amount, config)).toBe(cap);
  });
});

describe("orderMoney", () => {
  const order = { amount: 10_000, discount: 0, pointsUsed: 0, balance: 0, multiplier: 1 };
  it.each([
    ["plain ¥100", order, { paid: 10_000, pointsEarned: 100, growthEarned: 100 }],
    ["a coupon lowers what is paid", { ...order, discount: 2000 }, { paid: 8000, pointsEarned: 80, growthEarned: 80 }],
    [
      "points pay up to the cap",
      { ...order, pointsUsed: 2000, balance: 5000 },
      { paid: 8000, pointsValue: 2000, pointsEarned: 80, growthEarned: 80 },
    ],
    [
      "the tier multiplier scales points, not growth",
      { ...order, multiplier: 1.5 },
      { pointsEarned: 150, growthEarned: 100 },
    ],
    ["partial yuan earn nothing", { ...order, amount: 1999 }, { paid: 1999, pointsEarned: 19, growthEarned: 19 }],
    [
      "a discount above the amount pays nothing",
      { ...order, amount: 500, discount: 500 },
      { paid: 0, pointsEarned: 0 },
    ],
  ] as const)("%s", (_name, input, expected) => {
    expect(orderMoney(input, config)).toMatchObject(expected);
  });

  it("refuses points above the cap before looking at the balance", () => {
    expect(orderMoney({ ...order, pointsUsed: 2001, balance: 0 }, config)).toBe("points_cap");
  });

  it("refuses points that would pay for what the coupon already took off", () => {
    expect(orderMoney({ ...order, discount: 9000, pointsUsed: 1001, balance: 5000 }, config)).toBe("points_cap");
    expect(orderMoney({ ...order, discount: 9000, pointsUsed: 1000, balance: 5000 }, config)).toMatchObject({
      paid: 0,
    });
  });

  it("refuses more points than the viewer holds", () => {
    expect(orderMoney({ ...order, pointsUsed: 500, balance: 499 }, config)).toBe("insufficient_points");
  });
});

describe("segments", () => {
  const clicks = (sku: string, ...hoursAgo: number[]) => hoursAgo.map((h) => ({ sku, at: NOW - h * HOUR }));

  it.each([
    ["three clicks within 24 h", clicks("a", 1, 5, 23), [], ["a"]],
    ["two clicks are not enough", clicks("a", 1, 2), [], []],
    ["a click 24 h ago no longer counts", clicks("a", 1, 2, 24), [], []],
    ["bought it: no longer high intent", clicks("a", 1, 2, 3), ["a"], []],
    ["per product", [...clicks("a", 1, 2), ...clicks("b", 1, 2, 3)], [], ["b"]],
  ] as const)("high intent: %s", (_name, list, bought, expected) => {
    expect(highIntentSkus({ clicks: [...list], boughtSkus: new Set(bought) }, NOW)).toEqual(expected);
  });

  it.each([
    [null, false],
    [NOW - 7 * DAY_MS, true],
    [NOW - 7 * DAY_MS - 1, false],
    [NOW, true],
  ] as const)("new buyer with first order at %s → %s", (first, expected) => {
    expect(isNewBuyer(first, NOW)).toBe(expected);
  });

  it.each([
    [{ lastWatchAt: NOW - 30 * DAY_MS, since: 0 }, true],
    [{ lastWatchAt: NOW - 30 * DAY_MS + 1, since: 0 }, false],
    [{ lastWatchAt: null, since: NOW - 31 * DAY_MS }, true],
    [{ lastWatchAt: null, since: NOW - DAY_MS }, false],
  ])("dormant %o → %s", (activity, expected) => {
    expect(isDormant(activity, NOW)).toBe(expected);
  });

  it("lists every segment a viewer is in", () => {
    const result = segmentsOf(
      {
        clicks: clicks("a", 1, 2, 3),
        boughtSkus: new Set(["b"]),
        firstOrderAt: NOW - DAY_MS,
        lastWatchAt: NOW - 40 * DAY_MS,
        since: 0,
      },
      NOW,
    );
    expect(result).toEqual({ segments: ["high_intent", "new_buyer", "dormant"], highIntentSkus: ["a"] });
  });
});

describe("birthdayWeekYear", () => {
  const at = (iso: string) => Date.parse(iso);
  it.each([
    [null, "2026-11-02T04:00:00Z", null],
    ["11-02", "2026-11-02T04:00:00Z", 2026],
    ["11-05", "2026-11-02T04:00:00Z", 2026],
    ["11-06", "2026-11-02T04:00:00Z", null],
    ["10-30", "2026-11-02T04:00:00Z", 2026],
    ["10-29", "2026-11-02T04:00:00Z", null],
    // the week straddles the new year: it belongs to the birthday's year
    ["01-01", "2026-12-30T04:00:00Z", 2027],
    ["12-30", "2027-01-01T04:00:00Z", 2026],
    // Shanghai is already on 3 November at 17:00 UTC on the 2nd
    ["11-06", "2026-11-02T17:00:00Z", 2026],
    ["02-29", "2027-02-28T04:00:00Z", 2027],
  ] as const)("birthday %s at %s → %s", (birthday, now, year) => {
    expect(birthdayWeekYear(birthday, at(now), "Asia/Shanghai")).toBe(year);
  });
});

describe("webhook signatures", () => {
  const body = JSON.stringify({ event: "order.credited", data: { amount: 100 } });
  it("verifies what was signed, within the tolerance", () => {
    const header = signature("whsec_test_secret_1234", NOW, body);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature("whsec_test_secret_1234", header, body, NOW + 1000)).toBe(true);
  });

  it.each([
    ["another secret", "whsec_other_secret_123", body, NOW],
    ["a changed body", "whsec_test_secret_1234", body.replace("100", "101"), NOW],
    ["a stale timestamp", "whsec_test_secret_1234", body, NOW + 6 * 60_000],
  ])("refuses %s", (_name, secret, received, now) => {
    expect(verifySignature(secret, signature("whsec_test_secret_1234", NOW, body), received, now)).toBe(false);
  });

  it("refuses a malformed header", () => {
    expect(verifySignature("s", "garbage", body, NOW)).toBe(false);
  });

  it.each([
    [1, 10_000],
    [2, 20_000],
    [3, 40_000],
    [20, 3600_000],
  ])("waits after %i failed attempts %i ms", (attempts, delay) => {
    expect(retryDelay(attempts)).toBe(delay);
  });
});

describe("suggestFrom", () => {
  const item = (order_id: string, sku: string) => ({ order_id, sku, name: `name ${sku}`, price: 100 });
  it("ranks what is bought with the viewer's products, leaving out what they have", () => {
    const recent = [
      item("o1", "tea"),
      item("o1", "cup"),
      item("o2", "tea"),
      item("o2", "cup"),
      item("o2", "honey"),
      item("o3", "shoes"),
      item("o3", "socks"),
    ];
    expect(suggestFrom([{ sku: "tea" }], recent).map((p) => p.sku)).toEqual(["cup", "honey"]);
  });

  it("shows a catalogue product's picture and today's price, and leaves it out while out of stock", () => {
    const recent = [item("o1", "tea"), item("o1", "cup"), item("o1", "honey"), item("o2", "tea"), item("o2", "cup")];
    const listed = (sku: string, inStock: boolean): Product => ({
      sku,
      name: { "zh-CN": sku, en: sku },
      price: 555,
      was: null,
      image: `/img/${sku}.png`,
      inStock,
      usageDays: null,
    });
    const catalogue = new Map([
      ["cup", listed("cup", false)],
      ["honey", listed("honey", true)],
    ]);
    expect(suggestionCandidates([{ sku: "tea" }], recent)).toEqual(["cup", "honey"]);
    expect(suggestFrom([{ sku: "tea" }], recent, catalogue)).toEqual([
      { sku: "honey", name: "name honey", price: 555, image: "/img/honey.png" },
    ]);
  });
});
