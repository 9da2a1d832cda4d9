import { describe, expect, it } from "vitest";
import { AUTOMATIONS, TOUCH_KINDS } from "../../protocol/index.js";
import { hasHoldout, holdsOut, isHeldOut } from "../../server/domain/lifecycle/holdout.js";
import { liftOf } from "../../server/domain/lifecycle/lift.js";

const viewers = Array.from({ length: 20_000 }, (_, i) => `viewer-${i}`);

describe("holdout assignment", () => {
  it("is the same answer on every call: nothing stored, every node agrees", () => {
    for (const v of viewers.slice(0, 200)) {
      expect(isHeldOut("shop_1", "replenish", v, 10)).toBe(isHeldOut("shop_1", "replenish", v, 10));
    }
  });

  it.each([0, 10, 25, 50])("holds out close to %s%% of viewers", (percent) => {
    const held = viewers.filter((v) => isHeldOut("shop_1", "winBack", v, percent)).length;
    // ±1.5 points is over 7 standard deviations at 20,000 viewers
    expect(Math.abs(held / viewers.length - percent / 100)).toBeLessThan(0.015);
  });

  it("each automation's holdout is independent of another's, and of another shop's", () => {
    const replenish = viewers.filter((v) => isHeldOut("shop_1", "replenish", v, 10));
    const alsoWinBack = replenish.filter((v) => isHeldOut("shop_1", "winBack", v, 10)).length;
    const alsoOtherShop = replenish.filter((v) => isHeldOut("shop_2", "replenish", v, 10)).length;
    // independent: about 10% of one holdout is in the other, not all of it
    expect(alsoWinBack / replenish.length).toBeGreaterThan(0.05);
    expect(alsoWinBack / replenish.length).toBeLessThan(0.15);
    expect(alsoOtherShop / replenish.length).toBeLessThan(0.15);
  });

  it("a larger share keeps the viewers of the smaller one: raising it never swaps who is held", () => {
    for (const v of viewers.slice(0, 2000)) {
      if (isHeldOut("shop_1", "firstOrder", v, 10)) expect(isHeldOut("shop_1", "firstOrder", v, 20)).toBe(true);
    }
  });

  it("warnings and promised perks are never held out", () => {
    expect(TOUCH_KINDS.filter(hasHoldout)).toEqual([
      "replenish",
      "first_order",
      "coupon_expiring",
      "win_back",
      "segment_entered",
    ]);
    expect(viewers.some((v) => holdsOut("shop_1", "points_expiring", v, 50))).toBe(false);
    expect(viewers.some((v) => holdsOut("shop_1", "birthday", v, 50))).toBe(false);
    expect(viewers.filter((v) => holdsOut("shop_1", "replenish", v, 50)).length).toBeGreaterThan(9000);
    expect(AUTOMATIONS).toContain("replenish");
  });
});

describe("lift", () => {
  it("touched 60/100 against holdout 50/100: the figures of R's prop.test, no clear difference", () => {
    const lift = liftOf({ viewers: 100, repurchased: 60 }, { viewers: 100, repurchased: 50 });
    expect(lift.touched.rate).toBe(0.6);
    expect(lift.holdout.rate).toBe(0.5);
    expect(lift.diff).toBeCloseTo(0.1, 10);
    expect(lift.low).toBeCloseTo(-0.0372, 4);
    expect(lift.high).toBeCloseTo(0.2372, 4);
    expect(lift.verdict).toBe("no_clear_difference");
  });

  it.each([
    [{ viewers: 9000, repurchased: 1800 }, { viewers: 1000, repurchased: 150 }, "better"],
    [{ viewers: 9000, repurchased: 1350 }, { viewers: 1000, repurchased: 200 }, "worse"],
    [{ viewers: 90, repurchased: 40 }, { viewers: 10, repurchased: 1 }, "not_enough_data"],
  ] as const)("%j against %j: %s", (touched, holdout, verdict) => {
    expect(liftOf(touched, holdout).verdict).toBe(verdict);
  });

  it("with nobody on a side yet: rates, no difference, not enough data", () => {
    expect(liftOf({ viewers: 50, repurchased: 5 }, { viewers: 0, repurchased: 0 })).toEqual({
      touched: { viewers: 50, repurchased: 5, rate: 0.1 },
      holdout: { viewers: 0, repurchased: 0, rate: 0 },
      diff: null,
      low: null,
      high: null,
      verdict: "not_enough_data",
    });
  });
});
