import { z } from "zod";
import type { LocalizedText } from "./config.js";
import type { AutomationReport } from "./lifecycle.js";
import { Id } from "./tokens.js";

/** The incentives a shop can test: a deal's coupon, the watch-points rate, the first-order coupon. */
export const INCENTIVES = ["offer_coupon", "watch_rate", "first_order_coupon"] as const;
export type Incentive = (typeof INCENTIVES)[number];

/** The arm name kept for the holdout: viewers who get the shop's incentive unchanged. */
export const HOLDOUT_ARM = "holdout";

/**
 * One arm of an experiment. Coupon incentives name the template the arm gives; the watch rate
 * names the points per full block. The first arm is the control the others are compared with.
 */
export const ExperimentArm = z
  .object({
    key: z
      .string()
      .regex(/^[a-z0-9_-]{1,24}$/, "lower-case letters, digits, - and _")
      .refine((k) => k !== HOLDOUT_ARM, `"${HOLDOUT_ARM}" is kept for the holdout`),
    templateId: Id.optional(),
    pointsPerBlock: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type ExperimentArm = z.infer<typeof ExperimentArm>;

export const ExperimentInput = z
  .object({
    name: z.string().trim().min(1).max(80),
    incentive: z.enum(INCENTIVES),
    arms: z
      .array(ExperimentArm)
      .min(2)
      .max(6)
      .refine((arms) => new Set(arms.map((a) => a.key)).size === arms.length, "arm keys must differ"),
    /** share of viewers (percent) kept on the unchanged incentive */
    holdoutPercent: z.number().int().min(0).max(50).default(0),
    /** exposed viewers each side needs before a difference is reported */
    minSample: z.number().int().min(10).max(1_000_000).default(100),
  })
  .strict();
export type ExperimentInput = z.input<typeof ExperimentInput>;

export const ExperimentStopPayload = z.object({ experimentId: Id }).strict();
export type ExperimentStopPayload = z.infer<typeof ExperimentStopPayload>;

/** What each arm's exposed viewers did within 30 days of their first exposure. */
export interface ArmResult {
  arm: string;
  exposed: number;
  /** viewers issued an Encore coupon in the window */
  claimed: number;
  claimRate: number;
  /** viewers who redeemed an Encore coupon in the window */
  redeemed: number;
  redemptionRate: number;
  orders: number;
  /** cents paid */
  revenue: number;
  ordersPerViewer: number;
  revenuePerViewer: number;
}

export type Verdict = "not_enough_data" | "better" | "worse" | "no_clear_difference";

/** One arm's rate against the control's: difference (arm − control) with its 95% interval. */
export interface RateComparison {
  arm: string;
  against: string;
  metric: "claim" | "redemption";
  diff: number;
  low: number;
  high: number;
  z: number;
  pValue: number;
  verdict: Verdict;
}

export interface ExperimentView {
  id: string;
  name: string;
  incentive: Incentive;
  arms: ExperimentArm[];
  holdoutPercent: number;
  minSample: number;
  status: "running" | "stopped";
  createdAt: number;
  stoppedAt: number | null;
  results: ArmResult[];
  comparisons: RateComparison[];
}

/** The live the host is looking at: since the room last went live. */
export interface LiveInsight {
  roomId: string;
  since: number | null;
  /** one point per sampled minute */
  viewers: { at: number; viewers: number }[];
  watch: {
    viewers: number;
    averageMinutes: number;
    /** viewers by verified minutes watched: [from, to) */
    distribution: { fromMinutes: number; toMinutes: number | null; viewers: number }[];
  };
  pointsIssued: number;
  offers: {
    id: string;
    templateId: string;
    startedAt: number;
    stock: number;
    claimed: number;
    /** null when it did not sell out */
    soldOutMs: number | null;
    redeemed: number;
    /** cents paid on orders that used this offer's coupons */
    revenue: number;
  }[];
}

/** The shop over time. */
export interface ShopInsight {
  buyers: number;
  repeatBuyers: number;
  /** repeat buyers / buyers; 0 when there are no buyers */
  repurchaseRate: number;
  /** first-order cohorts by week (Monday, UTC); retained[k] = buyers who ordered again in week k+1 */
  cohorts: { weekStart: number; buyers: number; retained: number[] }[];
  tiers: { tier: string; viewers: number }[];
  segments: { highIntent: number; newBuyer: number; dormant: number };
  coupons: { source: string; issued: number; redeemed: number }[];
  revenue: { total: number; withCoupon: number; ordersWithCoupon: number };
}

/** A coupon template by name and terms, for the offers and experiment arms that refer to it by id. */
export interface TemplateName {
  id: string;
  name: LocalizedText;
  kind: "amount" | "percent";
  value: number;
  minSpend: number;
}

export interface Insight {
  at: number;
  live: LiveInsight;
  shop: ShopInsight;
  experiments: ExperimentView[];
  /** every template this live's offers and the experiments' arms name, retired ones included */
  templates: TemplateName[];
  /** each automation between lives, with its lift against its holdout */
  automations: AutomationReport[];
}
