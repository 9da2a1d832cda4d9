import { z } from "zod";
import type { WebhookEvent } from "./commerce.js";
import { COUPON_KINDS, COUPON_SOURCES } from "./coupons.js";
import { TouchView } from "./inbox.js";
import { AUTOMATIONS } from "./lifecycle.js";

/*
 * What each webhook carries. The server builds its payloads to these types, the OpenAPI document
 * lists them in its `webhooks` section, and the SDK's `verifyWebhook` returns them typed.
 */

/** `live.started`: the room, when it went live, and who asked to be reminded. */
export const LiveStartedData = z.object({
  roomId: z.string(),
  title: z.string(),
  startedAt: z.number().int(),
  subscribers: z.array(z.object({ viewerId: z.string(), name: z.string().nullable(), since: z.number().int() })),
});

/** `coupon.granted`: the coupon as issued, and the grant it was issued for. */
export const CouponGrantedData = z.object({
  viewerId: z.string(),
  code: z.string(),
  templateId: z.string(),
  source: z.enum(COUPON_SOURCES),
  /** what it was granted for: the offer, the order, the touch… */
  sourceRef: z.string(),
  kind: z.enum(COUPON_KINDS),
  value: z.number().int(),
  minSpend: z.number().int(),
  expiresAt: z.number().int(),
});

/** `tier.changed`: the viewer crossed a tier threshold, up or (after a refund) down. */
export const TierChangedData = z.object({
  viewerId: z.string(),
  /** tier keys */
  from: z.string(),
  to: z.string(),
  growth: z.number().int(),
});

/** `order.credited`: an order's points and growth, and the balances after it. */
export const OrderCreditedData = z.object({
  orderId: z.string(),
  viewerId: z.string(),
  amount: z.number().int(),
  paid: z.number().int(),
  pointsEarned: z.number().int(),
  pointsUsed: z.number().int(),
  growthEarned: z.number().int(),
  couponCode: z.string().nullable(),
  points: z.number().int(),
  growth: z.number().int(),
  tier: z.string(),
});

/** `viewer.touch`: who to reach and what to say; the shop sends it on by SMS, WeChat or app push. */
export const ViewerTouchData = z.object({
  viewerId: z.string(),
  automation: z.enum(AUTOMATIONS),
  touch: TouchView,
});

const envelope = <E extends WebhookEvent, D extends z.ZodType>(event: E, data: D) =>
  z.object({
    event: z.literal(event),
    shopId: z.string(),
    /** epoch ms the change was committed */
    createdAt: z.number().int(),
    data,
  });

export const LiveStartedWebhook = envelope("live.started", LiveStartedData);
export const CouponGrantedWebhook = envelope("coupon.granted", CouponGrantedData);
export const TierChangedWebhook = envelope("tier.changed", TierChangedData);
export const OrderCreditedWebhook = envelope("order.credited", OrderCreditedData);
export const ViewerTouchWebhook = envelope("viewer.touch", ViewerTouchData);

/** Every webhook's body (`{ event, shopId, createdAt, data }`), by event. */
export const WEBHOOK_PAYLOADS = {
  "live.started": LiveStartedWebhook,
  "coupon.granted": CouponGrantedWebhook,
  "tier.changed": TierChangedWebhook,
  "order.credited": OrderCreditedWebhook,
  "viewer.touch": ViewerTouchWebhook,
} satisfies Record<WebhookEvent, z.ZodType>;

export type WebhookPayload<E extends WebhookEvent = WebhookEvent> = z.infer<(typeof WEBHOOK_PAYLOADS)[E]>;
export type WebhookData<E extends WebhookEvent> = WebhookPayload<E>["data"];

/** What a webhook summary says in the OpenAPI document, by event. */
export const WEBHOOK_SUMMARIES: Record<WebhookEvent, string> = {
  "live.started": "A room went live; carries the viewers who asked to be reminded",
  "coupon.granted": "A coupon was issued to a viewer (deal, exchange, first order, birthday, automation…)",
  "tier.changed": "A viewer's tier changed",
  "order.credited": "An order was credited: points and growth earned, balances after it",
  "viewer.touch": "An automation between lives reached a viewer: what to send them, in every locale",
};
