import { z } from "zod";
import type { LocalizedText } from "./config.js";
import { SEGMENTS, type Segment } from "./segments.js";
import { Id } from "./tokens.js";

/*
 * "Between lives": the automations that reach a viewer outside the live room, the contact budget
 * that keeps them from pestering, and the touch a viewer finds in the widget's inbox.
 * This module imports no runtime value from config.ts: config.ts imports it.
 */

/** What a touch is about. A win-back touch carries its step (1, 2, 3) in its params. */
export const TOUCH_KINDS = [
  "replenish",
  "first_order",
  "coupon_expiring",
  "win_back",
  "points_expiring",
  "points_expired",
  "tier_downgrade_notice",
  "tier_entry",
  "birthday",
  "segment_entered",
] as const;
export const TouchKind = z.enum(TOUCH_KINDS);
export type TouchKind = z.infer<typeof TouchKind>;

/** The automations, by their key in `AutomationsConfig`. */
export const AUTOMATIONS = [
  "replenish",
  "firstOrder",
  "couponExpiring",
  "winBack",
  "pointsExpiry",
  "tierWindow",
  "tierEntry",
  "birthday",
  "segmentEntered",
] as const;
export type Automation = (typeof AUTOMATIONS)[number];

const AUTOMATION_OF: Record<TouchKind, Automation> = {
  replenish: "replenish",
  first_order: "firstOrder",
  coupon_expiring: "couponExpiring",
  win_back: "winBack",
  points_expiring: "pointsExpiry",
  points_expired: "pointsExpiry",
  tier_downgrade_notice: "tierWindow",
  tier_entry: "tierEntry",
  birthday: "birthday",
  segment_entered: "segmentEntered",
};

/** The automation whose settings (switch, template, holdout) govern a kind of touch. */
export function automationOf(kind: TouchKind): Automation {
  return AUTOMATION_OF[kind];
}

/**
 * A coupon template an automation grants; null sends the message without a coupon. Absent reads
 * as null, since a merge patch's null removes the key.
 */
const TemplateRef = Id.nullable().default(null);
/** A whole number of days, at least one: zero or negative timings are refused at the edge. */
const days = (max: number) => z.number().int().min(1).max(max);
/** "HH:MM", 24-hour, in the shop's zone. */
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day, HH:MM (00:00–23:59)");

export const ReplenishAutomation = z
  .object({
    enabled: z.boolean(),
    templateId: TemplateRef,
    /** days before one unit runs out (`usageDays` after payment) that the reminder goes */
    leadDays: days(365),
  })
  .strict();

export const FirstOrderAutomation = z
  .object({
    enabled: z.boolean(),
    /** usually null: the thank-you points to the first-order coupon already in the wallet */
    templateId: TemplateRef,
    /** days after the first order is paid */
    afterDays: days(30),
  })
  .strict();

export const CouponExpiringAutomation = z
  .object({
    enabled: z.boolean(),
    /** usually null: the coupon about to expire is the reason to come back */
    templateId: TemplateRef,
    daysBefore: days(60),
  })
  .strict();

export const WinBackStep = z.object({ days: days(730), templateId: TemplateRef }).strict();

export const WinBackAutomation = z
  .object({
    enabled: z.boolean(),
    /** days without verified watching or an order, each step later than the one before */
    steps: z.array(WinBackStep).min(1).max(3),
  })
  .strict();

export const PointsExpiryAutomation = z
  .object({
    enabled: z.boolean(),
    /** sent with the warnings; usually null */
    templateId: TemplateRef,
    /** months without earning or spending after which the balance expires */
    months: z.number().int().min(1).max(60),
    /** days before the expiry that a warning goes, e.g. [30, 3] */
    warningDays: z.array(days(365)).max(3),
  })
  .strict();

export const TierWindowAutomation = z
  .object({
    enabled: z.boolean(),
    /** sent with the downgrade notice; usually null */
    templateId: TemplateRef,
    /** growth counts towards the tier for this many months after it was earned */
    months: z.number().int().min(1).max(60),
    /** days a viewer keeps the tier after the window's growth fell below its threshold */
    graceDays: days(365),
    /** days before the downgrade that the notice goes: at most the grace */
    noticeDays: days(365),
  })
  .strict();

