import type { Generated, Insertable, Selectable } from "kysely";
import type {
  AuditAction,
  CouponKind,
  CouponSource,
  CouponState,
  OfferMode,
  OfferStatus,
  PointReason,
  Segment,
  SignInVia,
} from "../../protocol/index.js";

/**
 * Table shapes. Times are epoch milliseconds in bigint columns; flags are 0/1 integers so
 * the same rows read the same on SQLite and Postgres.
 */
export interface ShopsTable {
  id: string;
  name: string;
  /**
   * Retired by 0017: the shop's secret moved into api_keys (hashed) and signing_keys, and this
   * column holds `retired:<shop id>` only because SQLite cannot drop a UNIQUE column in place.
   * Nothing reads it; store/shops.ts fills it.
   */
  secret: string;
  config: string;
  created_at: number;
  /** bumped by every write of `config`: the ETag of GET /v1/config */
  config_version: Generated<number>;
}

export interface RoomsTable {
  id: string;
  shop_id: string;
  title: string;
  live: number;
  live_started_at: number | null;
  created_at: number;
  /** a fan-only room: the tier key it takes to earn and claim here; null = open to every member */
  min_tier: string | null;
}

export interface ViewersTable {
  shop_id: string;
  viewer_id: string;
  name: string | null;
  birthday: string | null;
  points: number;
  growth: number;
  created_at: number;
  /** 1 once the id has signed in with a host token: the shop's staff, left out of audience counts */
  is_host: Generated<number>;
}

export interface LedgerTable {
  id: Generated<number>;
  shop_id: string;
  viewer_id: string;
  delta: number;
  growth_delta: number;
  reason: PointReason;
  ref: string;
  idempotency_key: string;
  note: string | null;
  points_after: number;
  growth_after: number;
  created_at: number;
}

export interface WatchStateTable {
  shop_id: string;
  viewer_id: string;
  credited_until: number | null;
  carry_ms: number;
  total_ms: number;
  day: string;
  day_points: number;
  blocks: number;
  chests: number;
  updated_at: number;
}

export interface ChestsTable {
  id: string;
  shop_id: string;
  viewer_id: string;
  ordinal: number;
  points: number;
  appeared_at: number;
  expires_at: number;
  claimed_at: number | null;
}

export interface CouponTemplatesTable {
  id: string;
  shop_id: string;
  /** LocalizedText as JSON */
  name: string;
  kind: CouponKind;
  value: number;
  min_spend: number;
  valid_days: number;
  min_tier: string | null;
  stock: number | null;
  issued: number;
  per_viewer_limit: number;
  points_cost: number | null;
  active: number;
  created_at: number;
}

/**
 * A coupon keeps its own copy of the terms it was issued with, so editing a template never
 * changes a coupon a viewer already holds. `grant_key` is unique per shop: the same grant
 * (one deal win, one first order, one birthday a year) can never issue twice.
 */
export interface CouponsTable {
  code: string;
  shop_id: string;
  viewer_id: string;
  template_id: string;
  name: string;
  kind: CouponKind;
  value: number;
  min_spend: number;
  source: CouponSource;
  source_ref: string;
  grant_key: string;
  state: CouponState;
  issued_at: number;
  expires_at: number;
  redeemed_at: number | null;
  redeemed_order: string | null;
  discount: number | null;
}

/** One reported order, kept whole so a replay returns the first answer and a refund knows what to reverse. */
export interface OrdersTable {
  shop_id: string;
  order_id: string;
  viewer_id: string;
  amount: number;
  discount: number;
  points_used: number;
  points_value: number;
  paid: number;
  points_earned: number;
  growth_earned: number;
  coupon_code: string | null;
  /** the request as received (canonical JSON), to tell a replay from a conflicting reuse of the id */
  request: string;
  /** the first answer (OrderResponse JSON) */
  response: string;
  paid_at: number;
  created_at: number;
  refunded_at: number | null;
  /** the refund's answer (RefundResponse JSON), returned again on replay */
  refund: string | null;
}

