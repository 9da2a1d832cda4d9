import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, HOLDOUT_ARM } from "../../protocol/index.js";
import { armFor, assignArm, bucketOf } from "../../server/domain/experiments.js";
import { compare, resultOf } from "../../server/services/experiments.js";
import { withWatchRate } from "../../server/services/watch.js";

describe("experiment assignment", () => {
  it.each([
    // bucket, arms, holdout %, arm
    [0, ["a", "b"], 0, "a"],
    [0.4999, ["a", "b"], 0, "a"],
    [0.5, ["a", "b"], 0, "b"],
    [0.9999, ["a", "b"], 0, "b"],
    [0.05, ["a", "b"], 10, HOLDOUT_ARM],
    [0.1, ["a", "b"], 10, "a"],
    [0.55, ["a", "b"], 10, "b"],
    [0.2, ["a", "b", "c"], 0, "a"],
    [0.5, ["a", "b", "c"], 0, "b"],
    [0.7, ["a", "b", "c"], 0, "c"],
  ] as const)("bucket %s of %j with %s%% holdout → %s", (bucket, arms, holdout, arm) => {
    expect(armFor(bucket, arms, holdout)).toBe(arm);
  });

  it("is a pure function of experiment and viewer: the same on every device and node", () => {
    expect(bucketOf("exp_1", "alice")).toBe(bucketOf("exp_1", "alice"));
    expect(bucketOf("exp_1", "alice")).not.toBe(bucketOf("exp_2", "alice"));
    const experiment = { id: "exp_1", arms: [{ key: "a" }, { key: "b" }], holdoutPercent: 20 };
    expect(assignArm(experiment, "alice")).toBe(assignArm({ ...experiment }, "alice"));
  });

  it("splits 20,000 viewers close to the shares asked for", () => {
    const experiment = { id: "exp_split", arms: [{ key: "a" }, { key: "b" }], holdoutPercent: 20 };
    const counts: Record<string, number> = { a: 0, b: 0, [HOLDOUT_ARM]: 0 };
    for (let i = 0; i < 20_000; i++) {
      const arm = assignArm(experiment, `viewer-${i}`);
      counts[arm] = (counts[arm] ?? 0) + 1;
    }
    // expected 4,000 / 8,000 / 8,000; ±3% is more than 7 standard deviations for a fair hash
    expect(Math.abs((counts[HOLDOUT_ARM] ?? 0) / 20_000 - 0.2)).toBeLessThan(0.03);
    expect(Math.abs((counts.a ?? 0) / 20_000 - 0.4)).toBeLessThan(0.03);
    expect(Math.abs((counts.b ?? 0) / 20_000 - 0.4)).toBeLessThan(0.03);
  });
});

describe("experiment results", () => {
  it("compares every arm with the first on claim and redemption rates", () => {
    const results = [
      resultOf({ arm: "a", exposed: 1000, claimed: 100, redeemed: 50, orders: 80, revenue: 800_000 }),
      resultOf({ arm: "b", exposed: 1000, claimed: 150, redeemed: 52, orders: 90, revenue: 900_000 }),
    ];
    expect(results[1]).toMatchObject({
      claimRate: 0.15,
      redemptionRate: 0.052,
      ordersPerViewer: 0.09,
      revenuePerViewer: 900,
    });
    const [claim, redemption] = compare(results, 100);
    expect(claim).toMatchObject({ arm: "b", against: "a", metric: "claim", verdict: "better" });
    expect(claim?.diff).toBeCloseTo(0.05, 10);
    expect(redemption).toMatchObject({ metric: "redemption", verdict: "no_clear_difference" });
  });

  it("an arm nobody was exposed to yet has not enough data", () => {
    const results = [
      resultOf({ arm: "a", exposed: 500, claimed: 100, redeemed: 50, orders: 0, revenue: 0 }),
      resultOf({ arm: "b", exposed: 0, claimed: 0, redeemed: 0, orders: 0, revenue: 0 }),
    ];
    expect(compare(results, 100).map((c) => c.verdict)).toEqual(["not_enough_data", "not_enough_data"]);
    expect(results[1]?.claimRate).toBe(0);
  });
});

describe("the watch-rate seam", () => {
  it("replaces only the points per block, and nothing without an arm", () => {
    expect(withWatchRate(DEFAULT_CONFIG, undefined)).toBe(DEFAULT_CONFIG);
    const armed = withWatchRate(DEFAULT_CONFIG, 25);
    expect(armed.watch).toEqual({ ...DEFAULT_CONFIG.watch, pointsPerBlock: 25 });
    expect(armed.tiers).toBe(DEFAULT_CONFIG.tiers);
  });
});
