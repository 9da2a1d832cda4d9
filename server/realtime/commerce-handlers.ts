import { ClientEvent, EncoreError } from "../../protocol/index.js";
import type { Context } from "../services/context.js";
import { exchangeForCoupon } from "../services/exchange.js";
import { setRoomReminder } from "../services/reminders.js";
import { onViewerJoined } from "../services/repurchase.js";
import { requireShop } from "../services/shops.js";
import { insertClick } from "../store/activity.js";
import type { SocketEdge } from "./edge.js";
import type { EncoreSocket } from "./types.js";

const member = (identity: { viewerId: string } | null) => {
  if (!identity) throw new EncoreError("guest", "log in to do this");
  return identity.viewerId;
};

/** The commerce loop's socket side: exchange points for coupons, product clicks, "remind me". */
export function attachCommerceHandlers(ctx: Context, socket: EncoreSocket, edge: SocketEdge): void {
  const { db } = ctx.store;

  edge.on(ClientEvent.exchange, { who: "member", minIntervalMs: 500 }, async (payload, identity) => {
    const shop = await requireShop(db, socket.data.shopId);
    return exchangeForCoupon(ctx, shop, member(identity), payload.templateId);
  });

  edge.on(ClientEvent.track, { who: "member", minIntervalMs: 250 }, async (payload, identity) => {
    await insertClick(db, socket.data.shopId, member(identity), payload.sku, ctx.clock.now());
    return { tracked: true as const };
  });

  edge.on(ClientEvent.reminder, { who: "member" }, async (payload, identity) => {
    const shop = await requireShop(db, socket.data.shopId);
    return setRoomReminder(ctx, shop, socket.data.roomId, member(identity), payload.on);
  });

  const identity = socket.data.identity;
  if (identity) {
    void requireShop(db, socket.data.shopId)
      .then((shop) => onViewerJoined(ctx, shop, identity.viewerId))
      .catch((error: unknown) => ctx.log.error({ err: error }, "birthday check failed"));
  }
}