export const TierEntryAutomation = z
  .object({
    enabled: z.boolean(),
    /** coupon per tier key; a tier left out gets the congratulation without a coupon */
    templates: z.record(z.string().max(24), TemplateRef),
  })
  .strict();

export const BirthdayAutomation = z
  .object({
    enabled: z.boolean(),
    /** sent at the start of the birthday week (three days before the birthday, shop time) */
    templateId: TemplateRef,
  })
  .strict();

export const SegmentAutomation = z.object({ enabled: z.boolean(), templateId: TemplateRef }).strict();

export const SegmentEnteredAutomation = z
  .object({
    /** per segment; a segment left out sends nothing */
    segments: z.partialRecord(z.enum(SEGMENTS), SegmentAutomation),
  })
  .strict();

/** Quiet hours in the shop's zone; start after end wraps past midnight (21:00–09:00). */
export const QuietHours = z
  .object({ start: ClockTime, end: ClockTime })
  .strict()
  .refine((q) => q.start !== q.end, { message: "quiet hours must end: start and end differ", path: ["end"] });
export type QuietHours = z.infer<typeof QuietHours>;

/** How often one viewer may be touched, across every automation. */
export const ContactBudget = z
  .object({
    /** touches in any rolling 7 days */
    perWeek: z.number().int().min(1).max(14),
    /** touches in one local day of the shop */
    perDay: z.number().int().min(1).max(5),
    /** no touch goes out in these hours: it waits for their end; null (or absent, after a merge patch's null) sends at any hour */
    quietHours: QuietHours.nullable().default(null),
    /** share of eligible viewers each automation keeps untouched, to measure its lift */
    holdoutPercent: z.number().int().min(0).max(50),
    /** which kind goes first when several are due; kinds left out follow, in TOUCH_KINDS order */
    priority: z.array(TouchKind).max(TOUCH_KINDS.length),
  })
  .strict()
  .superRefine((budget, ctx) => {
    if (budget.perDay > budget.perWeek) {
      ctx.addIssue({ code: "custom", path: ["perDay"], message: "at most the touches per week" });
    }
    const seen = new Set<string>();
    budget.priority.forEach((kind, i) => {
      if (seen.has(kind)) ctx.addIssue({ code: "custom", path: ["priority", i], message: "listed twice" });
      seen.add(kind);
    });
  });
export type ContactBudget = z.infer<typeof ContactBudget>;

export const DEFAULT_PRIORITY: readonly TouchKind[] = [
  "points_expiring",
  "coupon_expiring",
  "replenish",
  "birthday",
  "tier_downgrade_notice",
  "first_order",
  "win_back",
  "tier_entry",
  "points_expired",
  "segment_entered",
];

/** DESIGN §4 defaults. Points expiry, the tier window, tier entry and segment touches start off. */
export const DEFAULT_AUTOMATIONS = {
  replenish: { enabled: true, templateId: null, leadDays: 5 },
  firstOrder: { enabled: true, templateId: null, afterDays: 1 },
  couponExpiring: { enabled: true, templateId: null, daysBefore: 3 },
  winBack: {
    enabled: true,
    steps: [
      { days: 30, templateId: null },
      { days: 60, templateId: null },
      { days: 90, templateId: null },
    ],
  },
  pointsExpiry: { enabled: false, templateId: null, months: 12, warningDays: [30, 3] },
  tierWindow: { enabled: false, templateId: null, months: 12, graceDays: 30, noticeDays: 30 },
  tierEntry: { enabled: false, templates: {} },
  birthday: { enabled: true, templateId: null },
  segmentEntered: { segments: {} },
  budget: {
    perWeek: 2,
    perDay: 1,
    quietHours: { start: "21:00", end: "09:00" },
    holdoutPercent: 10,
    priority: [...DEFAULT_PRIORITY],
  },
} satisfies z.input<typeof AutomationsFields>;

/** The shortest span `months` calendar months can have: a warning must fall after the last activity. */
const shortestDays = (months: number) => Math.floor(months * 28);

