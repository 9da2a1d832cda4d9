import { z } from "zod";
import type { CampaignRun } from "./campaigns.js";
import { LocalizedText, type ShopConfig, type TierConfig } from "./config.js";
import type { CouponView, ExchangeItem } from "./coupons.js";
import type { ClientErrorCode, ErrorCode } from "./errors.js";
import type { InboxState } from "./inbox.js";
import type { ClaimOutcome, OfferView, ViewerCard } from "./live.js";
import type { Product } from "./products.js";
import type { StageGuest } from "./stage.js";
import type { Role } from "./tokens.js";

/**
 * Every ack is one of these: the client never has to guess whether a call failed. The server
 * answers with its own codes; a client's transport answers `offline` or `timeout` when the
 * server could not (errors.ts), so widget and console handle one shape for every outcome.
 */
export type Ack<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: ErrorCode | ClientErrorCode; message: string } };
export type AckFn<T> = (result: Ack<T>) => void;

export const TierStatus = z.object({
  key: z.string(),
  index: z.number().int(),
  name: LocalizedText,
  multiplier: z.number(),
  perks: z.array(LocalizedText),
  /** the next tier and how much growth is missing, or null at the top */
  next: z
    .object({
      key: z.string(),
      name: LocalizedText,
      threshold: z.number().int(),
      remaining: z.number().int(),
      perks: z.array(LocalizedText),
    })
    .nullable(),
  /** 0..1 of the way from this tier's threshold to the next one */
  progress: z.number(),
});
export type TierStatus = z.infer<typeof TierStatus>;

export const Wallet = z.object({
  points: z.number().int(),
  growth: z.number().int(),
  tier: TierStatus,
});
export type Wallet = z.infer<typeof Wallet>;

export const POINT_REASONS = [
  "watch",
  "chest",
  "adjust",
  "order",
  "refund",
  "exchange",
  "spend",
  "offer",
  "expire",
  /** brought over from another program: a past order, or a member's starting balance */
  "import",
  /** growth that aged out of the shop's tier window, taken when a downgrade's grace ended */
  "tier_window",
  /** a referral completed: the inviter's and the invitee's reward */
  "referral",
] as const;
export type PointReason = (typeof POINT_REASONS)[number];

export interface WalletUpdate {
  wallet: Wallet;
  /** points added (or removed, if negative) by the change that caused this update */
  delta: number;
  reason: PointReason;
}

/** A chest claim's ack: the change itself, for the socket that asked (its other sockets hear `wallet`). */
export type ChestClaimResult = WalletUpdate;

/** An exchange's ack: the points it cost and the coupon, for the socket that asked. */
export type ExchangeResult = WalletUpdate & { coupon: CouponView };

export interface TierChange {
  from: string;
  to: string;
  tier: TierStatus;
}

export interface WatchStatus {
  /** verified seconds counted towards the next block of watch points */
  blockProgressSeconds: number;
  blockSeconds: number;
  /** watch points earned in the shop's current day, and the most allowed */
  todayPoints: number;
  dailyCap: number;
  memberDay: boolean;
  /** points the next full block will pay, after multipliers and the daily cap */
  nextBlockPoints: number;
}

export interface Chest {
  id: string;
  points: number;
  expiresAt: number;
}

export interface RoomState {
  id: string;
  title: string;
  live: boolean;
  /**
   * a fan-only room (粉丝专场): the tier key it takes to earn and claim here; null = open. Below it
   * a viewer sees the room but earns nothing (refused with room_gated).
   */
  minTier: string | null;
}

export interface ViewerIdentity {
  id: string;
  name: string | null;
  role: Role;
}

/** The public part of a shop's configuration, as the widget needs it. */
export interface PublicConfig {
  tiers: TierConfig[];
  memberDays: ShopConfig["memberDays"];
  watch: ShopConfig["watch"];
  chest: ShopConfig["chest"];
  pointsPerYuan: number;
}

/** Everything the widget needs to draw itself, sent on join and after any unrecovered reconnect. */
export interface Snapshot {
  serverTime: number;
  room: RoomState;
  /** null for a guest: sees everything, earns and claims nothing */
  viewer: ViewerIdentity | null;
  wallet: Wallet | null;
  watch: WatchStatus | null;
  chest: Chest | null;
  config: PublicConfig;
  /** what the host is presenting now, from the shop's catalogue (the shelf is fetched on demand: shelf:get) */
  product: Product | null;
  /** the live 扣1 offer, if any, and this viewer's outcome in it so far */
  offer: OfferView | null;
  claim: ClaimOutcome | null;
  /** the viewer's coupons, newest first (empty for guests) */
  coupons: CouponView[];
  /** templates the viewer can buy with points */
  catalogue: ExchangeItem[];
  card: ViewerCard;
  /** the viewer asked to be reminded of the next live */
  reminder: boolean;
  /** the "for you" inbox's badge and the viewer's opt-out (null for guests) */
  inbox: InboxState | null;
  /** the running campaign (a member day counts), else the next to start within a day, else null */
  campaign: CampaignRun | null;
  /** 连麦: who is on stage now, else null */
  stage: StageGuest | null;
}

export interface BeatResult {
  /** seconds this beat added to verified watch time */
  creditedSeconds: number;
  watch: WatchStatus;
}
