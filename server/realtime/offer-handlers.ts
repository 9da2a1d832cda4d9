import { ClientEvent, HostEvent, ServerEvent } from "../../protocol/index.js";
import type { Context } from "../services/context.js";
import { createTemplate } from "../services/coupons.js";
import { featureProduct, setLive, shopTemplates, winnersPage } from "../services/live-room.js";
import { onProductFeatured } from "../services/repurchase.js";
import { requireShop } from "../services/shops.js";
import type { SocketEdge } from "./edge.js";
import { hostChannel, type LiveRooms } from "./live-rooms.js";
import type { EncoreSocket } from "./types.js";

/** Comments and claims for everyone in the room; the host console's actions for hosts of the room's shop. */
export function registerOfferHandlers(ctx: Context, socket: EncoreSocket, edge: SocketEdge, live: LiveRooms): void {
  const { db } = ctx.store;
  const { roomId, shopId } = socket.data;

  if (socket.data.identity?.role === "host") {
    socket.join(hostChannel(roomId));
    live.watchAsHost(roomId, shopId);
  }

  edge.on(ClientEvent.comment, { who: "anyone", ownPace: true }, (payload, identity) =>
    live.comment(roomId, shopId, socket.id, identity, payload.text),
  );

  edge.on(HostEvent.live, { who: "host" }, async (payload) => {
    const state = await setLive(ctx, roomId, payload.live);
    if (!payload.live) await live.offers.endLive(roomId);
    live.fanout.emit(roomId, ServerEvent.room, state);
    return state;
  });

  edge.on(HostEvent.feature, { who: "host" }, async (payload) => {
    const product = await featureProduct(ctx, roomId, payload.sku);
    live.fanout.emit(roomId, ServerEvent.product, product);
    // viewers who kept clicking this product get the shop's nudge coupon, privately
    if (product) await onProductFeatured(ctx, await requireShop(db, shopId), roomId, product);
    return { product };
  });

  edge.on(HostEvent.templateCreate, { who: "host" }, async (payload, identity) => {
    const shop = await requireShop(db, shopId);
    // the edge admits hosts only, so there is an identity; a socket event has no request id
    return createTemplate(db, shopId, payload, shop.config, ctx.clock.now(), {
      actor: `host:${identity?.viewerId ?? "unknown"}`,
      requestId: null,
    });
  });

  edge.on(HostEvent.templates, { who: "host" }, async () => ({ templates: await shopTemplates(ctx, shopId) }));

  edge.on(HostEvent.offerStart, { who: "host" }, async (payload) =>
    live.offers.start(await requireShop(db, shopId), roomId, payload),
  );

  edge.on(HostEvent.offerStop, { who: "host" }, async (payload) =>
    live.offers.stop(await requireShop(db, shopId), roomId, payload.offerId),
  );

  edge.on(HostEvent.mute, { who: "host" }, async (payload, identity) => {
    // the edge admits hosts only, so there is an identity; a socket event has no request id
    const source = { actor: `host:${identity?.viewerId ?? "unknown"}` as const, requestId: null };
    if (payload.muted)
      await live.moderation.mute(shopId, payload.viewerId, { ...source, name: identity?.name ?? null });
    else await live.moderation.unmute(shopId, payload.viewerId, source);
    return { viewerId: payload.viewerId, muted: payload.muted };
  });

  edge.on(HostEvent.stats, { who: "host" }, () => live.stats(shopId, roomId));

  edge.on(HostEvent.comments, { who: "host" }, async () => ({ comments: live.recentComments(roomId) }));

  edge.on(HostEvent.winners, { who: "host" }, (payload) => winnersPage(ctx, shopId, roomId, payload));
}
