import { z } from "zod";
import { OrderCampaign } from "./campaigns.js";
import { CouponTemplate, CouponView } from "./coupons.js";
import { PERK_FLAGS } from "./perks.js";
import { SEGMENTS } from "./segments.js";
import { Id } from "./tokens.js";
import { Wallet } from "./wire.js";

/** Bodies and responses of the commerce part of the shop API: orders, redemption, webhooks. */

/**
 * The largest order, in cents (¥100,000,000), and the largest points or growth balance. Every
 * amount, sum and balance stays below them, so all the arithmetic on money, however many orders
 * add up, stays within the safe integers (2^53) where a number is exact.
 */
export const MAX_ORDER_CENTS = 10_000_000_000;
export const MAX_BALANCE = 1_000_000_000_000_000;

/** Money is in cents (fen): whole, non-negative numbers. Bad amounts get their own code, checked in the service. */
const Cents = z.number();

export const OrderItem = z
  .object({
    sku: Id,
    /** the product's name, shown when the widget suggests what goes with a purchase */
    name: z.string().min(1).max(120).optional(),
    qty: z.number().int().min(1).max(10_000),
    /** unit price in cents */
    price: z.number().int().min(0).max(100_000_000),
  })
  .strict();
export type OrderItem = z.infer<typeof OrderItem>;

export const OrderBody = z
  .object({
    orderId: Id,
    viewerId: Id,
    /** the order's value in cents before the coupon and points */
    amount: Cents,
    items: z.array(OrderItem).max(200),
    /** a coupon used at checkout; consumed by the order */
    couponCode: z.string().min(1).max(32).optional(),
    /** points spent at checkout: pointsPerYuan points = ¥1, at most pointsSpendCapPercent of amount */
    pointsUsed: z.number().int().min(0).max(1_000_000_000).default(0),
    /** when it was paid, epoch ms */
    paidAt: z.number().int().min(0),
  })
  .strict();
export type OrderBody = z.input<typeof OrderBody>;

/**
 * What an order would come to, asked at checkout before the viewer pays: the same arithmetic
 * as the order (member price, coupon, points), nothing written, nothing redeemed.
 */
export const QuoteBody = z
  .object({
    viewerId: Id,
    amount: Cents,
    couponCode: z.string().min(1).max(32).optional(),
    pointsUsed: z.number().int().min(0).max(1_000_000_000).default(0),
  })
  .strict();
export type QuoteBody = z.input<typeof QuoteBody>;
export type QuoteInput = z.output<typeof QuoteBody>;

/** An order's money, the same in its answer and in its quote. */
const ORDER_MONEY = {
  /** the member price: cents off for the viewer's tier, taken before the coupon */
  memberDiscount: z.number().int(),
  /** coupon discount in cents */
  discount: z.number().int(),
  /** points spent and what they were worth, in cents */
  pointsUsed: z.number().int(),
  pointsValue: z.number().int(),
  /** what was paid in money: amount − memberDiscount − discount − pointsValue */
  paid: z.number().int(),
  pointsEarned: z.number().int(),
  growthEarned: z.number().int(),
};

export const QuoteResponse = z.object({
  viewerId: z.string(),
  amount: z.number().int(),
  /** the viewer's tier now, whose member price and perks the quote applies */
  tier: z.string(),
  memberPricePercent: z.number().int(),
  ...ORDER_MONEY,
  perks: z.array(z.enum(PERK_FLAGS)),
  /** the campaign running now, whose order multiplier the quote applies, or null */
  campaign: OrderCampaign.nullable(),
});
export type QuoteResponse = z.infer<typeof QuoteResponse>;

export const OrderParams = z.object({ orderId: Id }).strict();
export const CouponParams = z.object({ code: z.string().min(1).max(32) }).strict();