const AutomationsFields = z
  .object({
    replenish: ReplenishAutomation,
    firstOrder: FirstOrderAutomation,
    couponExpiring: CouponExpiringAutomation,
    winBack: WinBackAutomation,
    pointsExpiry: PointsExpiryAutomation,
    tierWindow: TierWindowAutomation,
    tierEntry: TierEntryAutomation,
    birthday: BirthdayAutomation,
    segmentEntered: SegmentEnteredAutomation,
    budget: ContactBudget,
  })
  .strict();

/**
 * Every automation of a shop with its switch, coupon template and timing, and the contact budget
 * over all of them. Each part defaults on its own, so a config stored before a part existed (or a
 * body that sets only one automation) still parses. Field errors carry their path, e.g.
 * `automations.winBack.steps.1.days`.
 */
export const AutomationsConfig = z
  .object({
    replenish: ReplenishAutomation.default(DEFAULT_AUTOMATIONS.replenish),
    firstOrder: FirstOrderAutomation.default(DEFAULT_AUTOMATIONS.firstOrder),
    couponExpiring: CouponExpiringAutomation.default(DEFAULT_AUTOMATIONS.couponExpiring),
    winBack: WinBackAutomation.default(DEFAULT_AUTOMATIONS.winBack),
    pointsExpiry: PointsExpiryAutomation.default(DEFAULT_AUTOMATIONS.pointsExpiry),
    tierWindow: TierWindowAutomation.default(DEFAULT_AUTOMATIONS.tierWindow),
    tierEntry: TierEntryAutomation.default(DEFAULT_AUTOMATIONS.tierEntry),
    birthday: BirthdayAutomation.default(DEFAULT_AUTOMATIONS.birthday),
    segmentEntered: SegmentEnteredAutomation.default(DEFAULT_AUTOMATIONS.segmentEntered),
    budget: ContactBudget.default(DEFAULT_AUTOMATIONS.budget),
  })
  .strict()
  .superRefine((config, ctx) => {
    config.winBack.steps.forEach((step, i) => {
      const before = config.winBack.steps[i - 1];
      if (before && step.days <= before.days) {
        ctx.addIssue({
          code: "custom",
          path: ["winBack", "steps", i, "days"],
          message: "each step comes later than the one before",
        });
      }
    });
    const { months, warningDays } = config.pointsExpiry;
    warningDays.forEach((warning, i) => {
      if (warning >= shortestDays(months)) {
        ctx.addIssue({
          code: "custom",
          path: ["pointsExpiry", "warningDays", i],
          message: `a warning must come before the expiry: fewer than ${shortestDays(months)} days`,
        });
      }
      if (warningDays.indexOf(warning) !== i) {
        ctx.addIssue({ code: "custom", path: ["pointsExpiry", "warningDays", i], message: "listed twice" });
      }
    });
    if (config.tierWindow.noticeDays > config.tierWindow.graceDays) {
      ctx.addIssue({
        code: "custom",
        path: ["tierWindow", "noticeDays"],
        message: "the notice comes within the grace period: at most the grace days",
      });
    }
  });
export type AutomationsConfig = z.infer<typeof AutomationsConfig>;

export interface TemplateReference {
  /** from the config's root, e.g. ["automations", "winBack", "steps", 0, "templateId"] */
  path: (string | number)[];
  templateId: string;
}

/** Every coupon template the automations grant, with where it is set: each must exist in the shop. */
export function automationTemplateIds(config: AutomationsConfig): TemplateReference[] {
  const refs: TemplateReference[] = [];
  const add = (templateId: string | null, ...path: (string | number)[]) => {
    if (templateId !== null) refs.push({ path: ["automations", ...path, "templateId"], templateId });
  };
  add(config.replenish.templateId, "replenish");
  add(config.firstOrder.templateId, "firstOrder");
  add(config.couponExpiring.templateId, "couponExpiring");
  config.winBack.steps.forEach((step, i) => {
    add(step.templateId, "winBack", "steps", i);
  });
  add(config.pointsExpiry.templateId, "pointsExpiry");
  add(config.tierWindow.templateId, "tierWindow");
  for (const [tier, templateId] of Object.entries(config.tierEntry.templates)) {
    // the tier's entry is the template itself: no "templateId" field below it
    if (templateId !== null) refs.push({ path: ["automations", "tierEntry", "templates", tier], templateId });
  }
  add(config.birthday.templateId, "birthday");
  for (const segment of SEGMENTS) {
    add(config.segmentEntered.segments[segment]?.templateId ?? null, "segmentEntered", "segments", segment);
  }
  return refs;
}

