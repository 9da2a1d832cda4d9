/**
 * Event names and maps. This module and errors.ts are what the widget imports at run time,
 * so neither may import zod: schemas live in payloads.ts, which only the server loads.
 */
import type { CampaignRun } from "./campaigns.js";
import type { CouponTemplate, CouponTemplateInput, CouponView } from "./coupons.js";
import type { StageTokenResponse } from "./http.js";
import type { InboxState, TouchView } from "./inbox.js";
import type { ExperimentInput, ExperimentStopPayload, ExperimentView, Insight } from "./insight.js";
import type {
  ClaimOutcome,
  CommentBatch,
  CommentResult,
  Greeting,
  GreetResult,
  HostComment,
  HostStats,
  OfferStock,
  OfferView,
  PresentList,
  ViewerCard,
  WinnersPage,
} from "./live.js";
import type {
  BeatPayload,
  ChestClaimPayload,
  CommentPayload,
  ContactPayload,
  ExchangePayload,
  FeaturePayload,
  GreetPayload,
  HostStagePayload,
  InboxSeenPayload,
  LivePayload,
  MutePayload,
  OfferStartPayload,
  OfferStopPayload,
  ReminderPayload,
  ShelfPayload,
  StageAnswerPayload,
  StageSpotPayload,
  SyncPayload,
  TrackPayload,
  WinnersPayload,
} from "./payloads.js";
import type { Product, ProductList } from "./products.js";
import type { ReferralCard } from "./referrals.js";
import type { StageGuest, StageSpot } from "./stage.js";
import type {
  AckFn,
  BeatResult,
  Chest,
  ChestClaimResult,
  ExchangeResult,
  RoomState,
  Snapshot,
  TierChange,
  WalletUpdate,
  WatchStatus,
} from "./wire.js";

/**
 * The only place socket event names are spelled. Server and widget refer to them through
 * these constants, so a rename is a compile error everywhere it matters.
 */
export const ClientEvent = {
  beat: "watch:beat",
  chestClaim: "chest:claim",
  sync: "snapshot:get",
  comment: "comment:send",
  exchange: "coupon:exchange",
  track: "track",
  reminder: "reminder:set",
  /**
   * the shelf drawer opened: the room's products now (a host's console: the whole catalogue), and
   * `shelf` pushes until shelf:close
   */
  shelf: "shelf:get",
  shelfClose: "shelf:close",
  /** the viewer's touches between lives, newest first ("for you") */
  inbox: "inbox:get",
  inboxSeen: "inbox:seen",
  /** the viewer opts out of (or back into) touches between lives */
  contact: "contact:set",
} as const;

/**
 * What only the membership panel's invite card sends: a map of its own, so the first load, which
 * carries ClientEvent whole, carries none of these names.
 */
export const PanelEvent = {
  /** the viewer's own invite code and how many it brought in */
  referral: "referral:get",
  /** 连麦: the invited viewer accepts or declines the host's invitation */
  stageAnswer: "stage:answer",
  /** the accepted guest has previewed camera and microphone and goes on stage */
  stageLive: "stage:live",
  /** the guest steps down */
  stageLeave: "stage:leave",
  /** the accepted guest's publisher token for the room's channel, asked again to renew it */
  stageToken: "stage:token",
} as const;

/**
 * What only the stage panel listens for: the invited viewer's own spot as it changes (accepted,
 * on stage, ended by the host, lapsed). A map of its own, so the first load carries none of it.
 */
export const PanelPush = {
  stageSpot: "stage:spot",
} as const;

/** What only a host console sends (a separate map, so the viewer's bundle carries none of these names). */
export const HostEvent = {
  live: "host:live",
  feature: "host:feature",
  templateCreate: "host:template:create",
  templates: "host:templates",
  offerStart: "host:offer:start",
  offerStop: "host:offer:stop",
  mute: "host:mute",
  stats: "host:stats:get",
  comments: "host:comments:get",
  winners: "host:winners:get",
  insight: "host:insight:get",
  experimentStart: "host:experiment:start",
  experimentStop: "host:experiment:stop",
  /** "who is here": the notable viewers present in the room now */
  present: "host:present:get",
  /** one tap: a greeting to a viewer in the room, with a coupon if the host chose a template */
  greet: "host:greet",
  /** 连麦: invite a viewer in the room on stage (one guest at a time) */
  stageInvite: "host:stage:invite",
  /** end the guest spot (an invitation not yet accepted is withdrawn) */
  stageEnd: "host:stage:end",
  /** the room's open guest spot, if any: what a console that just joined has missed */
  stage: "host:stage:get",
} as const;

