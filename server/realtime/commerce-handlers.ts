import { ClientEvent, EncoreError } from "../../protocol/index.js";
import { recordClick } from "../services/clicks.js";
import type { Context } from "../services/context.js";
import { exchangeForCoupon } from "../services/exchange.js";
import { listInbox, markInboxSeen, setContactOptOut } from "../services/inbox.js";
import type { JoinState } from "../services/join-state.js";
import { listCatalogue, roomShelf } from "../services/products.js";
import { setRoomReminder } from "../services/reminders.js";
import { onViewerJoined } from "../services/repurchase.js";
import { requireShop } from "../services/shops.js";
import type { SocketEdge } from "./edge.js";
import { type EncoreSocket, shelfChannel } from "./types.js";

const member = (identity: { viewerId: string } | null) => {
  if (!identity) throw new EncoreError("guest", "log in to do this");
  return identity.viewerId;
};

/** The commerce loop's socket side: exchange points for coupons, the shelf, product clicks, "remind me". */
export function registerCommerceHandlers(ctx: Context, edge: SocketEdge): void {
  const { db } = ctx.store;

  edge.on(ClientEvent.exchange, { who: "member", minIntervalMs: 500 }, async (payload, identity, socket) => {
    const shop = await requireShop(db, socket.data.shopId);
    return exchangeForCoupon(ctx, shop, member(identity), payload.templateId, socket.id);
  });

  edge.on(ClientEvent.track, { who: "member", minIntervalMs: 250 }, async (payload, identity, socket) => {
    await recordClick(ctx, socket.data.shopId, member(identity), payload.sku);
    return { tracked: true as const };
  });

  // An open drawer hears the catalogue's changes; a closed one costs the room nothing. The host's
  // picker is the same list, whole: a host may feature any product of the catalogue.
  edge.on(ClientEvent.shelf, { who: "anyone", minIntervalMs: 500 }, async (_payload, identity, socket) => {
    socket.join(shelfChannel(socket.data.roomId));
    const { shopId } = socket.data;
    return { products: identity?.role === "host" ? await listCatalogue(db, shopId) : await roomShelf(db, shopId) };
  });

  edge.on(ClientEvent.shelfClose, { who: "anyone" }, async (_payload, _identity, socket) => {
    socket.leave(shelfChannel(socket.data.roomId));
    return { closed: true as const };
  });

  edge.on(ClientEvent.reminder, { who: "member" }, async (payload, identity, socket) => {
    const shop = await requireShop(db, socket.data.shopId);
    return setRoomReminder(ctx, shop, socket.data.roomId, member(identity), payload.on);
  });

  edge.on(ClientEvent.inbox, { who: "member" }, async (_payload, identity, socket) => {
    const shop = await requireShop(db, socket.data.shopId);
    return listInbox(ctx, shop, member(identity));
  });

  edge.on(ClientEvent.inboxSeen, { who: "member" }, async (payload, identity, socket) => {
    const shop = await requireShop(db, socket.data.shopId);
    return markInboxSeen(ctx, shop, member(identity), payload.ids);
  });

  edge.on(ClientEvent.contact, { who: "member" }, async (payload, identity, socket) => {
    const shop = await requireShop(db, socket.data.shopId);
    return setContactOptOut(ctx, shop, member(identity), payload.optOut);
  });
}

/** A viewer who joins may be due a birthday coupon; the join never waits for it. */
export function checkBirthdayAtJoin(ctx: Context, joins: JoinState, socket: EncoreSocket): void {
  const identity = socket.data.identity;
  if (identity) {
    void joins
      .room(socket.data.roomId)
      .then(({ shop }) => onViewerJoined(ctx, shop, identity.viewerId, identity.birthday))
      .catch((error: unknown) => ctx.log.error({ err: error }, "birthday check failed"));
  }
}