/**
 * What a touch's words are made of. Names come localized (the coupon's is known once the
 * service has issued it); numbers are plain and formatted by the words.
 */
export interface TouchParams {
  product?: LocalizedText;
  coupon?: LocalizedText;
  tier?: LocalizedText;
  days?: number;
  points?: number;
  /** win-back step, 1–3 */
  step?: number;
  segment?: Segment;
}

// The inbox's shapes live in inbox.ts (they hold a coupon); their types are re-exported for old imports.
export type { InboxState, TouchView, TouchWords } from "./inbox.js";

/** An automation's measured effect: repurchase of touched viewers against its holdout. */
const Arm = z.object({ viewers: z.number().int(), repurchased: z.number().int(), rate: z.number() });
export const AutomationLift = z.object({
  touched: Arm,
  holdout: Arm,
  /** touched rate − holdout rate, with its 95% interval; null while a side has no viewers */
  diff: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  verdict: z.enum(["not_enough_data", "better", "worse", "no_clear_difference"]),
});
export type AutomationLift = z.infer<typeof AutomationLift>;

/** One automation on the dashboard: what it did over the shop's history and what it changed. */
export const AutomationReport = z.object({
  automation: z.enum(AUTOMATIONS),
  enabled: z.boolean(),
  /** viewers it was due for: touched + held out + held back */
  eligible: z.number().int(),
  touched: z.number().int(),
  /** viewers kept out on purpose to measure against (recorded, never touched) */
  heldOut: z.number().int(),
  /** touches the contact budget or an opt-out kept back */
  heldBack: z.number().int(),
  /** coupons it issued that were redeemed */
  couponsRedeemed: z.number().int(),
  /** orders and their revenue (cents) by touched viewers within 30 days of the touch */
  orders: z.number().int(),
  revenue: z.number().int(),
  lift: AutomationLift,
});
export type AutomationReport = z.infer<typeof AutomationReport>;

/** What became of a touch: the shop API's view of a viewer's touches. */
export const TOUCH_STATUSES = ["pending", "sent", "deferred", "held", "cancelled", "holdout"] as const;

export const TouchRecord = z.object({
  id: z.string(),
  kind: TouchKind,
  automation: z.enum(AUTOMATIONS),
  status: z.enum(TOUCH_STATUSES),
  /** why it was held, deferred or cancelled (quiet_hours, per_day, per_week, opted_out, expired, no_longer_due), or why its coupon was not issued */
  reason: z.string().nullable(),
  dueAt: z.number().int(),
  sentAt: z.number().int().nullable(),
  seenAt: z.number().int().nullable(),
  couponCode: z.string().nullable(),
  /** the message as sent; null until it is */
  words: z.object({ "zh-CN": z.string(), en: z.string() }).nullable(),
});
export type TouchRecord = z.infer<typeof TouchRecord>;

export const TouchesQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();
export const TouchesResponse = z.object({ touches: z.array(TouchRecord) });

/** The shop's side of the widget's setting: no touches between lives for this viewer (or back on). */
export const ContactBody = z.object({ optOut: z.boolean() }).strict();

export const SegmentParams = z.object({ segment: z.enum(SEGMENTS) }).strict();
export const SegmentViewersQuery = z
  .object({
    /** the `nextCursor` of the page before; absent for the first page */
    cursor: Id.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    /** `csv` answers text/csv, as `Accept: text/csv` does */
    format: z.enum(["json", "csv"]).default("json"),
  })
  .strict();
export const SegmentViewer = z.object({ viewerId: z.string(), name: z.string().nullable(), since: z.number().int() });
export const SegmentViewersResponse = z.object({
  segment: z.enum(SEGMENTS),
  viewers: z.array(SegmentViewer),
  /** pass it back as `cursor` for the next page; null once the last page is read */
  nextCursor: z.string().nullable(),
});
export type SegmentViewersResponse = z.infer<typeof SegmentViewersResponse>;
