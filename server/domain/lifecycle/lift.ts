import type { AutomationLift } from "../../../protocol/index.js";
import { twoProportionTest, verdictOf } from "../stats.js";

/** Viewers on one side and how many of them ordered again within the window (30 days). */
export interface LiftSide {
  viewers: number;
  repurchased: number;
}

/** Below this many viewers on a side, no verdict: the dashboard says "not enough data". */
export const LIFT_MIN_SAMPLE = 100;

const rate = (side: LiftSide) => (side.viewers > 0 ? side.repurchased / side.viewers : 0);

/**
 * What an automation adds: touched minus holdout repurchase rate, with its 95% interval (the same
 * two-proportion test as experiments). A difference whose interval holds zero may be nothing: the
 * coupon may only have discounted what those viewers would have bought anyway.
 */
export function liftOf(touched: LiftSide, holdout: LiftSide, minSample = LIFT_MIN_SAMPLE): AutomationLift {
  const sides = {
    touched: { ...touched, rate: rate(touched) },
    holdout: { ...holdout, rate: rate(holdout) },
  };
  if (touched.viewers <= 0 || holdout.viewers <= 0) {
    return { ...sides, diff: null, low: null, high: null, verdict: "not_enough_data" };
  }
  const test = twoProportionTest(holdout.repurchased, holdout.viewers, touched.repurchased, touched.viewers);
  const verdict = verdictOf(
    test,
    [
      { x: touched.repurchased, n: touched.viewers },
      { x: holdout.repurchased, n: holdout.viewers },
    ],
    minSample,
  );
  return { ...sides, diff: test.diff, low: test.low, high: test.high, verdict };
}
