import { EncoreError, type ViewerOrdersPage, type ViewerProfile } from "../../protocol/index.js";
import { toViewerOrder } from "../adapters.js";
import { lastWatchAt } from "../store/activity.js";
import { findOrder, listViewerOrders } from "../store/orders.js";
import { findViewer } from "../store/viewers.js";
import type { Context } from "./context.js";
import { touchRecords } from "./inbox.js";
import type { Shop } from "./shops.js";
import { viewerLedger, viewerProfile } from "./viewer-view.js";

/** What the profile shows of each list before a person asks for more. */
const FIRST_LEDGER = 20;
const FIRST_ORDERS = 10;
const FIRST_TOUCHES = 20;

/** One viewer for the back office: the shop API's view of them, with their ledger, orders and touches. */
export async function backOfficeProfile(ctx: Context, shop: Shop, viewerId: string): Promise<ViewerProfile> {
  // refuses an unknown viewer before reading anything else
  const viewer = await viewerProfile(ctx, shop, viewerId);
  const [ledger, orders, touches, lastSeenAt] = await Promise.all([
    viewerLedger(ctx, shop.id, viewerId, FIRST_LEDGER),
    viewerOrders(ctx, shop, viewerId, undefined, FIRST_ORDERS),
    touchRecords(ctx, shop, viewerId, FIRST_TOUCHES),
    lastWatchAt(ctx.store.db, shop.id, viewerId),
  ]);
  return { viewer, lastSeenAt, ledger, orders, touches };
}

/** A page of the viewer's orders, newest first; `cursor` is the last order of the page before. */
export async function viewerOrders(
  ctx: Context,
  shop: Shop,
  viewerId: string,
  cursor: string | undefined,
  limit: number,
): Promise<ViewerOrdersPage> {
  const { db } = ctx.store;
  if (!(await findViewer(db, shop.id, viewerId))) throw new EncoreError("viewer_not_found", `no viewer ${viewerId}`);
  const after = cursor === undefined ? null : await findOrder(db, shop.id, cursor);
  // a cursor names one of this viewer's orders; anything else is not a place in their list
  if (cursor !== undefined && after?.viewer_id !== viewerId) {
    throw new EncoreError("bad_request", "cursor: not an order of this viewer", [
      { path: "query.cursor", message: "the nextCursor of a page" },
    ]);
  }
  const rows = await listViewerOrders(db, shop.id, viewerId, after ?? null, limit + 1);
  const orders = rows.slice(0, limit).map(toViewerOrder);
  const last = orders.at(-1);
  return { orders, nextCursor: rows.length > limit && last ? last.orderId : null };
}
