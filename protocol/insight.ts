import { z } from "zod";
import { LocalizedText } from "./config.js";
import { AutomationReport } from "./lifecycle.js";
import { ReferralFunnel } from "./referrals.js";
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
export const ArmResult = z.object({
  arm: z.string(),
  exposed: z.number().int(),
  /** viewers issued an Encore coupon in the window */
  claimed: z.number().int(),
  claimRate: z.number(),
  /** viewers who redeemed an Encore coupon in the window */
  redeemed: z.number().int(),
  redemptionRate: z.number(),
  orders: z.number().int(),
  /** cents paid */
  revenue: z.number().int(),
  ordersPerViewer: z.number(),
  revenuePerViewer: z.number(),
});
export type ArmResult = z.infer<typeof ArmResult>;

export const VERDICTS = ["not_enough_data", "better", "worse", "no_clear_difference"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One arm's rate against the control's: difference (arm − control) with its 95% interval. */
export const RateComparison = z.object({
  arm: z.string(),
  against: z.string(),
  metric: z.enum(["claim", "redemption"]),
  diff: z.number(),
  low: z.number(),
  high: z.number(),
  z: z.number(),
  pValue: z.number(),
  verdict: z.enum(VERDICTS),
});
export type RateComparison = z.infer<typeof RateComparison>;

export const ExperimentView = z.object({
  id: z.string(),
  name: z.string(),
  incentive: z.enum(INCENTIVES),
  arms: z.array(ExperimentArm),
  holdoutPercent: z.number().int(),
  minSample: z.number().int(),
  status: z.enum(["running", "stopped"]),
  createdAt: z.number().int(),
  stoppedAt: z.number().int().nullable(),
  results: z.array(ArmResult),
  comparisons: z.array(RateComparison),
});
export type ExperimentView = z.infer<typeof ExperimentView>;

/** `GET /v1/experiments`: the shop's experiments, newest first. */
export const ExperimentList = z.object({ experiments: z.array(ExperimentView) });
export type ExperimentList = z.infer<typeof ExperimentList>;

export const ExperimentParams = z.object({ experimentId: Id }).strict();

/** The live the host is looking at: since the room last went live. */
export const LiveInsight = z.object({
  roomId: z.string(),
  since: z.number().int().nullable(),
  /** one point per sampled minute */
  viewers: z.array(z.object({ at: z.number().int(), viewers: z.number().int() })),
  watch: z.object({
    viewers: z.number().int(),
    averageMinutes: z.number(),
    /** viewers by verified minutes watched: [from, to) */
    distribution: z.array(
      z.object({ fromMinutes: z.number(), toMinutes: z.number().nullable(), viewers: z.number().int() }),
    ),
  }),
  pointsIssued: z.number().int(),
  offers: z.array(
    z.object({
      id: z.string(),
      templateId: z.string(),
      startedAt: z.number().int(),
      stock: z.number().int(),
      claimed: z.number().int(),
      /** null when it did not sell out */
      soldOutMs: z.number().nullable(),
      redeemed: z.number().int(),
      /** cents paid on orders that used this offer's coupons */
      revenue: z.number().int(),
    }),
  ),
});
export type LiveInsight = z.infer<typeof LiveInsight>;

/** The shop over time. */
export const ShopInsight = z.object({
  buyers: z.number().int(),
  repeatBuyers: z.number().int(),
  /** repeat buyers / buyers; 0 when there are no buyers */
  repurchaseRate: z.number(),
  /** first-order cohorts by week (Monday, UTC); retained[k] = buyers who ordered again in week k+1 */
  cohorts: z.array(z.object({ weekStart: z.number().int(), buyers: z.number().int(), retained: z.array(z.number()) })),
  tiers: z.array(z.object({ tier: z.string(), viewers: z.number().int() })),
  segments: z.object({ highIntent: z.number().int(), newBuyer: z.number().int(), dormant: z.number().int() }),
  coupons: z.array(z.object({ source: z.string(), issued: z.number().int(), redeemed: z.number().int() })),
  revenue: z.object({ total: z.number().int(), withCoupon: z.number().int(), ordersWithCoupon: z.number().int() }),
  /** invite links handed out → invitees who joined → qualified → invitees' first orders */
  referrals: ReferralFunnel,
});
export type ShopInsight = z.infer<typeof ShopInsight>;

/** A coupon template by name and terms, for the offers and experiment arms that refer to it by id. */
export const TemplateName = z.object({
  id: z.string(),
  name: LocalizedText,
  kind: z.enum(["amount", "percent"]),
  value: z.number().int(),
  minSpend: z.number().int(),
});
export type TemplateName = z.infer<typeof TemplateName>;

/** Per-day averages over a group of days. */
export const DayAverages = z.object({
  days: z.number().int(),
  orders: z.number(),
  /** cents paid */
  revenue: z.number(),
  watchMinutes: z.number(),
});
export type DayAverages = z.infer<typeof DayAverages>;

/** The last `sinceDays` whole local days, split into days a campaign (or member day) ran and ordinary ones. */
export const CampaignDays = z.object({ sinceDays: z.number().int(), campaign: DayAverages, ordinary: DayAverages });
export type CampaignDays = z.infer<typeof CampaignDays>;

export const Insight = z.object({
  at: z.number().int(),
  live: LiveInsight,
  shop: ShopInsight,
  experiments: z.array(ExperimentView),
  /** every template this live's offers and the experiments' arms name, retired ones included */
  templates: z.array(TemplateName),
  /** each automation between lives, with its lift against its holdout */
  automations: z.array(AutomationReport),
  /** campaign days against ordinary ones */
  campaignDays: CampaignDays,
});
export type Insight = z.infer<typeof Insight>;

/** `GET /v1/insight?room=`: which room's live the dashboard is about. */
export const InsightQuery = z.object({ room: Id }).strict();