export interface OrderItemsTable {
  shop_id: string;
  order_id: string;
  line: number;
  sku: string;
  name: string | null;
  qty: number;
  price: number;
}

/** A coupon redemption at a shop's checkout, keyed by the order it was redeemed for. */
export interface RedemptionsTable {
  shop_id: string;
  order_id: string;
  code: string;
  viewer_id: string;
  /** the order's value at the member price, which the coupon was reckoned on */
  amount: number;
  discount: number;
  /** the member price's cents off the order's value */
  member_discount: Generated<number>;
  created_at: number;
  /** set when the order was refunded and the coupon went back to the viewer */
  reversed_at: number | null;
}

export interface ClicksTable {
  id: Generated<number>;
  shop_id: string;
  viewer_id: string;
  sku: string;
  at: number;
}

export interface RemindersTable {
  shop_id: string;
  room_id: string;
  viewer_id: string;
  created_at: number;
  /** 1: remind me; 0: the viewer turned reminders off for this room (kept: see migration 0018) */
  active: Generated<number>;
}

/** One of a shop's webhook receivers (migration 0019: a shop had one before, keyed by its id). */
export interface WebhookEndpointsTable {
  id: string;
  shop_id: string;
  url: string;
  secret: string;
  /** a JSON array of the events it wants; null: every event, including ones added later */
  events: string | null;
  /** 1 on; 0 off: nothing is queued for it, and what was queued waits */
  enabled: number;
  /** 1, 2, 3… in the order the shop added them; the first is what GET/PUT /v1/webhooks mean */
  position: number;
  created_at: number;
  updated_at: number;
}

/**
 * Webhooks waiting to be delivered, written in the transaction of the change they report.
 * A row stays pending (delivered_at null) until the receiver answers 2xx.
 */
export interface OutboxTable {
  id: Generated<number>;
  shop_id: string;
  /** the endpoint it goes to: a change is queued once per endpoint that wants its event */
  endpoint_id: string | null;
  event: string;
  /** the JSON body sent, fixed when the change happened */
  body: string;
  attempts: number;
  next_attempt_at: number;
  created_at: number;
  delivered_at: number | null;
}

export interface DeliveriesTable {
  id: Generated<number>;
  outbox_id: number;
  shop_id: string;
  attempt: number;
  status: number | null;
  ok: number;
  error: string | null;
  at: number;
}

/** A 扣1 offer. `claimed` never exceeds `stock` (checked by the database too). */
export interface OffersTable {
  id: string;
  shop_id: string;
  room_id: string;
  template_id: string;
  keyword: string;
  mode: OfferMode;
  status: OfferStatus;
  stock: number;
  claimed: number;
  min_tier: string | null;
  started_at: number;
  ends_at: number;
  ended_at: number | null;
  sold_out_at: number | null;
  created_at: number;
  /** a lucky bag's seed (hex), drawn at start and secret until the draw; null for first come */
  draw_seed: string | null;
  /** SHA-256 of the seed's bytes (hex), published when the offer starts */
  draw_commitment: string | null;
  /** hex key of the entrants' pseudonyms in the public draw record; never published */
  entrant_key: string | null;
}

/**
 * One row per viewer per offer: a first-come win, or a draw entry (won once drawn). The
 * primary key (offer, viewer) is what makes "one win per viewer per offer" hold in the database.
 */
export interface OfferEntriesTable {
  offer_id: string;
  viewer_id: string;
  shop_id: string;
  name: string | null;
  /** server arrival order within the offer */
  seq: number;
  won: number;
  coupon_code: string | null;
  entered_at: number;
  won_at: number | null;
}

/** The audit record of a lucky-bag draw: anyone with the seed and entries can re-run it. */
export interface OfferDrawsTable {
  offer_id: string;
  /** hex */
  seed: string;
  /** JSON array of viewer ids in arrival order */
  entries: string;
  /** JSON array of viewer ids in draw order */
  winners: string;
  drawn_at: number;
}

