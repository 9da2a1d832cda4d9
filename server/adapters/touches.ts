import type { Automation, TouchKind, TouchRecord, TouchView, TouchWords, WebhookData } from "../../protocol/index.js";
import type { CouponRow, TouchRow } from "../store/schema.js";
import { toCoupon } from "./coupons.js";

/** A sent touch as the inbox shows it and the `viewer.touch` webhook carries it. */
export function toTouchView(row: TouchRow, coupon: CouponRow | null, now: number): TouchView {
  return {
    id: row.id,
    kind: row.kind as TouchKind,
    words: JSON.parse(row.words ?? "{}") as TouchWords,
    coupon: coupon ? toCoupon(coupon, now) : null,
    createdAt: row.sent_at ?? row.created_at,
    seen: row.seen_at !== null,
  };
}

/** `viewer.touch`: who to reach and what to say; the shop sends it on by SMS, WeChat or app push. */
export function toTouchWebhookBody(row: TouchRow, coupon: CouponRow | null, now: number): WebhookData<"viewer.touch"> {
  return { viewerId: row.viewer_id, automation: row.automation as Automation, touch: toTouchView(row, coupon, now) };
}

/** A touch with what became of it: the shop API's view of one viewer's touches. */
export function toTouchRecord(row: TouchRow): TouchRecord {
  return {
    id: row.id,
    kind: row.kind as TouchKind,
    automation: row.automation as Automation,
    status: row.status,
    reason: row.reason,
    dueAt: row.due_at,
    sentAt: row.sent_at,
    seenAt: row.seen_at,
    couponCode: row.coupon_code,
    words: row.words ? (JSON.parse(row.words) as TouchWords) : null,
  };
}
