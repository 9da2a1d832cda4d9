import { z } from "zod";
import { LocalizedText } from "./config.js";
import { Id } from "./tokens.js";

/** A wall-clock moment in the shop's time zone, to the minute: "2026-12-04T10:00". */
export const LocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "YYYY-MM-DDTHH:mm, in the shop's zone");

/**
 * When a campaign runs, in the shop's time zone: one stretch between two local date-times (a
 * quarterly festival), or whole local days that recur (a weekly welfare day "every Friday", or
 * "the 18th of each month": member days are this kind).
 */
export const CampaignSchedule = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("dates"), start: LocalDateTime, end: LocalDateTime }).strict(),
  z
    .object({
      kind: z.literal("recurring"),
      /** 0 (Sunday) – 6 */
      daysOfWeek: z.array(z.number().int().min(0).max(6)).max(7).default([]),
      /** 1–31 */
      daysOfMonth: z.array(z.number().int().min(1).max(31)).max(31).default([]),
    })
    .strict(),
]);
export type CampaignSchedule = z.infer<typeof CampaignSchedule>;

/** A coupon template the campaign reserves: while it runs, the template issues only to these tiers. */
export const CampaignCoupon = z.object({ templateId: Id, tiers: z.array(Id).min(1).max(10) }).strict();
export type CampaignCoupon = z.infer<typeof CampaignCoupon>;

const multiplier = z.number().min(1).max(10);

const CampaignFields = z.object({
  name: LocalizedText,
  schedule: CampaignSchedule,
  /** order points × this while the campaign runs (on top of the tier's multiplier) */
  orderMultiplier: multiplier,
  /** watch points × this while the campaign runs (instead of a member day's, when higher) */
  watchMultiplier: multiplier,
  coupons: z.array(CampaignCoupon).max(20),
});

/** POST /v1/campaigns */
export const CampaignInput = CampaignFields.extend({
  orderMultiplier: multiplier.default(1),
  watchMultiplier: multiplier.default(1),
  coupons: CampaignFields.shape.coupons.default([]),
}).strict();
export type CampaignInput = z.input<typeof CampaignInput>;
export type CampaignDefinition = z.output<typeof CampaignInput>;

/** PATCH /v1/campaigns/:id: fields left out keep their value (the schedule is replaced whole). */
export const CampaignPatch = CampaignFields.partial().strict();
export type CampaignPatch = z.infer<typeof CampaignPatch>;

export const CampaignParams = z.object({ id: Id }).strict();

export const CampaignView = CampaignFields.extend({
  id: z.string(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type CampaignView = z.infer<typeof CampaignView>;

export const CampaignList = z.object({ campaigns: z.array(CampaignView) });
export type CampaignList = z.infer<typeof CampaignList>;

export const CampaignDeleted = z.object({ id: z.string(), deleted: z.literal(true) });

/**
 * A campaign's current or next stretch as viewers and orders see it. Member days appear as one
 * (`kind: "member_day"`, id `member-day`), so the widget has one banner for both.
 */
export const CampaignRun = z.object({
  id: z.string(),
  kind: z.enum(["campaign", "member_day"]),
  name: LocalizedText,
  startsAt: z.number().int(),
  endsAt: z.number().int(),
  orderMultiplier: z.number(),
  watchMultiplier: z.number(),
});
export type CampaignRun = z.infer<typeof CampaignRun>;

/** What an order's answer and `order.credited` say when a campaign multiplied its points. */
export const OrderCampaign = z.object({ id: z.string(), name: LocalizedText, multiplier: z.number() });
export type OrderCampaign = z.infer<typeof OrderCampaign>;