export const ServerEvent = {
  snapshot: "snapshot",
  wallet: "wallet",
  tier: "tier",
  watch: "watch",
  chest: "chest",
  room: "room",
  comments: "comments",
  offer: "offer",
  offerStock: "offer:stock",
  offerResult: "offer:result",
  coupon: "coupon",
  product: "product",
  shelf: "shelf",
  card: "card",
  touch: "touch",
  /** private: the host greeted this viewer */
  greeting: "greeting",
  campaign: "campaign",
  /** who is on stage now (连麦), or null */
  stage: "stage",
} as const;

/** What the server pushes to host sockets only. */
export const HostPush = {
  stats: "host:stats",
  templates: "host:templates:changed",
  comments: "host:comments",
  /** the room's guest spot whenever it changes (invited, accepted, on stage, ended) */
  stage: "host:stage",
} as const;

export interface ClientToServerEvents {
  [ClientEvent.beat]: (payload: BeatPayload, ack: AckFn<BeatResult>) => void;
  [ClientEvent.chestClaim]: (payload: ChestClaimPayload, ack: AckFn<ChestClaimResult>) => void;
  [ClientEvent.sync]: (payload: SyncPayload, ack: AckFn<Snapshot>) => void;
  /** a comment; if it matches the live offer's keyword it is also a claim, answered in the ack */
  [ClientEvent.comment]: (payload: CommentPayload, ack: AckFn<CommentResult>) => void;
  [ClientEvent.exchange]: (payload: ExchangePayload, ack: AckFn<ExchangeResult>) => void;
  [ClientEvent.track]: (payload: TrackPayload, ack: AckFn<{ tracked: true }>) => void;
  [ClientEvent.reminder]: (payload: ReminderPayload, ack: AckFn<{ on: boolean }>) => void;
  [ClientEvent.shelf]: (payload: ShelfPayload, ack: AckFn<ProductList>) => void;
  [ClientEvent.shelfClose]: (payload: ShelfPayload, ack: AckFn<{ closed: true }>) => void;
  [ClientEvent.inbox]: (payload: SyncPayload, ack: AckFn<{ touches: TouchView[] }>) => void;
  /** ids of other viewers' touches are ignored; answers what is still unseen */
  [ClientEvent.inboxSeen]: (payload: InboxSeenPayload, ack: AckFn<InboxState>) => void;
  [ClientEvent.contact]: (payload: ContactPayload, ack: AckFn<InboxState>) => void;
  /** refused with referrals_off when the shop has them off */
  [PanelEvent.referral]: (payload: SyncPayload, ack: AckFn<ReferralCard>) => void;
  [HostEvent.live]: (payload: LivePayload, ack: AckFn<RoomState>) => void;
  /** refused with product_not_found for a sku that is not in the shop's catalogue */
  [HostEvent.feature]: (payload: FeaturePayload, ack: AckFn<{ product: Product | null }>) => void;
  [HostEvent.templateCreate]: (payload: CouponTemplateInput, ack: AckFn<CouponTemplate>) => void;
  [HostEvent.templates]: (payload: SyncPayload, ack: AckFn<{ templates: CouponTemplate[] }>) => void;
  [HostEvent.offerStart]: (payload: OfferStartPayload, ack: AckFn<OfferView>) => void;
  [HostEvent.offerStop]: (payload: OfferStopPayload, ack: AckFn<OfferView>) => void;
  [HostEvent.mute]: (payload: MutePayload, ack: AckFn<{ viewerId: string; muted: boolean }>) => void;
  [HostEvent.stats]: (payload: SyncPayload, ack: AckFn<HostStats>) => void;
  /** the room's recent comments, oldest first: what a console that just joined has missed */
  [HostEvent.comments]: (payload: SyncPayload, ack: AckFn<{ comments: HostComment[] }>) => void;
  /** every winner of one of the room's offers, a page at a time */
  [HostEvent.winners]: (payload: WinnersPayload, ack: AckFn<WinnersPage>) => void;
  /** the dashboard: this live, the shop over time, and the shop's experiments with results */
  [HostEvent.insight]: (payload: SyncPayload, ack: AckFn<Insight>) => void;
  [HostEvent.experimentStart]: (payload: ExperimentInput, ack: AckFn<ExperimentView>) => void;
  [HostEvent.experimentStop]: (payload: ExperimentStopPayload, ack: AckFn<ExperimentView>) => void;
  [HostEvent.present]: (payload: SyncPayload, ack: AckFn<PresentList>) => void;
  /** refused: viewer_not_present, contact_budget, template_not_found, template_paused, forbidden (not a host) */
  [HostEvent.greet]: (payload: GreetPayload, ack: AckFn<GreetResult>) => void;
  /** refused: viewer_not_present, stage_busy (another guest is invited or on stage), forbidden */
  [HostEvent.stageInvite]: (payload: HostStagePayload, ack: AckFn<StageSpot>) => void;
  /** refused: stage_wrong_room (another room's spot), not_found; ending an ended spot answers it as it is */
  [HostEvent.stageEnd]: (payload: StageSpotPayload, ack: AckFn<StageSpot>) => void;
  [HostEvent.stage]: (payload: SyncPayload, ack: AckFn<{ spot: StageSpot | null }>) => void;
  /** refused: stage_not_invited, stage_invite_expired, stage_ended, guest */
  [PanelEvent.stageAnswer]: (payload: StageAnswerPayload, ack: AckFn<StageSpot>) => void;
  /** refused: stage_not_invited (not accepted first), stage_ended */
  [PanelEvent.stageLive]: (payload: StageSpotPayload, ack: AckFn<StageSpot>) => void;
  [PanelEvent.stageLeave]: (payload: StageSpotPayload, ack: AckFn<StageSpot>) => void;
  /** refused: stage_not_invited, stage_invite_expired, stage_ended (a renewal after the end), video_not_configured */
  [PanelEvent.stageToken]: (payload: SyncPayload, ack: AckFn<StageTokenResponse>) => void;
}

