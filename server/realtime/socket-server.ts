import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions } from "socket.io";
import { ClientEvent, EncoreError, HandshakeAuth, NodeEvent, PanelEvent, ServerEvent } from "../../protocol/index.js";
import { verifyToken } from "../auth/tokens.js";
import type { Context, Notifier } from "../services/context.js";
import { admitViewer } from "../services/identity.js";
import type { JoinState } from "../services/join-state.js";
import { shopAdmitsOrigin } from "../services/platform-rooms.js";
import { attachReferralAtJoin, referralCard } from "../services/referrals.js";
import { requireShop } from "../services/shops.js";
import { buildSnapshot } from "../services/snapshot.js";
import { claimChest, recordBeat } from "../services/watch.js";
import type { AgoraConfig } from "../video/rtc-token.js";
import { checkBirthdayAtJoin, registerCommerceHandlers } from "./commerce-handlers.js";
import { SocketEdge } from "./edge.js";
import { registerInsightHandlers } from "./insight-handlers.js";
import { hostChannel, type LiveRooms } from "./live-rooms.js";
import { joinAsHost, registerOfferHandlers } from "./offer-handlers.js";
import { coalesceUpgradeWrites, holdWrites, releaseWrites } from "./one-write.js";
import { registerPresenceHandlers } from "./presence-handlers.js";
import type { RecentlyLeft } from "./recently-left.js";
import { retierLocal } from "./retier.js";
import { type RoomFanout, roomChannelsFor } from "./room-fanout.js";
import { snapshotPacket } from "./snapshot-frame.js";
import { registerStageHandlers } from "./stage-handlers.js";
import { type EncoreServer, type EncoreSocket, shelfChannel, viewerChannel } from "./types.js";

/** Largest websocket frame the server reads at all; bigger frames close the connection. */
const MAX_FRAME_BYTES = 16 * 1024;
/** How long a dropped socket's session waits to be recovered, replayed what it missed. */
export const RECOVERY_WINDOW_MS = 2 * 60 * 1000;

/** The socket.io server on an HTTP server; it admits and serves nobody until serveSockets(). */
export function createSocketServer(
  http: HttpServer,
  corsOrigin: string[] | true,
  adapter?: ServerOptions["adapter"],
): EncoreServer {
  coalesceUpgradeWrites(http);
  return new Server(http, {
    ...(adapter ? { adapter } : {}),
    transports: ["websocket", "polling"],
    maxHttpBufferSize: MAX_FRAME_BYTES,
    cors: { origin: corsOrigin },
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: true },
  });
}

/** Admits sockets at the handshake and attaches every event handler to each one that joins. */
export function serveSockets(
  io: EncoreServer,
  ctx: Context,
  live: LiveRooms,
  /** where a viewer's last socket leaving is noted, for the pushes to them (socketNotifier) */
  left: RecentlyLeft,
  /** the operator's Agora project: a guest on stage (连麦) is issued publisher tokens from it */
  agora?: AgoraConfig,
): void {
  io.use(async (socket, next) => {
    try {
      await admitSocket(ctx, live.joins, socket);
      next();
    } catch (error) {
      const body =
        error instanceof EncoreError ? error.toBody() : { code: "internal" as const, message: "could not join" };
      if (!(error instanceof EncoreError)) ctx.log.error({ err: error }, "socket admission failed");
      const refusal = new Error(body.message) as Error & { data: unknown };
      refusal.data = body;
      next(refusal);
    }
  });

  const edge = socketRoutes(ctx, live, agora);
  io.on("connection", (socket) => {
    releaseHandshake(socket);
    edge.attach(socket);
    joinAsHost(socket, live);
    checkBirthdayAtJoin(ctx, live.joins, socket);
    const { identity, roomId, shopId } = socket.data;
    if (identity) {
      const channel = viewerChannel(identity.shopId, identity.viewerId);
      socket.on("disconnect", () => left.note(channel));
    }
    if (socket.recovered) return;
    void sendSnapshot(ctx, live.joins, socket);
    if (identity) {
      live.arrived(roomId, shopId, identity).catch((error) => ctx.log.error({ err: error }, "entrance failed"));
    }
  });
}

