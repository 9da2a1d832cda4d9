import type { ErrorBody, FieldError } from "./http.js";

/**
 * Every refusal the server can give, as one closed union. Clients switch on `code`;
 * `message` is for people and logs. HTTP maps each code to a status in one place.
 */
export const ERROR_CODES = [
  // input at the edge
  "bad_request",
  "payload_too_large",
  "rate_limited",
  // identity
  "unauthorized",
  "token_invalid",
  "token_expired",
  "token_alg",
  "token_claims",
  "wrong_shop",
  "origin_not_allowed",
  "forbidden",
  "guest",
  // the back office: its sign-in links, sessions and their CSRF token
  "link_invalid",
  "session_required",
  "session_expired",
  "csrf_invalid",
  // lookups and conflicts
  "room_not_found",
  "shop_not_found",
  "viewer_not_found",
  "not_found",
  "idempotency_conflict",
  "room_exists",
  "config_conflict",
  "if_match_required",
  // points
  "insufficient_points",
  "insufficient_growth",
  "chest_none",
  "chest_expired",
  "chest_claimed",
  "chest_capped",
  // offers and comments (扣1)
  "offer_none",
  "offer_ended",
  "offer_live",
  "sold_out",
  "already_claimed",
  "tier_too_low",
  "muted",
  "comment_blocked",
  "stock_invalid",
  "duration_invalid",
  "template_not_found",
  "template_paused",
  "not_muted",
  // the host's greetings to viewers in the room
  "viewer_not_present",
  "contact_budget",
  // fan-only rooms: below the room's tier a viewer watches but earns and claims nothing there
  "room_gated",
  // the public record of a lucky-bag draw
  "offer_not_found",
  "offer_not_draw",
  "draw_none",
  // the catalogue
  "product_not_found",
  "product_exists",
  // campaigns
  "campaign_not_found",
  "campaign_invalid",
  "campaign_overlap",
  // the extension's platform rooms
  "platform_room_not_found",
  "platform_room_taken",
  // coupons and orders
  "coupon_not_found",
  "coupon_expired",
  "coupon_used",
  "coupon_revoked",
  "coupon_other_viewer",
  "coupon_below_threshold",
  "coupon_limit",
  "exchange_unavailable",
  "order_not_found",
  "order_conflict",
  "amount_invalid",
  "points_cap",
  "experiment_not_found",
  "experiment_conflict",
  "experiment_invalid",
  // webhooks
  "webhook_url_refused",
  "webhook_endpoint_not_found",
  "webhook_message_not_found",
  // the Shopify adapter: a webhook whose signature does not check, a store no shop connected, a store another shop has
  "signature_invalid",
  "shopify_store_unknown",
  "shopify_store_taken",
  // the shop's API keys
  "api_key_not_found",
  "api_key_revoked",
  // referrals: an invite code that names nobody, another shop's, the viewer's own, an invitee
  // with earlier activity in the shop, an inviter over the month's cap, a shop with them off
  "referral_unknown",
  "referral_other_shop",
  "referral_self",
  "referral_not_new",
  "referral_cap",
  "referrals_off",
  // live video
  "video_not_configured",
  // 连麦: a guest on stage
  "stage_busy",
  "stage_not_invited",
  "stage_invite_expired",
  "stage_ended",
  "stage_wrong_room",
  "internal",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Refusals a client's transport gives itself, never the server: `offline` — there was no link, so
 * the call was never sent; `timeout` — it went out and no answer came (it may have taken effect).
 */
export type ClientErrorCode = "offline" | "timeout";

/** The HTTP status each code maps to; 5xx only for our own faults. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  payload_too_large: 413,
  rate_limited: 429,
  unauthorized: 401,
  token_invalid: 401,
  token_expired: 401,
  token_alg: 401,
  token_claims: 401,
  wrong_shop: 403,
  origin_not_allowed: 403,
  forbidden: 403,
  guest: 403,
  link_invalid: 401,
  session_required: 401,
  session_expired: 401,
  csrf_invalid: 403,
  room_not_found: 404,
  shop_not_found: 404,
  viewer_not_found: 404,
  not_found: 404,
  idempotency_conflict: 409,
  room_exists: 409,
  // the write named a version of the document that is no longer the current one
  config_conflict: 412,
  if_match_required: 428,
  insufficient_points: 409,
  // growth falls below zero only through a refund; a hand adjustment may not take it there
  insufficient_growth: 409,
  chest_none: 409,
  chest_expired: 409,
  chest_claimed: 409,
  chest_capped: 409,
  offer_none: 409,
  offer_ended: 409,
  offer_live: 409,
  sold_out: 409,
  already_claimed: 409,
  tier_too_low: 403,
  muted: 403,
  comment_blocked: 422,
  stock_invalid: 400,
  duration_invalid: 400,
  template_not_found: 404,
  // the shop paused the template: it issues nothing until resumed
  template_paused: 409,
  // unmuting a viewer who is not on the shop's mute list (or is another shop's)
  not_muted: 404,
  // the viewer greeted is not in the room now (left, or never came)
  viewer_not_present: 409,
  // the shop's contact budget has no room for one more coupon to this viewer now
  contact_budget: 409,
  room_gated: 403,
  offer_not_found: 404,
  // a first-come offer: nothing was drawn, so there is no draw to check
  offer_not_draw: 409,
  // a lucky bag still live: its seed is revealed only at the draw
  draw_none: 409,
  product_not_found: 404,
  product_exists: 409,
  campaign_not_found: 404,
  // an end at or before its start, a day that does not exist, a tier the program does not have
  campaign_invalid: 422,
  // runs at the same time as another campaign with different multipliers: which would apply is unclear
  campaign_overlap: 409,
  platform_room_not_found: 404,
  // another shop already shows its room on that platform room
  platform_room_taken: 409,
  coupon_not_found: 404,
  coupon_expired: 409,
  coupon_used: 409,
  coupon_revoked: 409,
  coupon_other_viewer: 403,
  coupon_below_threshold: 422,
  coupon_limit: 409,
  exchange_unavailable: 409,
  order_not_found: 404,
  order_conflict: 409,
  amount_invalid: 400,
  points_cap: 422,
  experiment_not_found: 404,
  experiment_conflict: 409,
  webhook_url_refused: 422,
  // unknown, deleted, or another shop's
  webhook_endpoint_not_found: 404,
  webhook_message_not_found: 404,
  // the body is not what the shop's secret signed: changed in transit, or not from Shopify
  signature_invalid: 401,
  shopify_store_unknown: 404,
  shopify_store_taken: 409,
  api_key_not_found: 404,
  // already revoked (or rotated away): there is nothing left to revoke or rotate
  api_key_revoked: 409,
  experiment_invalid: 422,
  referral_unknown: 404,
  referral_other_shop: 403,
  referral_self: 422,
  // the invitee has watched, earned, ordered or been invited in this shop before
  referral_not_new: 409,
  referral_cap: 409,
  referrals_off: 409,
  // the operator has not set AGORA_APP_ID / AGORA_APP_CERTIFICATE: a server-side gap, not the caller's fault
  video_not_configured: 503,
  // a guest is invited or on stage already: one guest at a time
  stage_busy: 409,
  // no invitation of this viewer in this room: nothing to accept, no publisher token
  stage_not_invited: 403,
  // the invitation lapsed before it was accepted
  stage_invite_expired: 409,
  // the host ended the spot (or the guest left): a publisher token is not renewed
  stage_ended: 409,
  // the spot is another room's: a host acts only on their own room's stage
  stage_wrong_room: 403,
  internal: 500,
};

/** A refusal that carries its code through the layers until the edge turns it into a response. */
export class EncoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = code,
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = "EncoreError";
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) };
  }
}

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