export const OrderResponse = z.object({
  orderId: z.string(),
  viewerId: z.string(),
  amount: z.number().int(),
  ...ORDER_MONEY,
  couponCode: z.string().nullable(),
  /** the perks of the viewer's tier for this order's fulfilment (ship first, ship free…) */
  perks: z.array(z.enum(PERK_FLAGS)),
  /** coupons this order granted (the first-order coupon, a birthday coupon) */
  granted: z.array(CouponView),
  wallet: Wallet,
  refunded: z.boolean(),
  /** the campaign that multiplied this order's points (null when none; absent on orders from before campaigns) */
  campaign: OrderCampaign.nullable().optional(),
});
export type OrderResponse = z.infer<typeof OrderResponse>;

export const RefundResponse = z.object({
  orderId: z.string(),
  /** points taken back (earned) and given back (spent); growth taken back */
  pointsReversed: z.number().int(),
  pointsRestored: z.number().int(),
  growthReversed: z.number().int(),
  /** the coupon the order consumed, back in the viewer's wallet */
  couponRestored: z.string().nullable(),
  wallet: Wallet,
});
export type RefundResponse = z.infer<typeof RefundResponse>;

export const RedeemBody = z
  .object({
    orderId: Id,
    viewerId: Id,
    amount: Cents,
  })
  .strict();
export type RedeemBody = z.infer<typeof RedeemBody>;

export const RedeemResponse = z.object({
  code: z.string(),
  orderId: z.string(),
  /** the member price's cents off this order, for the viewer's tier; the coupon's discount is on what is left */
  memberDiscount: z.number().int(),
  /** cents off this order */
  discount: z.number().int(),
  coupon: CouponView,
});
export type RedeemResponse = z.infer<typeof RedeemResponse>;

export const ViewerSegments = z.object({
  segments: z.array(z.enum(SEGMENTS)),
  /** skus the viewer clicked at least three times in 24 h and has not bought */
  highIntentSkus: z.array(z.string()),
});
export type ViewerSegments = z.infer<typeof ViewerSegments>;

export const TemplateList = z.object({ templates: z.array(CouponTemplate) });

export const WEBHOOK_EVENTS = [
  "live.started",
  "coupon.granted",
  "tier.changed",
  "order.credited",
  "viewer.touch",
  "order.refunded",
  "coupon.redeemed",
  "coupon.revoked",
  "coupon.expiring",
  "points.adjusted",
  "points.expiring",
  "points.expired",
  "offer.won",
  "segment.entered",
  "segment.left",
  "referral.completed",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WebhookBody = z
  .object({
    url: z
      .string()
      .url()
      .max(1000)
      .refine((u) => /^https?:\/\//.test(u), "http or https only"),
    /** the signing secret; generated when left out */
    secret: z.string().min(16).max(200).optional(),
  })
  .strict();
export type WebhookBody = z.infer<typeof WebhookBody>;

export const WebhookResponse = z.object({
  url: z.string().nullable(),
  secret: z.string().nullable(),
});

export const DeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const WebhookDelivery = z.object({
  id: z.number().int(),
  outboxId: z.number().int(),
  /** the endpoint it was sent to; null once that endpoint is deleted */
  endpointId: z.string().nullable(),
  event: z.enum(WEBHOOK_EVENTS),
  attempt: z.number().int(),
  /** HTTP status of the receiver, or null when it could not be reached */
  status: z.number().int().nullable(),
  ok: z.boolean(),
  error: z.string().nullable(),
  at: z.number().int(),
});

export const WebhookMessage = z.object({
  id: z.number().int(),
  /** the endpoint it goes to (a change is queued once per endpoint that wants it); null once deleted */
  endpointId: z.string().nullable(),
  event: z.enum(WEBHOOK_EVENTS),
  state: z.enum(["pending", "delivered"]),
  attempts: z.number().int(),
  nextAttemptAt: z.number().int().nullable(),
  createdAt: z.number().int(),
  deliveredAt: z.number().int().nullable(),
});

export const DeliveriesResponse = z.object({
  deliveries: z.array(WebhookDelivery),
  messages: z.array(WebhookMessage),
});
