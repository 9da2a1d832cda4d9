import { z } from "zod";
import { AutomationsConfig, DEFAULT_AUTOMATIONS } from "./lifecycle.js";
import { PERK_FLAGS } from "./perks.js";

export { PERK_FLAGS, type PerkFlag } from "./perks.js";

import { DEFAULT_REFERRALS, ReferralConfig } from "./referrals.js";

/** A string shown to viewers, in each locale the widget speaks. */
export const LocalizedText = z.object({
  "zh-CN": z.string().min(1).max(80),
  en: z.string().min(1).max(80),
});
export type LocalizedText = z.infer<typeof LocalizedText>;

export const TierConfig = z.object({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,23}$/)
    .describe("stable id used in offers' tier gates"),
  name: LocalizedText,
  /** growth value at which a viewer reaches this tier */
  threshold: z.number().int().min(0).max(100_000_000),
  /** applied to watch points */
  multiplier: z.number().min(1).max(10),
  /** what the tier's perks say to viewers, in their words */
  perks: z.array(LocalizedText).max(12),
  /**
   * The member price: this percentage off every order of a viewer at this tier, taken before the
   * coupon and points (0: none). Applied by the server at redeem, quote and order time.
   */
  memberPricePercent: z.number().int().min(0).max(50).default(0),
  /** perks the shop's fulfilment acts on, sent with each order (`order.credited`, the order's answer) */
  flags: z
    .array(z.enum(PERK_FLAGS))
    .max(PERK_FLAGS.length)
    .refine((flags) => new Set(flags).size === flags.length, "each flag once")
    .default([]),
});
export type TierConfig = z.infer<typeof TierConfig>;

export const WatchConfig = z.object({
  /** points for each full block of verified watching */
  pointsPerBlock: z.number().int().min(0).max(10_000),
  blockSeconds: z
    .number()
    .int()
    .min(60)
    .max(24 * 3600),
  /** most watch points a viewer earns in one local day, after multipliers */
  dailyCap: z.number().int().min(0).max(1_000_000),
  /** longest interval one beat may credit */
  maxBeatSeconds: z.number().int().min(5).max(300),
});

export const ChestConfig = z.object({
  everySeconds: z
    .number()
    .int()
    .min(60)
    .max(24 * 3600),
  claimSeconds: z.number().int().min(10).max(3600),
  points: z.number().int().min(0).max(10_000),
});

export const MemberDayConfig = z.object({
  /** 1–31: days of the month that are member days */
  daysOfMonth: z.array(z.number().int().min(1).max(31)).max(31),
  /** 0 (Sunday) – 6: days of the week that are member days */
  daysOfWeek: z.array(z.number().int().min(0).max(6)).max(7),
  multiplier: z.number().min(1).max(10),
});

/**
 * A template a trigger grants, or null for none. Absent reads as null: a merge patch (PATCH
 * /v1/config) switches a trigger off by sending null, which removes the key.
 */
const TriggerTemplate = z.string().max(64).nullable().default(null);

/** Which coupon template each repurchase trigger grants; null switches that trigger off. */
export const RepurchaseConfig = z.object({
  /** granted once, on the viewer's first order (DESIGN §4 suggests a 30-day template) */
  firstOrderTemplateId: TriggerTemplate,
  /** granted once a year, in the viewer's birthday week */
  birthdayTemplateId: TriggerTemplate,
  /** granted privately to high-intent viewers when the host features the product they keep clicking */
  nudgeTemplateId: TriggerTemplate,
});
export type RepurchaseConfig = z.infer<typeof RepurchaseConfig>;
export const ModerationConfig = z.object({
  /** comments containing any of these (case-insensitive) never reach the room */
  blockedWords: z.array(z.string().trim().min(1).max(40)).max(500),
  /** sustained comments per viewer per minute; a short burst of up to 5 is allowed on top of the pace */
  commentsPerMinute: z.number().int().min(1).max(600),
});

/** What the live room shows of the people in it. */
export const RoomConfig = z.object({
  /**
   * keys of the tiers whose viewers get an entrance line when they join ("挚爱 Amy 来了"); null
   * (or absent, after a merge patch's null) announces the top tier; [] announces nobody
   */
  entranceTiers: z.array(z.string().max(24)).max(10).nullable().default(null),
});
export type RoomConfig = z.infer<typeof RoomConfig>;

