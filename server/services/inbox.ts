import type { InboxState, TouchRecord, TouchView } from "../../protocol/index.js";
import { toTouchRecord, toTouchView } from "../adapters.js";
import {
  countUnseen,
  couponsByCode,
  isOptedOut,
  markSeen,
  saveOptOut,
  sentTouches,
  viewerTouches,
} from "../store/lifecycle.js";
import type { Context } from "./context.js";
import type { Shop } from "./shops.js";

/*
 * The viewer's "for you" inbox: the touches sent between lives, as the widget reads them, and the
 * viewer's choice to get none.
 */

/** What the widget shows at most: a season of touches under the contact budget. */
const INBOX_SIZE = 50;

export async function inboxState(ctx: Context, shop: Shop, viewerId: string): Promise<InboxState> {
  const { db } = ctx.store;
  const [unseen, optedOut] = await Promise.all([countUnseen(db, shop.id, viewerId), isOptedOut(db, shop.id, viewerId)]);
  return { unseen, optedOut };
}

/** The touches sent to the viewer, newest first, each with its coupon as it stands now. */
export async function listInbox(ctx: Context, shop: Shop, viewerId: string): Promise<{ touches: TouchView[] }> {
  const now = ctx.clock.now();
  const { db } = ctx.store;
  const rows = await sentTouches(db, shop.id, viewerId, INBOX_SIZE);
  const coupons = await couponsByCode(
    db,
    shop.id,
    rows.flatMap((row) => (row.coupon_code ? [row.coupon_code] : [])),
  );
  return {
    touches: rows.map((row) => toTouchView(row, (row.coupon_code && coupons.get(row.coupon_code)) || null, now)),
  };
}

/** Marks the viewer's own touches among `ids` seen (anyone else's are ignored) and answers the badge. */
export async function markInboxSeen(ctx: Context, shop: Shop, viewerId: string, ids: string[]): Promise<InboxState> {
  await markSeen(ctx.store.db, shop.id, viewerId, ids, ctx.clock.now());
  return inboxState(ctx, shop, viewerId);
}

/** The viewer (in the widget) or the shop (over its API) turns touches between lives off or back on. */
export async function setContactOptOut(
  ctx: Context,
  shop: Shop,
  viewerId: string,
  optOut: boolean,
): Promise<InboxState> {
  await saveOptOut(ctx.store.db, shop.id, viewerId, optOut, ctx.clock.now());
  return inboxState(ctx, shop, viewerId);
}

/** Every touch of a viewer, whatever became of it (sent, held, held out…), newest first: the shop API's view. */
export async function touchRecords(ctx: Context, shop: Shop, viewerId: string, limit: number): Promise<TouchRecord[]> {
  return (await viewerTouches(ctx.store.db, shop.id, viewerId, limit)).map(toTouchRecord);
}
