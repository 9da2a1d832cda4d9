import { z } from "zod";
import { LocalizedText } from "./config.js";
import { Id } from "./tokens.js";

/** Where a coupon came from: reported per source on the dashboard, and shown in the wallet. */
export const COUPON_SOURCES = [
  "deal",
  "exchange",
  "first_order",
  "birthday",
  "nudge",
  "manual",
  "automation",
  "host_gift",
  "referral",
] as const;
export type CouponSource = (typeof COUPON_SOURCES)[number];

/** Amount off (cents) or percent off. */
export const COUPON_KINDS = ["amount", "percent"] as const;
export type CouponKind = (typeof COUPON_KINDS)[number];

export const COUPON_STATES = ["issued", "redeemed", "expired", "revoked"] as const;
export type CouponState = (typeof COUPON_STATES)[number];

/**
 * A coupon template: what a coupon is worth and to whom. Amounts are in cents (fen);
 * a percent template's value is the percent off (1–95).
 */
export const CouponTemplateInput = z
  .object({
    name: LocalizedText,
    kind: z.enum(COUPON_KINDS),
    value: z.number().int().min(1).max(10_000_000),
    /** cents the order must reach before the coupon applies */
    minSpend: z.number().int().min(0).max(100_000_000),
    validDays: z.number().int().min(1).max(366),
    /** tier key a viewer must have reached to receive it, if any */
    minTier: z.string().max(24).nullable().default(null),
    /** total coupons this template may ever issue; null for no limit */
    stock: z.number().int().min(1).max(10_000_000).nullable().default(null),
    perViewerLimit: z.number().int().min(1).max(1000).default(1),
    /** points price in the widget's exchange catalogue; null keeps it out of the catalogue */
    pointsCost: z.number().int().min(1).max(100_000_000).nullable().default(null),
  })
  .strict()
  .refine((t) => t.kind === "amount" || t.value <= 95, { message: "percent off must be 1–95", path: ["value"] });
export type CouponTemplateInput = z.infer<typeof CouponTemplateInput>;

export const CouponTemplate = z.object({
  id: Id,
  name: LocalizedText,
  kind: z.enum(COUPON_KINDS),
  value: z.number().int(),
  minSpend: z.number().int(),
  validDays: z.number().int(),
  minTier: z.string().nullable(),
  stock: z.number().int().nullable(),
  /** coupons issued so far */
  issued: z.number().int(),
  perViewerLimit: z.number().int(),
  pointsCost: z.number().int().nullable(),
  active: z.boolean(),
});
export type CouponTemplate = z.infer<typeof CouponTemplate>;

/** A coupon as its owner sees it in the wallet, and as the shop API returns it. */
export const CouponView = z.object({
  code: z.string(),
  templateId: z.string(),
  name: LocalizedText,
  kind: z.enum(COUPON_KINDS),
  value: z.number().int(),
  minSpend: z.number().int(),
  source: z.enum(COUPON_SOURCES),
  state: z.enum(COUPON_STATES),
  issuedAt: z.number().int(),
  expiresAt: z.number().int(),
});
export type CouponView = z.infer<typeof CouponView>;

/** One entry of the widget's exchange catalogue: a template priced in points. */
export const ExchangeItem = z.object({
  templateId: z.string(),
  name: LocalizedText,
  kind: z.enum(COUPON_KINDS),
  value: z.number().int(),
  minSpend: z.number().int(),
  pointsCost: z.number().int(),
  /** null when the template has no stock limit */
  remaining: z.number().int().nullable(),
  minTier: z.string().nullable(),
});
export type ExchangeItem = z.infer<typeof ExchangeItem>;

/**
 * The terms a template was created with and every coupon issued from it carries: changing them
 * would make the template say one thing and its coupons another, so an edit refuses them (a
 * clone with new terms is the way to offer a different deal).
 */
export const FIXED_TEMPLATE_FIELDS = ["kind", "value", "minSpend"] as const;

/**
 * `PATCH /v1/coupon-templates/:id`: what may change once coupons exist, each applying to coupons
 * issued from then on (a coupon keeps the name and expiry it was issued with). Kind, value and
 * minimum spend are refused with a field error naming them.
 */
export const CouponTemplatePatch = z
  .object({
    name: LocalizedText.optional(),
    validDays: z.number().int().min(1).max(366).optional(),
    minTier: z.string().max(24).nullable().optional(),
    /** at least the number already issued; null for no limit */
    stock: z.number().int().min(1).max(10_000_000).nullable().optional(),
    perViewerLimit: z.number().int().min(1).max(1000).optional(),
    pointsCost: z.number().int().min(1).max(100_000_000).nullable().optional(),
    /** refused: fixed once the template exists */
    kind: z.enum(COUPON_KINDS).optional(),
    /** refused: fixed once the template exists */
    value: z.number().int().optional(),
    /** refused: fixed once the template exists */
    minSpend: z.number().int().optional(),
  })
  .strict()
  .superRefine((patch, ctx) => {
    for (const field of FIXED_TEMPLATE_FIELDS) {
      if (patch[field] !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: "fixed once the template exists (issued coupons carry it): clone the template to change it",
        });
      }
    }
  });
export type CouponTemplatePatch = z.infer<typeof CouponTemplatePatch>;

export const TemplateParams = z.object({ id: Id }).strict();

/** A template in the back office's list: paused ones too, with what it has issued and what came of it. */
export const TemplateCounts = CouponTemplate.extend({
  /** coupons of it redeemed at checkout */
  redeemed: z.number().int(),
  /** what its stock still allows; null when it has no stock limit */
  remaining: z.number().int().nullable(),
});
export type TemplateCounts = z.infer<typeof TemplateCounts>;

export const TemplateCountsList = z.object({ templates: z.array(TemplateCounts) });