/**
 * What a socket no longer needs once admitted. engine.io keeps the upgrade's HTTP request (its
 * socket, parser and buffers) for the connection's life, and the handshake its headers; both were
 * read once, by admitSocket, and at 10,000 viewers they were a large share of the memory per
 * viewer (socket.io's memory-usage page). A recovered socket skips admission and needs neither.
 */
function releaseHandshake(socket: EncoreSocket): void {
  (socket.conn as unknown as { request: unknown }).request = null;
  socket.handshake.headers = {};
}

/** Who may join, decided once at the handshake: the room must exist, a token must be genuine and of that room's shop. */
async function admitSocket(ctx: Context, joins: JoinState, socket: EncoreSocket): Promise<void> {
  const auth = HandshakeAuth.safeParse(socket.handshake.auth);
  if (!auth.success) throw new EncoreError("bad_request", "connect with auth: { room, token? }");
  const { db } = ctx.store;
  const { room, shop } = await joins.room(auth.data.room);
  const origin = socket.handshake.headers.origin;
  // Browsers always send Origin on a websocket handshake; servers and tests may not, and a
  // forged header only fools this check for clients that are not browsers anyway.
  if (origin && !(await shopAdmitsOrigin(db, shop, origin))) {
    throw new EncoreError("origin_not_allowed", `${origin} is not among this shop's allowed origins`);
  }
  let identity = null;
  if (auth.data.token) {
    const claims = await verifyToken(auth.data.token, (shopId) => joins.keys(shopId), ctx.clock.now());
    if (claims.shop !== room.shop_id) throw new EncoreError("wrong_shop", "this token is for another shop's rooms");
    identity = await admitViewer(ctx, claims, shop.config.tiers);
    // the invite code the page URL carried: attached once, and a refused one never stops the join
    if (auth.data.ref && identity.role === "viewer")
      await attachReferralAtJoin(ctx, shop, identity.viewerId, auth.data.ref);
  }
  socket.data = { roomId: room.id, shopId: room.shop_id, identity, cursor: { activeSince: null } };
  socket.join(roomChannelsFor(room.id, socket.id));
  if (identity) socket.join(viewerChannel(identity.shopId, identity.viewerId));
  // the connect packet waits for the snapshot, to leave in the same write (one-write.ts)
  holdWrites(socket);
}

async function sendSnapshot(ctx: Context, joins: JoinState, socket: EncoreSocket): Promise<void> {
  try {
    const { roomId, identity } = socket.data;
    const shared = await joins.room(roomId);
    writeAlone(socket, snapshotPacket(await buildSnapshot(ctx, shared, identity), shared.configJson));
  } catch (error) {
    ctx.log.error({ err: error }, "snapshot failed");
  } finally {
    releaseWrites(socket);
  }
}

/**
 * An encoded packet for this one socket, past the adapter. With connection state recovery on,
 * `socket.emit` hands every packet to the adapter, which keeps it for a reconnect to replay
 * for two minutes (and, with Redis, adds it to the stream every node reads): a room of 10,000
 * arriving at once kept 10,000 snapshots. A snapshot needs no replay: a socket that reconnects
 * before it had one has no offset to resume from, so it is not recovered and gets a fresh one.
 * `writeToEngine` is where socket.io's own `packet` hands what it encoded.
 */
function writeAlone(socket: EncoreSocket, encoded: string): void {
  const client = socket.client as unknown as { writeToEngine(packets: string[], opts: object): void };
  client.writeToEngine([encoded], {});
}

