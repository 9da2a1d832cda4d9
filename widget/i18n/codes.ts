import type { AckCode } from "../../client/transport.js";

/**
 * Codes only the shop's backend (checkout, orders) or the host console ever receive. The viewer's
 * script tag carries no sentences for them, to stay inside its size budget; should one reach a
 * viewer anyway, it reads the generic sentence.
 */
export type BackOfficeErrorCode =
  | "room_exists"
  | "viewer_not_present"
  | "contact_budget"
  | "idempotency_conflict"
  | "offer_live"
  | "stock_invalid"
  | "duration_invalid"
  | "template_not_found"
  | "product_not_found"
  | "product_exists"
  | "campaign_not_found"
  | "campaign_invalid"
  | "campaign_overlap"
  | "platform_room_not_found"
  | "platform_room_taken"
  | "coupon_not_found"
  | "coupon_expired"
  | "coupon_used"
  | "coupon_revoked"
  | "coupon_other_viewer"
  | "coupon_below_threshold"
  | "order_not_found"
  | "order_conflict"
  | "amount_invalid"
  | "points_cap"
  | "experiment_not_found"
  | "experiment_conflict"
  | "experiment_invalid"
  | "webhook_url_refused"
  | "webhook_endpoint_not_found"
  | "webhook_message_not_found"
  | "api_key_not_found"
  | "api_key_revoked"
  | "signature_invalid"
  | "shopify_store_unknown"
  | "shopify_store_taken"
  | "shop_not_found"
  | "link_invalid"
  | "session_required"
  | "session_expired"
  | "csrf_invalid"
  | "config_conflict"
  | "if_match_required"
  | "insufficient_growth"
  | "not_muted"
  | "offer_not_found"
  | "offer_not_draw"
  | "draw_none"
  // a refused invite code never stops a join: only the shop's POST /v1/referrals answers with these
  | "referral_unknown"
  | "referral_other_shop"
  | "referral_self"
  | "referral_not_new"
  | "referral_cap"
  // 连麦: what only the host's invite and end are refused with
  | "stage_busy"
  | "stage_wrong_room";

/** Every code a viewer's socket can be answered with: each has a sentence in both locales. */
export type ViewerErrorCode = Exclude<AckCode, BackOfficeErrorCode>;

/**
 * Codes only a panel beyond the first screen shows (the chest's, the coupon exchange's): their
 * sentences travel in the panel files (widget/panels/words/), out of the first load.
 */
export type PanelErrorCode =
  | "chest_none"
  | "chest_expired"
  | "chest_claimed"
  | "chest_capped"
  | "coupon_limit"
  | "exchange_unavailable"
  | "template_paused"
  // a fan-only room's refusal of a chest; beats never meet it (the widget sends none below the gate)
  | "room_gated"
  | "referrals_off"
  // 连麦: what the guest's stage panel is refused with
  | "stage_not_invited"
  | "stage_invite_expired"
  | "stage_ended";

/** Codes the first screen may show (a deal's, a comment's, the link's): their sentences come with it. */
export type ScreenErrorCode = Exclude<ViewerErrorCode, PanelErrorCode>;
