import type { Verdict } from "../../protocol/index.js";

/** Two-sided 95% critical value of the standard normal. */
export const Z_95 = 1.959963984540054;

/** Standard normal CDF, through erf (Abramowitz & Stegun 7.1.26, absolute error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export interface ProportionTest {
  /** p2 − p1 */
  diff: number;
  /** 95% interval of the difference (unpooled standard error, as for a Wald interval) */
  low: number;
  high: number;
  /** test statistic under "no difference" (pooled standard error) */
  z: number;
  /** two-sided */
  pValue: number;
}

/**
 * Two-proportion z-test of x2/n2 against x1/n1: the same figures as R's
 * `prop.test(c(x2, x1), c(n2, n1), correct = FALSE)`.
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): ProportionTest {
  if (n1 <= 0 || n2 <= 0) throw new RangeError("both groups need at least one observation");
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const diff = p2 - p1;
  const pooled = (x1 + x2) / (n1 + n2);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const z = sePooled === 0 ? 0 : diff / sePooled;
  return { diff, low: diff - Z_95 * se, high: diff + Z_95 * se, z, pValue: 2 * (1 - normalCdf(Math.abs(z))) };
}

/**
 * What a host may conclude. Below the minimum sample on either side, or with fewer than five
 * successes or failures on a side (where the normal approximation fails), nothing; otherwise a
 * direction only when the 95% interval excludes zero.
 */
export function verdictOf(test: ProportionTest, sides: { x: number; n: number }[], minSample: number): Verdict {
  const thin = sides.some(({ x, n }) => n < minSample || x < 5 || n - x < 5);
  if (thin) return "not_enough_data";
  if (test.low > 0) return "better";
  if (test.high < 0) return "worse";
  return "no_clear_difference";
}