/** Every event a socket may send, registered once for the whole server. */
function socketRoutes(ctx: Context, live: LiveRooms, agora: AgoraConfig | undefined): SocketEdge {
  const edge = new SocketEdge(ctx.log, ctx.clock);
  const { db } = ctx.store;
  const member = (identity: { viewerId: string } | null) => {
    if (!identity) throw new EncoreError("guest", "log in to do this");
    return identity.viewerId;
  };

  edge.on(ClientEvent.beat, { who: "member", minIntervalMs: 1000 }, async (payload, identity, socket) => {
    const place = await live.joins.earning(socket.data.roomId);
    return recordBeat(ctx, place, member(identity), socket.data.cursor, payload, socket.id);
  });

  edge.on(ClientEvent.chestClaim, { who: "member" }, async (payload, identity, socket) => {
    const place = await live.joins.earning(socket.data.roomId);
    return claimChest(ctx, place, member(identity), payload.chestId, socket.id);
  });

  edge.on(ClientEvent.sync, { who: "anyone" }, async (_payload, identity, socket) =>
    buildSnapshot(ctx, await live.joins.room(socket.data.roomId), identity),
  );

  edge.on(PanelEvent.referral, { who: "member" }, async (_payload, identity, socket) => {
    const shop = await requireShop(db, socket.data.shopId);
    return referralCard(ctx, shop, member(identity));
  });

  registerCommerceHandlers(ctx, edge);
  registerOfferHandlers(ctx, edge, live);
  registerInsightHandlers(ctx, edge);
  registerPresenceHandlers(ctx, edge, live.greeted);
  registerStageHandlers(ctx, edge, agora);
  return edge;
}

/** What the notifier writes through; the app makes them after the services' context exists. */
export interface SocketParts {
  io: EncoreServer;
  fanout: RoomFanout;
  /** other nodes serve the same rooms (the Redis adapter): they hear of tier changes too */
  clustered: boolean;
  /** viewers whose socket left this node lately (a single node pushes only to viewers it may reach) */
  left: RecentlyLeft;
}

/**
 * Whether a push to a viewer may reach a socket: always on a cluster (another node may hold one;
 * its adapter keeps no packets in this node's memory), else when a socket of theirs is here or
 * left lately and may be recovered (recently-left.ts).
 */
function reachable(parts: SocketParts, channel: string): boolean {
  return parts.clustered || parts.io.of("/").adapter.rooms.has(channel) || parts.left.has(channel);
}

/** The realtime side of the notifier port the services talk to; silent until `parts()` has them. */
export function socketNotifier(parts: () => SocketParts | undefined): Notifier {
  return {
    toViewer(shopId, viewerId, event, ...args) {
      const current = parts();
      const channel = viewerChannel(shopId, viewerId);
      if (current && reachable(current, channel)) current.io.to(channel).emit(event, ...args);
    },
    toViewerElsewhere(shopId, viewerId, exceptSocket, event, ...args) {
      const current = parts();
      const channel = viewerChannel(shopId, viewerId);
      if (current && reachable(current, channel))
        current.io
          .to(channel)
          .except(exceptSocket)
          .emit(event, ...args);
    },
    dropViewer(shopId, viewerId) {
      // through the adapter, so it reaches the viewer's sockets on other nodes too
      parts()?.io.in(viewerChannel(shopId, viewerId)).disconnectSockets(true);
    },
    retier(shopId, viewerId, tier) {
      const current = parts();
      if (!current) return;
      retierLocal(current.io, shopId, viewerId, tier);
      if (current.clustered) current.io.serverSideEmit(NodeEvent.retier, shopId, viewerId, tier);
    },
    toRoom(roomId, event, ...args) {
      parts()?.fanout.emit(roomId, event, ...args);
    },
    toShelf(roomId, shelf) {
      parts()?.io.to(shelfChannel(roomId)).emit(ServerEvent.shelf, shelf);
    },
    toHosts(roomId, event, ...args) {
      parts()
        ?.io.to(hostChannel(roomId))
        .emit(event, ...args);
    },
  };
}
