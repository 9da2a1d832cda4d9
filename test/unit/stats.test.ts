import { describe, expect, it } from "vitest";
import { normalCdf, twoProportionTest, verdictOf, Z_95 } from "../../server/domain/stats.js";

describe("standard normal CDF", () => {
  it.each([
    // z, Φ(z) from the standard normal table
    [0, 0.5],
    [1, 0.841345],
    [-1, 0.158655],
    [1.645, 0.95002],
    [1.96, 0.975002],
    [2.575829, 0.995],
    [-3, 0.00135],
  ])("Φ(%s) = %s", (z, p) => {
    expect(normalCdf(z)).toBeCloseTo(p, 5);
  });

  it("the 95% critical value leaves 2.5% in each tail", () => {
    expect(normalCdf(Z_95)).toBeCloseTo(0.975, 6);
  });
});

describe("two-proportion z-test", () => {
  it("50/100 against 60/100: R's prop.test(correct = FALSE) gives X² 2.0202, p 0.1552, CI (-0.0372, 0.2372)", () => {
    const t = twoProportionTest(50, 100, 60, 100);
    expect(t.diff).toBeCloseTo(0.1, 10);
    expect(t.z * t.z).toBeCloseTo(2.0202, 4);
    expect(t.pValue).toBeCloseTo(0.1552, 4);
    expect(t.low).toBeCloseTo(-0.0372, 4);
    expect(t.high).toBeCloseTo(0.2372, 4);
  });

  it("the Physicians' Health Study (Agresti): heart attacks 189/11034 on placebo, 104/11037 on aspirin", () => {
    // Agresti, Categorical Data Analysis: difference 0.0077, 95% CI (0.005, 0.011), X² = 25.01
    const t = twoProportionTest(104, 11037, 189, 11034);
    expect(t.diff).toBeCloseTo(0.0077, 4);
    expect(t.low).toBeCloseTo(0.005, 3);
    expect(t.high).toBeCloseTo(0.011, 3);
    expect(t.z * t.z).toBeCloseTo(25.01, 1);
    expect(t.pValue).toBeLessThan(1e-6);
  });

  it("is symmetric: swapping the groups flips the sign and keeps the p-value", () => {
    const a = twoProportionTest(30, 200, 45, 210);
    const b = twoProportionTest(45, 210, 30, 200);
    expect(b.diff).toBeCloseTo(-a.diff, 12);
    expect(b.low).toBeCloseTo(-a.high, 12);
    expect(b.pValue).toBeCloseTo(a.pValue, 12);
  });

  it("equal rates: z is 0 and p is 1; identical all-or-nothing groups do not divide by zero", () => {
    const equal = twoProportionTest(20, 100, 40, 200);
    expect(equal.z).toBe(0);
    expect(equal.pValue).toBeCloseTo(1, 6);
    const none = twoProportionTest(0, 50, 0, 50);
    expect([none.diff, none.z, none.low, none.high]).toEqual([0, 0, 0, 0]);
  });

  it("refuses empty groups", () => {
    expect(() => twoProportionTest(0, 0, 1, 10)).toThrow(RangeError);
  });
});

describe("verdict", () => {
  const sides = (x1: number, n1: number, x2: number, n2: number) => [
    { x: x1, n: n1 },
    { x: x2, n: n2 },
  ];
  it.each([
    // below the minimum sample, even with a large difference
    [10, 50, 40, 50, 100, "not_enough_data"],
    // enough viewers but fewer than 5 successes on a side: the normal approximation fails
    [2, 400, 12, 400, 100, "not_enough_data"],
    // the interval excludes zero upwards
    [100, 1000, 150, 1000, 100, "better"],
    [150, 1000, 100, 1000, 100, "worse"],
    // 0.5 vs 0.6 at n = 100: the interval straddles zero
    [50, 100, 60, 100, 100, "no_clear_difference"],
  ] as const)("%s/%s vs %s/%s with minimum %s: %s", (x1, n1, x2, n2, min, verdict) => {
    expect(verdictOf(twoProportionTest(x1, n1, x2, n2), sides(x1, n1, x2, n2), min)).toBe(verdict);
  });
});