export interface ServerToClientEvents {
  [ServerEvent.snapshot]: (snapshot: Snapshot) => void;
  [ServerEvent.wallet]: (update: WalletUpdate) => void;
  [ServerEvent.tier]: (change: TierChange) => void;
  [ServerEvent.watch]: (status: WatchStatus) => void;
  [ServerEvent.chest]: (chest: Chest | null) => void;
  [ServerEvent.room]: (room: RoomState) => void;
  [ServerEvent.comments]: (batch: CommentBatch) => void;
  /** an offer started, changed status or ended: sent to the whole room */
  [ServerEvent.offer]: (offer: OfferView) => void;
  /** throttled and volatile: at most 4 a second */
  [ServerEvent.offerStock]: (stock: OfferStock) => void;
  /** private: a claim's outcome, to all of that viewer's sockets (and draw results at the end) */
  [ServerEvent.offerResult]: (outcome: ClaimOutcome) => void;
  /** private: a coupon was granted or changed state */
  [ServerEvent.coupon]: (coupon: CouponView) => void;
  /** the featured product: when the host features one (or stops: null) and when the shop updates it */
  [ServerEvent.product]: (product: Product | null) => void;
  /** the running campaign or the next within a day (member days too), when one is created, changed or deleted */
  [ServerEvent.campaign]: (campaign: CampaignRun | null) => void;
  /** the room's products again after the catalogue changed, to sockets whose shelf drawer is open */
  [ServerEvent.shelf]: (shelf: ProductList) => void;
  [ServerEvent.card]: (card: ViewerCard) => void;
  /** private: a touch was sent while the viewer is connected (it is also in the inbox) */
  [ServerEvent.touch]: (touch: TouchView) => void;
  /** private: the host greeted this viewer (and the coupon that came with it) */
  [ServerEvent.greeting]: (greeting: Greeting) => void;
  /** the whole room: who is on stage now, or null when the spot ends */
  [ServerEvent.stage]: (guest: StageGuest | null) => void;
  /** private: the viewer's own guest spot changed (the host ended it, the invitation lapsed) */
  [PanelPush.stageSpot]: (spot: StageSpot) => void;
  /** host sockets only: the room's guest spot whenever it changes */
  [HostPush.stage]: (spot: StageSpot) => void;
  /** host sockets only, about once a second */
  [HostPush.stats]: (stats: HostStats) => void;
  /** host sockets only: the shop's templates, whenever one is added or issues coupons (within a second) */
  [HostPush.templates]: (update: { templates: CouponTemplate[] }) => void;
  /** host sockets only: each comment batch's sample as the room got it, with who said each comment */
  [HostPush.comments]: (batch: { comments: HostComment[] }) => void;
}

/** Between the server nodes of one deployment (socket.io's serverSideEmit), never to a browser. */
export const NodeEvent = {
  recentComments: "node:comments",
  offerChanged: "node:offer",
  retier: "node:retier",
  joinState: "node:join-state",
} as const;

export interface NodeToNodeEvents {
  /** a batch's sample went out to a room from another node: every node keeps the room's recent comments */
  [NodeEvent.recentComments]: (roomId: string, comments: HostComment[]) => void;
  /** an offer of the room started, sold out or ended on another node: what this node cached of it is stale */
  [NodeEvent.offerChanged]: (roomId: string) => void;
  /** a viewer's tier changed: sockets of theirs on every node take it into their identity */
  [NodeEvent.retier]: (shopId: string, viewerId: string, tier: number) => void;
  /** these tables (a room, shop, campaign, product …) were written through another node: what this node keeps of them for joins and beats is stale */
  [NodeEvent.joinState]: (tables: string[]) => void;
}

/** Largest serialized client message the server reads; anything bigger is refused unread. */
export const MAX_CLIENT_PAYLOAD_BYTES = 4096;
