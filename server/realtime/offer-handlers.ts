import { ClientEvent, HostEvent, ServerEvent } from "../../protocol/index.js";
import type { Context } from "../services/context.js";
import { createTemplate } from "../services/coupons.js";
import { featureProduct, setLive, shopTemplates, winnersPage } from "../services/live-room.js";
import { onProductFeatured } from "../services/repurchase.js";
import { requireShop } from "../services/shops.js";
import type { SocketEdge } from "./edge.js";
import { hostChannel, type LiveRooms } from "./live-rooms.js";
import type { EncoreSocket } from "./types.js";

/** A host's socket hears the live panel's pushes from its join on. */
export function joinAsHost(socket: EncoreSocket, live: LiveRooms): void {
  const { roomId, shopId, identity } = socket.data;
  if (identity?.role === "host") {
    socket.join(hostChannel(roomId));
    live.watchAsHost(roomId, shopId);
  }
}

/** Comments and claims for everyone in the room; the host console's actions for hosts of the room's shop. */
export function registerOfferHandlers(ctx: Context, edge: SocketEdge, live: LiveRooms): void {
  const { db } = ctx.store;

  /** the room and shop a socket was admitted to */
  const at = (socket: EncoreSocket) => socket.data;

  edge.on(ClientEvent.comment, { who: "anyone", ownPace: true }, (payload, identity, socket) =>
    live.comment(at(socket).roomId, at(socket).shopId, socket.id, identity, payload.text),
  );

  edge.on(HostEvent.live, { who: "host" }, async (payload, _identity, socket) => {
    const { roomId } = at(socket);
    const state = await setLive(ctx, roomId, payload.live);
    if (!payload.live) await live.offers.endLive(roomId);
    live.fanout.emit(roomId, ServerEvent.room, state);
    return state;
  });

  edge.on(HostEvent.feature, { who: "host" }, async (payload, _identity, socket) => {
    const { roomId, shopId } = at(socket);
    const product = await featureProduct(ctx, roomId, payload.sku);
    live.fanout.emit(roomId, ServerEvent.product, product);
    // viewers who kept clicking this product get the shop's nudge coupon, privately
    if (product) await onProductFeatured(ctx, await requireShop(db, shopId), roomId, product);
    return { product };
  });

  edge.on(HostEvent.templateCreate, { who: "host" }, async (payload, identity, socket) => {
    const { shopId } = at(socket);
    const shop = await requireShop(db, shopId);
    // the edge admits hosts only, so there is an identity; a socket event has no request id
    return createTemplate(db, shopId, payload, shop.config, ctx.clock.now(), {
      actor: `host:${identity?.viewerId ?? "unknown"}`,
      requestId: null,
    });
  });

  edge.on(HostEvent.templates, { who: "host" }, async (_payload, _identity, socket) => ({
    templates: await shopTemplates(ctx, at(socket).shopId),
  }));

  edge.on(HostEvent.offerStart, { who: "host" }, async (payload, _identity, socket) => {
    const { shopId, roomId } = at(socket);
    const offer = await live.offers.start(await requireShop(db, shopId), roomId, payload);
    live.expectClaims(shopId);
    return offer;
  });

  edge.on(HostEvent.offerStop, { who: "host" }, async (payload, _identity, socket) =>
    live.offers.stop(await requireShop(db, at(socket).shopId), at(socket).roomId, payload.offerId),
  );

  edge.on(HostEvent.mute, { who: "host" }, async (payload, identity, socket) => {
    const { shopId } = at(socket);
    // the edge admits hosts only, so there is an identity; a socket event has no request id
    const source = { actor: `host:${identity?.viewerId ?? "unknown"}` as const, requestId: null };
    if (payload.muted)
      await live.moderation.mute(shopId, payload.viewerId, { ...source, name: identity?.name ?? null });
    else await live.moderation.unmute(shopId, payload.viewerId, source);
    return { viewerId: payload.viewerId, muted: payload.muted };
  });

  edge.on(HostEvent.stats, { who: "host" }, (_payload, _identity, socket) =>
    live.stats(at(socket).shopId, at(socket).roomId),
  );

  edge.on(HostEvent.comments, { who: "host" }, async (_payload, _identity, socket) => ({
    comments: live.recentComments(at(socket).roomId),
  }));

  edge.on(HostEvent.winners, { who: "host" }, (payload, _identity, socket) =>
    winnersPage(ctx, at(socket).shopId, at(socket).roomId, payload),
  );
}