export const ShopConfig = z
  .object({
    /** IANA zone that decides where a shop's day starts (daily cap, member days) */
    timezone: z.string().min(1).max(64),
    watch: WatchConfig,
    chest: ChestConfig,
    memberDays: MemberDayConfig,
    tiers: z.array(TierConfig).min(1).max(10),
    /** 100 points = ¥1 by default */
    pointsPerYuan: z.number().int().min(1).max(100_000),
    /** share of an order payable with points, in percent */
    pointsSpendCapPercent: z.number().int().min(0).max(100),
    /** growth per ¥1 paid */
    growthPerYuan: z.number().int().min(0).max(1000),
    /**
     * Order points: this many points per whole ¥1 paid in money (after coupon and points),
     * times the tier multiplier the viewer had when the order was paid.
     */
    orderPointsPerYuan: z.number().int().min(0).max(1000).default(1),
    repurchase: RepurchaseConfig.default({
      firstOrderTemplateId: null,
      birthdayTemplateId: null,
      nudgeTemplateId: null,
    }),
    moderation: ModerationConfig,
    /**
     * Pages allowed to open the widget's socket (e.g. "https://shop.example", or the shop's browser
     * extension, "chrome-extension://<id>", for its popup); empty allows any page, since the widget
     * is made to be pasted into streamers' own sites.
     */
    allowedOrigins: z
      .array(
        z
          .string()
          .regex(
            /^(https?:\/\/[^/\s]+|chrome-extension:\/\/[a-p]{32})$/,
            "an origin: scheme://host[:port], or chrome-extension://<id>",
          )
          .max(200),
      )
      .max(50)
      .default([]),
    /** the touches between lives and the contact budget over them (DESIGN §4) */
    automations: AutomationsConfig.default(DEFAULT_AUTOMATIONS),
    room: RoomConfig.default({ entranceTiers: null }),
    /** invite links and what an invited new viewer earns both sides (off until the shop turns it on) */
    referrals: ReferralConfig.default(DEFAULT_REFERRALS),
  })
  .superRefine((config, ctx) => {
    if (config.tiers[0]?.threshold !== 0) {
      ctx.addIssue({ code: "custom", path: ["tiers", 0, "threshold"], message: "the first tier starts at 0" });
    }
    for (let i = 1; i < config.tiers.length; i++) {
      const prev = config.tiers[i - 1];
      const tier = config.tiers[i];
      if (prev && tier && tier.threshold <= prev.threshold) {
        ctx.addIssue({ code: "custom", path: ["tiers", i, "threshold"], message: "thresholds must increase" });
      }
    }
    const keys = new Set(config.tiers.map((t) => t.key));
    if (keys.size !== config.tiers.length) {
      ctx.addIssue({ code: "custom", path: ["tiers"], message: "tier keys must be unique" });
    }
    for (const tier of Object.keys(config.automations.tierEntry.templates)) {
      if (!keys.has(tier)) {
        ctx.addIssue({
          code: "custom",
          path: ["automations", "tierEntry", "templates", tier],
          message: "no tier has this key",
        });
      }
    }
    for (const [i, tier] of (config.room.entranceTiers ?? []).entries()) {
      if (!keys.has(tier)) {
        ctx.addIssue({ code: "custom", path: ["room", "entranceTiers", i], message: "no tier has this key" });
      }
    }
    try {
      new Intl.DateTimeFormat("en", { timeZone: config.timezone });
    } catch {
      ctx.addIssue({ code: "custom", path: ["timezone"], message: "unknown time zone" });
    }
  });
export type ShopConfig = z.infer<typeof ShopConfig>;

const text = (zh: string, en: string): LocalizedText => ({ "zh-CN": zh, en });

/** DESIGN §4 defaults; every shop starts from these and may change any of them. */
export const DEFAULT_CONFIG: ShopConfig = {
  timezone: "Asia/Shanghai",
  watch: { pointsPerBlock: 10, blockSeconds: 600, dailyCap: 120, maxBeatSeconds: 45 },
  chest: { everySeconds: 900, claimSeconds: 300, points: 5 },
  memberDays: { daysOfMonth: [18], daysOfWeek: [], multiplier: 2 },
  tiers: [
    {
      key: "fan",
      name: text("粉丝", "Fan"),
      threshold: 0,
      multiplier: 1,
      perks: [text("生日礼", "Birthday gift"), text("优先发货", "Priority shipping")],
      memberPricePercent: 0,
      flags: ["priorityShipping"],
    },
    {
      key: "silver",
      name: text("铁粉", "Silver"),
      threshold: 500,
      multiplier: 1.2,
      perks: [
        text("生日礼", "Birthday gift"),
        text("优先发货", "Priority shipping"),
        text("会员折扣", "Member discount"),
        text("新品试用", "New-product trials"),
      ],
      memberPricePercent: 0,
      flags: ["priorityShipping", "newProductTrials"],
    },
    {
      key: "gold",
      name: text("钻粉", "Gold"),
      threshold: 2000,
      multiplier: 1.5,
      perks: [
        text("会员折扣", "Member discount"),
        text("新品试用", "New-product trials"),
        text("专属客服", "Dedicated service"),
        text("活动邀请", "Event invitations"),
      ],
      memberPricePercent: 0,
      flags: ["newProductTrials", "dedicatedService"],
    },
    {
      key: "vip",
      name: text("挚爱", "VIP"),
      threshold: 8000,
      multiplier: 2,
      perks: [
        text("专属客服", "Dedicated service"),
        text("活动邀请", "Event invitations"),
        text("产品共创", "Product co-creation"),
      ],
      memberPricePercent: 0,
      flags: ["dedicatedService"],
    },
  ],
  pointsPerYuan: 100,
  pointsSpendCapPercent: 20,
  growthPerYuan: 1,
  orderPointsPerYuan: 1,
  repurchase: { firstOrderTemplateId: null, birthdayTemplateId: null, nudgeTemplateId: null },
  moderation: { blockedWords: [], commentsPerMinute: 20 },
  allowedOrigins: [],
  automations: DEFAULT_AUTOMATIONS,
  room: { entranceTiers: null },
  referrals: DEFAULT_REFERRALS,
};
