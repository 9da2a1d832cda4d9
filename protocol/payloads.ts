import { z } from "zod";
import { CouponTemplateInput } from "./coupons.js";
import { ClientEvent, HostEvent, PanelEvent } from "./events.js";
import { ExperimentInput, ExperimentStopPayload } from "./insight.js";
import { COMMENT_MAX_LENGTH } from "./limits.js";
import { OFFER_MODES } from "./live.js";
import { Id } from "./tokens.js";

/** Payload schemas for each client event; the server validates every message against these. */
export const BeatPayload = z
  .object({
    /** the stream is actually playing (not paused, stalled or ended) */
    playing: z.boolean(),
    /** the page is visible (document.visibilityState) */
    visible: z.boolean(),
  })
  .strict();
export type BeatPayload = z.infer<typeof BeatPayload>;

export const ChestClaimPayload = z.object({ chestId: z.string().min(1).max(64) }).strict();
export type ChestClaimPayload = z.infer<typeof ChestClaimPayload>;

export const SyncPayload = z.object({}).strict();
export type SyncPayload = z.infer<typeof SyncPayload>;

export const CommentPayload = z
  .object({
    /** plain text; markup is shown as text, never rendered */
    text: z.string().trim().min(1).max(COMMENT_MAX_LENGTH),
  })
  .strict();
export type CommentPayload = z.infer<typeof CommentPayload>;

export const ExchangePayload = z.object({ templateId: Id }).strict();
export type ExchangePayload = z.infer<typeof ExchangePayload>;

export const TrackPayload = z.object({ event: z.literal("product_click"), sku: Id }).strict();
export type TrackPayload = z.infer<typeof TrackPayload>;

export const ReminderPayload = z.object({ on: z.boolean() }).strict();
export type ReminderPayload = z.infer<typeof ReminderPayload>;

export const LivePayload = z.object({ live: z.boolean() }).strict();
export type LivePayload = z.infer<typeof LivePayload>;

/** The host features a product of the shop's catalogue by its sku, or stops featuring (null). */
export const FeaturePayload = z.object({ sku: Id.nullable() }).strict();
export type FeaturePayload = z.infer<typeof FeaturePayload>;

/** Opening the shelf drawer asks for the room's products and for their changes while it is open. */
export const ShelfPayload = z.object({}).strict();
export type ShelfPayload = z.infer<typeof ShelfPayload>;

/**
 * Stock and duration are checked by the offer domain, not here, so each gets its own code
 * (stock_invalid, duration_invalid) rather than a generic bad_request.
 */
export const OfferStartPayload = z
  .object({
    keyword: z.string().trim().min(1).max(20).default("1"),
    templateId: Id,
    stock: z.number().int(),
    durationSeconds: z.number().int(),
    minTier: z.string().max(24).nullable().default(null),
    mode: z.enum(OFFER_MODES).default("first_come"),
  })
  .strict();
export type OfferStartPayload = z.input<typeof OfferStartPayload>;

export const OfferStopPayload = z.object({ offerId: Id }).strict();
export type OfferStopPayload = z.infer<typeof OfferStopPayload>;

export const MutePayload = z.object({ viewerId: Id, muted: z.boolean() }).strict();
export type MutePayload = z.infer<typeof MutePayload>;

/**
 * The host's one-tap greeting to a viewer in the room. The key makes a repeated tap (or a retry
 * after a timeout) a replay that sends and issues nothing new.
 */
export const GreetPayload = z
  .object({
    viewerId: Id,
    /** a coupon template to grant with the greeting, or none */
    templateId: Id.nullable().default(null),
    idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  })
  .strict();
export type GreetPayload = z.input<typeof GreetPayload>;

/** 连麦: the host invites a viewer in the room on stage. A second tap for the same viewer answers the same spot. */
export const HostStagePayload = z.object({ viewerId: Id }).strict();
export type HostStagePayload = z.infer<typeof HostStagePayload>;

/** One guest spot, by its id. */
export const StageSpotPayload = z.object({ spotId: Id }).strict();
export type StageSpotPayload = z.infer<typeof StageSpotPayload>;

/** The invited viewer's answer. */
export const StageAnswerPayload = z.object({ spotId: Id, accept: z.boolean() }).strict();
export type StageAnswerPayload = z.infer<typeof StageAnswerPayload>;

/** A page of an offer's winners, from winner number `offset` + 1. */
export const WinnersPayload = z
  .object({ offerId: Id, offset: z.number().int().min(0).max(10_000_000).default(0) })
  .strict();
export type WinnersPayload = z.input<typeof WinnersPayload>;

/** The inbox items the viewer has now seen (the widget sends what it showed). */
export const InboxSeenPayload = z.object({ ids: z.array(Id).min(1).max(50) }).strict();
export type InboxSeenPayload = z.infer<typeof InboxSeenPayload>;

/** The viewer's own switch for touches between lives. */
export const ContactPayload = z.object({ optOut: z.boolean() }).strict();
export type ContactPayload = z.infer<typeof ContactPayload>;

export const ClientPayloads = {
  [ClientEvent.beat]: BeatPayload,
  [ClientEvent.chestClaim]: ChestClaimPayload,
  [ClientEvent.sync]: SyncPayload,
  [ClientEvent.comment]: CommentPayload,
  [ClientEvent.exchange]: ExchangePayload,
  [ClientEvent.track]: TrackPayload,
  [ClientEvent.reminder]: ReminderPayload,
  [ClientEvent.shelf]: ShelfPayload,
  [ClientEvent.shelfClose]: ShelfPayload,
  [ClientEvent.inbox]: SyncPayload,
  [ClientEvent.inboxSeen]: InboxSeenPayload,
  [ClientEvent.contact]: ContactPayload,
  [PanelEvent.referral]: SyncPayload,
  [HostEvent.live]: LivePayload,
  [HostEvent.feature]: FeaturePayload,
  [HostEvent.templateCreate]: CouponTemplateInput,
  [HostEvent.templates]: SyncPayload,
  [HostEvent.offerStart]: OfferStartPayload,
  [HostEvent.offerStop]: OfferStopPayload,
  [HostEvent.mute]: MutePayload,
  [HostEvent.stats]: SyncPayload,
  [HostEvent.comments]: SyncPayload,
  [HostEvent.winners]: WinnersPayload,
  [HostEvent.insight]: SyncPayload,
  [HostEvent.experimentStart]: ExperimentInput,
  [HostEvent.experimentStop]: ExperimentStopPayload,
  [HostEvent.present]: SyncPayload,
  [HostEvent.greet]: GreetPayload,
  [HostEvent.stageInvite]: HostStagePayload,
  [HostEvent.stageEnd]: StageSpotPayload,
  [HostEvent.stage]: SyncPayload,
  [PanelEvent.stageAnswer]: StageAnswerPayload,
  [PanelEvent.stageLive]: StageSpotPayload,
  [PanelEvent.stageLeave]: StageSpotPayload,
  [PanelEvent.stageToken]: SyncPayload,
} as const;
