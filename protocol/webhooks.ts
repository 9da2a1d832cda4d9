import { z } from "zod";
import { OrderCampaign } from "./campaigns.js";
import type { WebhookEvent } from "./commerce.js";
import { COUPON_KINDS, COUPON_SOURCES } from "./coupons.js";
import { TouchView } from "./inbox.js";
import { AUTOMATIONS } from "./lifecycle.js";
import { OFFER_MODES } from "./live.js";
import { PERK_FLAGS } from "./perks.js";
import { REFERRAL_ACTIONS, REFERRAL_REWARDS } from "./referrals.js";
import { SEGMENTS } from "./segments.js";

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
  /** the member price's cents off, for the tier the order was placed at */
  memberDiscount: z.number().int(),
  paid: z.number().int(),
  pointsEarned: z.number().int(),
  pointsUsed: z.number().int(),
  growthEarned: z.number().int(),
  couponCode: z.string().nullable(),
  points: z.number().int(),
  growth: z.number().int(),
  tier: z.string(),
  /** the perks of the tier the order was placed at, for fulfilment to act on (e.g. `priorityShipping`) */
  perks: z.array(z.enum(PERK_FLAGS)),
  /** the campaign that multiplied the order's points, or null */
  campaign: OrderCampaign.nullable(),
});

/** `viewer.touch`: who to reach and what to say; the shop sends it on by SMS, WeChat or app push. */
export const ViewerTouchData = z.object({
  viewerId: z.string(),
  automation: z.enum(AUTOMATIONS),
  touch: TouchView,
});

/** `order.refunded`: what the refund took back and gave back, and the balances after it. */
export const OrderRefundedData = z.object({
  orderId: z.string(),
  viewerId: z.string(),
  pointsReversed: z.number().int(),
  pointsRestored: z.number().int(),
  growthReversed: z.number().int(),
  /** the coupon the order had used, back in the viewer's wallet */
  couponRestored: z.string().nullable(),
  points: z.number().int(),
  growth: z.number().int(),
  tier: z.string(),
});

/** `coupon.redeemed`: a coupon was used on an order (at checkout, or on the order reported). */
export const CouponRedeemedData = z.object({
  viewerId: z.string(),
  code: z.string(),
  templateId: z.string(),
  orderId: z.string(),
  /** the order's amount and the discount, in cents */
  amount: z.number().int(),
  discount: z.number().int(),
  redeemedAt: z.number().int(),
});

/** `coupon.revoked`: the shop took back a coupon that was still good, saying why. */
export const CouponRevokedData = z.object({
  viewerId: z.string(),
  code: z.string(),
  templateId: z.string(),
  reason: z.string(),
  revokedAt: z.number().int(),
});

/** `coupon.expiring`: the automation reminded the viewer of an unused coupon about to expire. */
export const CouponExpiringData = z.object({
  viewerId: z.string(),
  code: z.string(),
  expiresAt: z.number().int(),
  /** how many days ahead the reminder goes out */
  days: z.number().int(),
});

/** `points.adjusted`: points or growth changed by hand (back office or API), with the note. */
export const PointsAdjustedData = z.object({
  viewerId: z.string(),
  /** the change; one of the two is zero */
  points: z.number().int(),
  growth: z.number().int(),
  note: z.string().nullable(),
  /** balances after it */
  pointsAfter: z.number().int(),
  growthAfter: z.number().int(),
});

/** `points.expiring`: the automation warned the viewer that unused points will expire. */
export const PointsExpiringData = z.object({
  viewerId: z.string(),
  points: z.number().int(),
  /** days left before they expire */
  days: z.number().int(),
});

/** `points.expired`: points unused for the shop's expiry period were taken away. */
export const PointsExpiredData = z.object({
  viewerId: z.string(),
  points: z.number().int(),
  /** balance after it */
  pointsAfter: z.number().int(),
  expiredAt: z.number().int(),
});

/** `offer.won`: a viewer won a 扣1 offer (first come, or drawn when a lucky bag ends), with the coupon. */
export const OfferWonData = z.object({
  offerId: z.string(),
  roomId: z.string(),
  mode: z.enum(OFFER_MODES),
  viewerId: z.string(),
  couponCode: z.string(),
  wonAt: z.number().int(),
});