export interface MutesTable {
  shop_id: string;
  viewer_id: string;
  muted_at: number;
  /** who muted them, as the audit log names them; null for mutes made before it was recorded */
  muted_by: string | null;
  muted_by_name: string | null;
}

/** What the host is presenting in a room now, a product of the room's shop; no row when nothing is featured. */
export interface RoomProductsTable {
  room_id: string;
  sku: string;
  featured_at: number;
}

/** A shop's catalogue: one row per sku, changed in place by PUT /v1/products/:sku. */
export interface ProductsTable {
  shop_id: string;
  sku: string;
  /** LocalizedText as JSON */
  name: string;
  price: number;
  was: number | null;
  image: string | null;
  in_stock: number;
  usage_days: number | null;
  created_at: number;
  updated_at: number;
}

/** A shop's campaign: its definition (protocol CampaignInput, defaults applied) as JSON. */
export interface CampaignsTable {
  shop_id: string;
  id: string;
  definition: string;
  created_at: number;
  updated_at: number;
}

/**
 * 连麦: one invitation of a viewer on stage and what became of it. `open_room` is the room id
 * while the spot is open and null once it ended (unique: one open spot per room).
 */
export interface StageSpotsTable {
  id: string;
  shop_id: string;
  room_id: string;
  viewer_id: string;
  name: string;
  tier: number;
  state: "invited" | "accepted" | "on_stage" | "ended";
  open_room: string | null;
  /** the host's viewer id */
  invited_by: string;
  invited_at: number;
  /** an invitation (or an accepted spot not yet on stage) lapses then; null on stage and after */
  expires_at: number | null;
  on_stage_at: number | null;
  ended_at: number | null;
  ended_reason: "host" | "guest" | "declined" | "expired" | null;
}

/** How many viewers were in a room at the first sample of a minute. */
export interface RoomSamplesTable {
  room_id: string;
  /** epoch minute (ms / 60,000) */
  minute: number;
  viewers: number;
}

/** Verified watch time of one viewer in one live session of a room. */
export interface LiveWatchTable {
  room_id: string;
  live_started_at: number;
  shop_id: string;
  viewer_id: string;
  watched_ms: number;
}

/** An A/B test of one incentive. Stopping sets `status` and `stopped_at`; the row and its exposures stay. */
export interface ExperimentsTable {
  id: string;
  shop_id: string;
  name: string;
  incentive: string;
  /** ExperimentArm[] as JSON */
  arms: string;
  holdout_percent: number;
  min_sample: number;
  status: string;
  created_at: number;
  stopped_at: number | null;
}

/** The arm a viewer was given, written once, when the incentive was first applied to them. */
export interface ExperimentExposuresTable {
  experiment_id: string;
  viewer_id: string;
  shop_id: string;
  arm: string;
  exposed_at: number;
}

/**
 * A touch an automation decided on. `status`: sent (in the inbox, webhook queued), deferred (quiet
 * hours), held (the contact budget or an opt-out kept it back; retried while it is still due),
 * holdout (kept out to measure lift, never sent), cancelled (its reason went away, or it expired).
 */
export interface TouchesTable {
  id: string;
  shop_id: string;
  viewer_id: string;
  automation: string;
  kind: string;
  key: string;
  template_id: string | null;
  coupon_code: string | null;
  /** TouchWords as JSON, fixed when the touch is sent */
  words: string | null;
  /** TouchParams as JSON */
  params: string;
  due_at: number;
  expires_at: number | null;
  status: TouchStatus;
  reason: string | null;
  sent_at: number | null;
  /** when the contact budget or an opt-out first kept it back; kept if it later expires unsent */
  held_at: number | null;
  seen_at: number | null;
  created_at: number;
  updated_at: number;
}

export type TouchStatus = "pending" | "sent" | "deferred" | "held" | "cancelled" | "holdout";

