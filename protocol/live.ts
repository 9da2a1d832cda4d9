import type { LocalizedText } from "./config.js";
import type { CouponTemplate, CouponView } from "./coupons.js";
import type { StageInvite } from "./stage.js";

/**
 * Something a new buyer may like, read from the shop's recent orders (the name is the one the
 * order reported). Prices are in cents.
 */
export interface SuggestedProduct {
  sku: string;
  name: string;
  price: number;
  image: string | null;
}

export const OFFER_MODES = ["first_come", "draw"] as const;
export type OfferMode = (typeof OFFER_MODES)[number];

export const OFFER_STATUSES = ["scheduled", "live", "ended", "sold_out"] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** A 扣1 offer as every viewer in the room sees it. */
export interface OfferView {
  id: string;
  keyword: string;
  mode: OfferMode;
  status: OfferStatus;
  coupon: Pick<CouponTemplate, "id" | "name" | "kind" | "value" | "minSpend" | "validDays">;
  stock: number;
  remaining: number;
  /** tier key required to take part, or null for everyone signed in */
  minTier: string | null;
  minTierName: LocalizedText | null;
  startedAt: number;
  endsAt: number;
  /** set once the offer is over */
  endedAt: number | null;
  /**
   * a lucky bag's SHA-256 of its secret seed (hex), published at the start so the seed cannot be
   * chosen once the entries are seen; the seed is revealed at the draw (GET /v1/offers/:id/draw).
   * Null for first come.
   */
  drawCommitment: string | null;
}

/** Why a claim did not win. Closed: the widget has words for each. */
export const CLAIM_REFUSALS = [
  "sold_out",
  "already_claimed",
  "tier_too_low",
  "offer_ended",
  "guest",
  "muted",
  "not_drawn",
  "template_paused",
  "room_gated",
] as const;
export type ClaimRefusal = (typeof CLAIM_REFUSALS)[number];

/** The private answer to a claim: the coupon won, a place in the draw, or why not. */
export type ClaimOutcome =
  | { offerId: string; result: "won"; coupon: CouponView; entrant?: string }
  | { offerId: string; result: "entered"; entrant?: string }
  | { offerId: string; result: "refused"; reason: ClaimRefusal; entrant?: string };
// `entrant`: in a lucky bag, the viewer's pseudonym in the offer's public draw record, so they
// can find themselves in it (present on "entered" and on the draw's own won / not_drawn answers).

export interface CommentResult {
  /** the comment reached the room */
  accepted: boolean;
  /** present when the comment matched the live offer's keyword */
  claim: ClaimOutcome | null;
}

export interface CommentSample {
  id: string;
  name: string;
  text: string;
  at: number;
  /**
   * the speaker's tier, as an index into the shop's tiers (the snapshot's config.tiers names it in
   * each language), from the socket's identity: no comment costs a database read for it
   */
  tier?: number;
}

/**
 * Viewers of a tier the shop announces who came into the room: one line per tier and flush,
 * naming the first few and counting the rest ("Amy and 12 other Gold members are here").
 */
export interface Entrance {
  /** index into the shop's tiers */
  tier: number;
  names: string[];
  /** how many more of that tier came in with them */
  others: number;
}

/** A comment as the host's console gets it: with who said it, so the host can mute them. Never sent to viewers. */
export interface HostComment extends CommentSample {
  viewerId: string;
}

/**
 * Comments reach the room in batches a few times a second, never one message per comment:
 * counts for the storm, a small sample to show.
 */
export interface CommentBatch {
  count: number;
  /** how many of them matched the live offer's keyword */
  matches: number;
  sample: CommentSample[];
  /** entrance lines since the last batch, when a viewer of an announced tier came in */
  entrances?: Entrance[];
}

export interface OfferStock {
  offerId: string;
  remaining: number;
  claimed: number;
}

/** A winner of an offer as the host reads them: the name from their token or profile, if they have one. */
export interface Winner {
  viewerId: string;
  name: string | null;
  at: number;
}

/** One page of an offer's winners, in the order they won (a draw's in arrival order). */
export interface WinnersPage {
  offerId: string;
  /** how many winners the offer has now */
  total: number;
  /** where this page starts in the whole list: winner number offset + 1 is its first */
  offset: number;
  winners: Winner[];
}

/** The host console's live panel, pushed to host sockets about once a second. */
export interface HostStats {
  at: number;
  viewers: number;
  commentsPerSecond: number;
  matchesPerSecond: number;
  offer: {
    id: string;
    claimed: number;
    stock: number;
    /** ms from start to sell-out, once sold out */
    soldOutMs: number | null;
    entries: number;
  } | null;
  pointsIssuedThisLive: number;
  /**
   * The newest winners of `offer` (the room's latest offer, so never another deal's), newest
   * first, at most 50; `offer.claimed` counts them all, and host:winners:get pages through them.
   */
  winners: Winner[];
}

/** What the widget shows a viewer of a segment: new buyer or dormant (issue "Commerce loop"). */
export type ViewerCard =
  | { kind: "new_buyer"; suggestions: SuggestedProduct[] }
  | { kind: "dormant"; points: number }
  | null;

/** Why the host's "who is here" lists a viewer. Closed: the console has words for each. */
export const PRESENT_REASONS = ["top_tier", "birthday", "new_buyer", "high_intent", "returning"] as const;
export type PresentReason = (typeof PRESENT_REASONS)[number];

/** A notable viewer in the room now, as the host's console lists them. */
export interface PresentViewer {
  viewerId: string;
  name: string;
  /** index into the shop's tiers */
  tier: number;
  /** strongest first */
  reasons: PresentReason[];
}

/** "Who is here": notable viewers present now, the most notable first, and how many are present at all. */
export interface PresentList {
  present: number;
  viewers: PresentViewer[];
}

/** What a greeting did: sent to the viewer's sockets, with the coupon if one went with it. */
export interface GreetResult {
  viewerId: string;
  /** the coupon that went with it (the same one again for a replayed key) */
  coupon: CouponView | null;
  /** this key was seen before: nothing new was sent or issued */
  replayed: boolean;
}

/** The host's greeting as the greeted viewer gets it; the widget words it in the viewer's language. */
export interface Greeting {
  /** the host's name, from their token */
  from: string | null;
  /** what the host greets them for: their birthday, or simply welcome */
  reason: PresentReason | null;
  coupon: CouponView | null;
  /** 连麦: the host invites this viewer on stage; the greet panel asks them to accept */
  invite?: StageInvite;
}