/** `segment.entered`: the daily sweep found the viewer in a segment they were not in at its last reading. */
export const SegmentEnteredData = z.object({
  viewerId: z.string(),
  segment: z.enum(SEGMENTS),
  /** the reading that found the viewer in it */
  enteredAt: z.number().int(),
});

/** `segment.left`: the daily sweep found the viewer no longer in a segment they were in. */
export const SegmentLeftData = z.object({
  viewerId: z.string(),
  segment: z.enum(SEGMENTS),
  /** when the viewer was first found in it */
  enteredAt: z.number().int(),
  /** the reading that found the viewer out of it */
  leftAt: z.number().int(),
});

/** `referral.completed`: an invited new viewer did the qualifying action; both were rewarded. */
export const ReferralCompletedData = z.object({
  inviterId: z.string(),
  inviteeId: z.string(),
  action: z.enum(REFERRAL_ACTIONS),
  reward: z.enum(REFERRAL_REWARDS),
  /** points each got (0 with a coupon reward) */
  inviterPoints: z.number().int(),
  inviteePoints: z.number().int(),
  /** the coupon each got (null with a points reward) */
  inviterCoupon: z.string().nullable(),
  inviteeCoupon: z.string().nullable(),
  joinedAt: z.number().int(),
  completedAt: z.number().int(),
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
export const OrderRefundedWebhook = envelope("order.refunded", OrderRefundedData);
export const CouponRedeemedWebhook = envelope("coupon.redeemed", CouponRedeemedData);
export const CouponRevokedWebhook = envelope("coupon.revoked", CouponRevokedData);
export const CouponExpiringWebhook = envelope("coupon.expiring", CouponExpiringData);
export const PointsAdjustedWebhook = envelope("points.adjusted", PointsAdjustedData);
export const PointsExpiringWebhook = envelope("points.expiring", PointsExpiringData);
export const PointsExpiredWebhook = envelope("points.expired", PointsExpiredData);
export const OfferWonWebhook = envelope("offer.won", OfferWonData);
export const SegmentEnteredWebhook = envelope("segment.entered", SegmentEnteredData);
export const SegmentLeftWebhook = envelope("segment.left", SegmentLeftData);
export const ReferralCompletedWebhook = envelope("referral.completed", ReferralCompletedData);

/** Every webhook's body (`{ event, shopId, createdAt, data }`), by event. */
export const WEBHOOK_PAYLOADS = {
  "live.started": LiveStartedWebhook,
  "coupon.granted": CouponGrantedWebhook,
  "tier.changed": TierChangedWebhook,
  "order.credited": OrderCreditedWebhook,
  "viewer.touch": ViewerTouchWebhook,
  "order.refunded": OrderRefundedWebhook,
  "coupon.redeemed": CouponRedeemedWebhook,
  "coupon.revoked": CouponRevokedWebhook,
  "coupon.expiring": CouponExpiringWebhook,
  "points.adjusted": PointsAdjustedWebhook,
  "points.expiring": PointsExpiringWebhook,
  "points.expired": PointsExpiredWebhook,
  "offer.won": OfferWonWebhook,
  "segment.entered": SegmentEnteredWebhook,
  "segment.left": SegmentLeftWebhook,
  "referral.completed": ReferralCompletedWebhook,
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
  "order.refunded": "An order was refunded: what it earned taken back, what it spent given back, balances after it",
  "coupon.redeemed": "A coupon was used on an order",
  "coupon.revoked": "The shop took back a coupon that was still good",
  "coupon.expiring": "A viewer was reminded that an unused coupon expires soon",
  "points.adjusted": "A viewer's points or growth were changed by hand, with the note",
  "points.expiring": "A viewer was warned that unused points will expire",
  "points.expired": "A viewer's unused points expired",
  "offer.won": "A viewer won a 扣1 offer (first come, or drawn when a lucky bag ends), with the coupon",
  "segment.entered": "The daily sweep found a viewer in a segment they were not in before",
  "segment.left": "The daily sweep found a viewer no longer in a segment they were in",
  "referral.completed": "An invited new viewer did the qualifying action; inviter and invitee were both rewarded",
};