export interface ContactPrefsTable {
  shop_id: string;
  viewer_id: string;
  opted_out: number;
  updated_at: number;
}

export interface SweepLeasesTable {
  shop_id: string;
  holder: string;
  until: number;
}

/** A platform's live room (Douyin, Twitch…) mapped by a shop to one of its rooms, for the extension. */
export interface PlatformRoomsTable {
  platform: string;
  platform_room_id: string;
  shop_id: string;
  room_id: string;
  created_at: number;
  updated_at: number;
}

/** A one-time sign-in: a link the CLI printed, or an admin token already exchanged. */
export interface AdminSignInsTable {
  /** sha256 of the secret, hex; the secret itself is never stored */
  secret_hash: string;
  shop_id: string;
  via: SignInVia;
  name: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** A back-office session. The cookie holds a secret; only its hash is here. */
export interface AdminSessionsTable {
  id: string;
  shop_id: string;
  secret_hash: string;
  via: SignInVia;
  name: string | null;
  /** who signed in, as the audit log names them */
  actor: string;
  user_agent: string | null;
  created_at: number;
  last_seen_at: number;
  /** the absolute end, however active the session is */
  expires_at: number;
  ended_at: number | null;
  ended_reason: "signed_out" | "revoked" | null;
}

/** Who changed what in a shop, written in the same transaction as the change. */
export interface AuditLogTable {
  id: Generated<number>;
  shop_id: string;
  at: number;
  actor: string;
  action: AuditAction;
  target_kind: string;
  target_id: string;
  /** JSON, or null when the target did not exist before (or is gone after) */
  before: string | null;
  after: string | null;
  request_id: string | null;
}

/** A shop's API key. Only the key's sha256 is kept: the key itself is shown once, at creation. */
export interface ApiKeysTable {
  id: string;
  shop_id: string;
  name: string;
  /** the key's first characters, to recognise it by in a list */
  prefix: string;
  /** sha256 of the key, hex: what a bearer is looked up by */
  hash: string;
  created_at: number;
  last_used_at: number | null;
  /** when it stops (stopped) working; in the future while a rotation's grace runs */
  revoked_at: number | null;
}

/**
 * A shop's viewer-token signing key. HS256 is a shared-secret MAC: verifying a token means
 * computing the same HMAC, so the server must hold the key itself, not a hash of it.
 */
export interface SigningKeysTable {
  /** the `kid` a token may name it by */
  id: string;
  shop_id: string;
  secret: string;
  created_at: number;
  /** until when tokens signed with it verify; null for the shop's current key */
  retires_at: number | null;
}

/** The key erased viewers' pseudonyms are hashed with (migration 0021); it never leaves the server. */
export interface ErasureSaltsTable {
  shop_id: string;
  salt: string;
  created_at: number;
}

/** A segment a viewer was in at the last daily reading (migration 0024). */
export interface SegmentMembershipsTable {
  shop_id: string;
  viewer_id: string;
  segment: Segment;
  entered_at: number;
  /** 1 when found by the shop's first reading: no webhook, no welcome touch */
  baseline: number;
}

/** A viewer's invite code (migration 0025); unique across shops. */
export interface ReferralCodesTable {
  code: string;
  shop_id: string;
  viewer_id: string;
  created_at: number;
}

/** An invited viewer (migration 0025): invited once per shop, rewarded once, when `completed_at` is set. */
export interface ReferralsTable {
  shop_id: string;
  invitee_id: string;
  inviter_id: string;
  code: string;
  /** YYYY-MM in the shop's zone when the invitee joined: the inviter's monthly cap counts these */
  month: string;
  joined_at: number;
  completed_at: number | null;
  first_order_at: number | null;
}

/** A moment the lifecycle engine remembers per shop between sweeps (migration 0024). */
export interface LifecycleMarksTable {
  shop_id: string;
  mark: LifecycleMark;
  at: number;
}

/** `segments_read`: the first full reading of segments ended; `tier_window_on`: the window was found switched on. */
/**
 * `swept`: the moment of the last complete sweep, from which the next reads only the viewers
 * something can be due for; `swept_config`: a fingerprint of the settings it ran with (a change
 * makes the next sweep read everyone).
 */
export type LifecycleMark = "segments_read" | "tier_window_on" | "swept" | "swept_config";

/** One line of an order import waiting to be credited in date order (see migrations 0020 and 0027). */
export interface ImportLinesTable {
  run_id: string;
  /** the sorted chunk of the file it was staged in, and its place in that chunk's date order */
  chunk: number;
  seq: number;
  line: number;
  order_id: string;
  viewer_id: string;
  amount: number;
  discount: number;
  paid_at: number;
  /** the order's items as JSON */
  items: string;
}

/** A shop's Shopify store and its webhook secret (migration 0022). */
export interface ShopifyStoresTable {
  shop_id: string;
  shop_domain: string;
  webhook_secret: string;
  created_at: number;
  updated_at: number;
}

/** A Shopify delivery that took effect, by its X-Shopify-Webhook-Id. */
export interface ShopifyDeliveriesTable {
  shop_id: string;
  webhook_id: string;
  topic: string;
  received_at: number;
}

/** One Shopify refund of an order that Encore credited, in cents. */
export interface ShopifyRefundsTable {
  shop_id: string;
  refund_id: string;
  /** the Encore order id */
  order_id: string;
  amount: number;
  created_at: number;
}

/** One buyer's figures, kept by store/rollups.ts (domain/rollups.ts BuyerRollup). */
export interface ViewerRollupsTable {
  shop_id: string;
  viewer_id: string;
  orders: number;
  paid: number;
  coupon_orders: number;
  coupon_paid: number;
  first_order_at: number;
  last_order_at: number;
  spent12: number;
  orders12: number;
  retained: number;
  price_sensitive: 0 | 1;
}

export interface ShopRollupsTable {
  shop_id: string;
  buyers: number;
  repeat_buyers: number;
  revenue: number;
  coupon_revenue: number;
  coupon_orders: number;
  spenders12: number;
  /** where the 12-month figures of viewer_rollups start: moved to now − 12 months when read */
  window_from: number;
}

export interface ShopCohortsTable {
  shop_id: string;
  week: number;
  buyers: number;
  r0: number;
  r1: number;
  r2: number;
  r3: number;
}

/** Standing orders per quarter hour of paid_at (slot = floor(paid_at / 15 min)). */
export interface ShopOrderSlotsTable {
  shop_id: string;
  slot: number;
  orders: number;
  paid: number;
}

/** A viewer and a sku they clicked (store/intent.ts): high intent while nth_at is within the window. */
export interface IntentPairsTable {
  shop_id: string;
  viewer_id: string;
  sku: string;
  last_at: number;
  /** the HIGH_INTENT_CLICKS-th latest click (domain/segments.ts), null while there are fewer */
  nth_at: number | null;
  /** 1 while a standing order of the viewer holds the sku */
  bought: 0 | 1;
}

/** Coupons per source, in shards summed at read (store/coupon-counts.ts). */
export interface CouponCountsTable {
  shop_id: string;
  source: string;
  shard: number;
  issued: number;
  redeemed: number;
}

/**
 * Members per UTC day of their last watch or arrival, in shards summed at read; kept by triggers
 * on viewers and watch_state (store/last-active.ts).
 */
export interface LastActiveDaysTable {
  shop_id: string;
  /** the UTC day (ms since the epoch divided by a day's ms, rounded down) */
  day: number;
  shard: number;
  /** a change's share of the day: one shard may be negative, the day's sum is not */
  members: number;
}

export interface Database {
  shops: ShopsTable;
  api_keys: ApiKeysTable;
  signing_keys: SigningKeysTable;
  admin_sign_ins: AdminSignInsTable;
  admin_sessions: AdminSessionsTable;
  audit_log: AuditLogTable;
  rooms: RoomsTable;
  viewers: ViewersTable;
  ledger: LedgerTable;
  watch_state: WatchStateTable;
  chests: ChestsTable;
  coupon_templates: CouponTemplatesTable;
  coupons: CouponsTable;
  offers: OffersTable;
  offer_entries: OfferEntriesTable;
  offer_draws: OfferDrawsTable;
  mutes: MutesTable;
  room_products: RoomProductsTable;
  products: ProductsTable;
  campaigns: CampaignsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  redemptions: RedemptionsTable;
  clicks: ClicksTable;
  reminders: RemindersTable;
  webhook_endpoints: WebhookEndpointsTable;
  outbox: OutboxTable;
  deliveries: DeliveriesTable;
  room_samples: RoomSamplesTable;
  live_watch: LiveWatchTable;
  experiments: ExperimentsTable;
  experiment_exposures: ExperimentExposuresTable;
  touches: TouchesTable;
  contact_prefs: ContactPrefsTable;
  sweep_leases: SweepLeasesTable;
  platform_rooms: PlatformRoomsTable;
  erasure_salts: ErasureSaltsTable;
  import_lines: ImportLinesTable;
  shopify_stores: ShopifyStoresTable;
  shopify_deliveries: ShopifyDeliveriesTable;
  shopify_refunds: ShopifyRefundsTable;
  segment_memberships: SegmentMembershipsTable;
  lifecycle_marks: LifecycleMarksTable;
  referral_codes: ReferralCodesTable;
  referrals: ReferralsTable;
  stage_spots: StageSpotsTable;
  viewer_rollups: ViewerRollupsTable;
  shop_rollups: ShopRollupsTable;
  shop_cohorts: ShopCohortsTable;
  shop_order_slots: ShopOrderSlotsTable;
  intent_pairs: IntentPairsTable;
  coupon_counts: CouponCountsTable;
  last_active_days: LastActiveDaysTable;
}

export type ShopRow = Selectable<ShopsTable>;
export type ReferralCodeRow = Selectable<ReferralCodesTable>;
export type ReferralRow = Selectable<ReferralsTable>;
export type StageSpotRow = Selectable<StageSpotsTable>;
export type SegmentMembershipRow = Selectable<SegmentMembershipsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type SigningKeyRow = Selectable<SigningKeysTable>;
export type ShopifyStoreRow = Selectable<ShopifyStoresTable>;
export type NewShopRow = Insertable<ShopsTable>;
export type RoomRow = Selectable<RoomsTable>;
export type AdminSignInRow = Selectable<AdminSignInsTable>;
export type AdminSessionRow = Selectable<AdminSessionsTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type NewAuditRow = Insertable<AuditLogTable>;
export type ViewerRow = Selectable<ViewersTable>;
export type LedgerRow = Selectable<LedgerTable>;
export type NewLedgerRow = Insertable<LedgerTable>;
export type WatchStateRow = Selectable<WatchStateTable>;
export type ChestRow = Selectable<ChestsTable>;
export type CouponTemplateRow = Selectable<CouponTemplatesTable>;
export type CouponRow = Selectable<CouponsTable>;
export type OrderRow = Selectable<OrdersTable>;
export type OrderItemRow = Selectable<OrderItemsTable>;
export type RedemptionRow = Selectable<RedemptionsTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type OfferRow = Selectable<OffersTable>;
export type OfferDrawRow = Selectable<OfferDrawsTable>;
export type OfferEntryRow = Selectable<OfferEntriesTable>;
export type RoomProductRow = Selectable<RoomProductsTable>;
export type ProductRow = Selectable<ProductsTable>;
export type CampaignRow = Selectable<CampaignsTable>;
export type ExperimentRow = Selectable<ExperimentsTable>;
export type TouchRow = Selectable<TouchesTable>;
export type PlatformRoomRow = Selectable<PlatformRoomsTable>;
export type MuteRow = Selectable<MutesTable>;
