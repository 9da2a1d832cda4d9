import { EncoreError, HostEvent, ServerEvent } from "../../protocol/index.js";
import type { Context } from "../services/context.js";
import type { Identity } from "../services/identity.js";
import { greetViewer, presentList } from "../services/presence.js";
import { requireShop } from "../services/shops.js";
import type { SocketEdge } from "./edge.js";
import { type EncoreSocket, roomChannel, viewerChannel } from "./types.js";

/**
 * Greeting keys seen without a coupon (a coupon's key is kept by the coupon itself): a repeated tap
 * within this node's memory sends nothing new. Oldest forgotten first.
 */
const GREETINGS_KEPT = 10_000;

/** "Who is here" and the host's greeting, for hosts of the room's shop. */
export function registerPresenceHandlers(ctx: Context, edge: SocketEdge, greeted: Map<string, string>): void {
  const { db } = ctx.store;

  /** identities of sockets in the asking socket's room now, on every node (the adapter asks the others) */
  const identitiesIn = async (socket: EncoreSocket, channel: string): Promise<Identity[]> => {
    const { roomId } = socket.data;
    const sockets = await socket.nsp.in(channel).fetchSockets();
    return sockets.flatMap((s) => (s.data.identity && s.data.roomId === roomId ? [s.data.identity] : []));
  };

  edge.on(HostEvent.present, { who: "host" }, async (_payload, _identity, socket) => {
    const { roomId, shopId } = socket.data;
    return presentList(ctx, await requireShop(db, shopId), roomId, await identitiesIn(socket, roomChannel(roomId)));
  });

  edge.on(HostEvent.greet, { who: "host" }, async (payload, host, socket) => {
    const { roomId, shopId } = socket.data;
    const shop = await requireShop(db, shopId);
    const target = (await identitiesIn(socket, viewerChannel(shopId, payload.viewerId))).find((i) => i.role !== "host");
    if (!target || !host) throw new EncoreError("viewer_not_present", "that viewer is not in the room now");
    const seen = greeted.get(payload.idempotencyKey);
    if (payload.templateId === null && seen !== undefined) {
      if (seen !== payload.viewerId)
        throw new EncoreError("idempotency_conflict", "this key was used for another greeting");
      return { viewerId: payload.viewerId, coupon: null, replayed: true };
    }
    // the greeting names the strongest reason the host sees them for (a birthday is wished happy)
    const reason = (await presentList(ctx, shop, roomId, [target])).viewers[0]?.reasons[0] ?? null;
    const result = await greetViewer(ctx, shop, host, target, payload);
    if (payload.templateId === null) {
      greeted.set(payload.idempotencyKey, payload.viewerId);
      if (greeted.size > GREETINGS_KEPT) greeted.delete(greeted.keys().next().value as string);
    }
    if (!result.replayed) {
      ctx.notifier.toViewer(shopId, target.viewerId, ServerEvent.greeting, {
        from: host.name,
        reason,
        coupon: result.coupon,
      });
    }
    return { viewerId: target.viewerId, ...result };
  });
}
