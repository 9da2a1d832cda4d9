import { z } from "zod";
import { COUPON_KINDS, COUPON_SOURCES, COUPON_STATES } from "./coupons.js";
import { LedgerEntry } from "./http.js";
import { SEGMENTS } from "./segments.js";
import { STAGE_END_REASONS, STAGE_STATES } from "./stage.js";

/**
 * A viewer's personal data (PIPL, GDPR): everything held about them as one document, and its
 * erasure. Each list is the viewer's rows of one table, as stored; times are ms since epoch.
 */

const ms = z.number().int();
const msOrNull = ms.nullable();
const int = z.number().int();

export const ExportedProfile = z.object({
  viewerId: z.string(),
  name: z.string().nullable(),
  /** MM-DD */
  birthday: z.string().nullable(),
  points: int,
  growth: int,
  /** signed in with a host token: one of the shop's staff */
  isHost: z.boolean(),
  createdAt: ms,
});

export const ExportedOrderItem = z.object({
  line: int,
  sku: z.string(),
  name: z.string().nullable(),
  qty: int,
  /** cents */
  price: int,
});

export const ExportedOrder = z.object({
  orderId: z.string(),
  /** cents, before the discount and points */
  amount: int,
  discount: int,
  pointsUsed: int,
  pointsValue: int,
  paid: int,
  pointsEarned: int,
  growthEarned: int,
  couponCode: z.string().nullable(),
  paidAt: ms,
  createdAt: ms,
  refundedAt: msOrNull,
  items: z.array(ExportedOrderItem),
});

export const ExportedRedemption = z.object({
  orderId: z.string(),
  code: z.string(),
  amount: int,
  discount: int,
  createdAt: ms,
  reversedAt: msOrNull,
});

export const ExportedCoupon = z.object({
  code: z.string(),
  templateId: z.string(),
  /** the coupon's name as issued (LocalizedText JSON, or plain text) */
  name: z.string(),
  kind: z.enum(COUPON_KINDS),
  value: int,
  minSpend: int,
  source: z.enum(COUPON_SOURCES),
  sourceRef: z.string(),
  state: z.enum(COUPON_STATES),
  issuedAt: ms,
  expiresAt: ms,
  redeemedAt: msOrNull,
  redeemedOrder: z.string().nullable(),
  discount: int.nullable(),
});

export const ExportedWatch = z.object({
  /** the running totals: null if the viewer never watched */
  state: z
    .object({
      totalMs: int,
      creditedUntil: msOrNull,
      day: z.string(),
      dayPoints: int,
      blocks: int,
      chests: int,
      updatedAt: ms,
    })
    .nullable(),
  /** verified watch time per live session */
  sessions: z.array(z.object({ roomId: z.string(), liveStartedAt: ms, watchedMs: int })),
  /** attention chests shown to the viewer */
  chests: z.array(
    z.object({
      id: z.string(),
      ordinal: int,
      points: int,
      appearedAt: ms,
      expiresAt: ms,
      claimedAt: msOrNull,
    }),
  ),
});

export const ExportedTouch = z.object({
  id: z.string(),
  automation: z.string(),
  kind: z.string(),
  status: z.string(),
  couponCode: z.string().nullable(),
  /** what the inbox said (TouchWords JSON), null until sent */
  words: z.string().nullable(),
  dueAt: ms,
  sentAt: msOrNull,
  seenAt: msOrNull,
  createdAt: ms,
});

export const ViewerExport = z.object({
  /** when this document was made */
  exportedAt: ms,
  shopId: z.string(),
  profile: ExportedProfile,
  ledger: z.array(LedgerEntry),
  orders: z.array(ExportedOrder),
  redemptions: z.array(ExportedRedemption),
  coupons: z.array(ExportedCoupon),
  watch: ExportedWatch,
  /** product clicks */
  clicks: z.array(z.object({ sku: z.string(), at: ms })),
  /** "remind me" choices per room: the rooms the viewer follows */
  reminders: z.array(z.object({ roomId: z.string(), active: z.boolean(), createdAt: ms })),
  /** whether the shop may contact the viewer between lives; null if they never said */
  contact: z.object({ optedOut: z.boolean(), updatedAt: ms }).nullable(),
  /** touches between lives, and the inbox they wait in */
  touches: z.array(ExportedTouch),
  /** the viewer's invite code, who invited them, and whom they invited */
  referral: z.object({
    code: z.string().nullable(),
    invitedBy: z.string().nullable(),
    invited: z.array(z.object({ viewerId: z.string(), joinedAt: ms, completedAt: msOrNull })),
  }),
  /** the segments the daily sweep last found the viewer in, since when */
  segments: z.array(z.object({ segment: z.enum(SEGMENTS), enteredAt: ms })),
  /** 扣1 offers the viewer entered, and what came of it */
  offerEntries: z.array(
    z.object({
      offerId: z.string(),
      name: z.string().nullable(),
      won: z.boolean(),
      couponCode: z.string().nullable(),
      enteredAt: ms,
      wonAt: msOrNull,
    }),
  ),
  /** muted in the shop's live rooms */
  mute: z.object({ mutedAt: ms }).nullable(),
  /** the arm of each A/B test the viewer was given */
  experiments: z.array(z.object({ experimentId: z.string(), arm: z.string(), exposedAt: ms })),
  /** 连麦: each time a host invited the viewer on stage, and how it went */
  stage: z.array(
    z.object({
      roomId: z.string(),
      state: z.enum(STAGE_STATES),
      invitedAt: ms,
      onStageAt: msOrNull,
      endedAt: msOrNull,
      endedReason: z.enum(STAGE_END_REASONS).nullable(),
    }),
  ),
});
export type ViewerExport = z.infer<typeof ViewerExport>;

/**
 * What an erasure did: how many stored rows now carry the pseudonym instead of the id, per table.
 * The pseudonym itself is not returned: nothing outside the server links it to the id.
 */
export const ViewerEraseResponse = z.object({
  erased: z.literal(true),
  rows: z.record(z.string(), int),
});
export type ViewerEraseResponse = z.infer<typeof ViewerEraseResponse>;
