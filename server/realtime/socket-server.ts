import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions } from "socket.io";
import { ClientEvent, EncoreError, HandshakeAuth, ServerEvent } from "../../protocol/index.js";
import { verifyToken } from "../auth/tokens.js";
import { originAllowed } from "../domain/origins.js";
import type { Context, Notifier } from "../services/context.js";
import { getShop, requireRoom, requireShop } from "../services/shops.js";
import { buildSnapshot } from "../services/snapshot.js";
import { claimChest, recordBeat } from "../services/watch.js";
import { ensureViewer, findViewer } from "../store/viewers.js";
import { attachCommerceHandlers } from "./commerce-handlers.js";
import { SocketEdge } from "./edge.js";
import { registerInsightHandlers } from "./insight-handlers.js";
import { liveRoomsFor } from "./live-rooms.js";
import { registerOfferHandlers } from "./offer-handlers.js";
import { markClustered, roomChannelsFor, roomFanoutFor } from "./room-fanout.js";
import { type EncoreServer, type EncoreSocket, shelfChannel, viewerChannel } from "./types.js";

/** Largest websocket frame the server reads at all; bigger frames close the connection. */
const MAX_FRAME_BYTES = 16 * 1024;

export function createSocketServer(
  http: HttpServer,
  ctx: Context,
  corsOrigin: string[] | true,
  adapter?: ServerOptions["adapter"],
): EncoreServer {
  const io: EncoreServer = new Server(http, {
    ...(adapter ? { adapter } : {}),
    transports: ["websocket", "polling"],
    maxHttpBufferSize: MAX_FRAME_BYTES,
    cors: { origin: corsOrigin },
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true },
  });
  if (adapter) markClustered(io);

  io.use(async (socket, next) => {
    try {
      await admitSocket(ctx, socket);
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

  io.on("connection", (socket) => {
    attachHandlers(ctx, socket);
    if (!socket.recovered) void sendSnapshot(ctx, socket);
  });

  // The live rooms run from the start, not from the first connection: offers left live by a
  // process that stopped (or by another node) end on time even while nobody is connected.
  liveRoomsFor(ctx, io);
  return io;
}

/** Who may join, decided once at the handshake: the room must exist, a token must be genuine and of that room's shop. */
async function admitSocket(ctx: Context, socket: EncoreSocket): Promise<void> {
  const auth = HandshakeAuth.safeParse(socket.handshake.auth);
  if (!auth.success) throw new EncoreError("bad_request", "connect with auth: { room, token? }");
  const { db } = ctx.store;
  const room = await requireRoom(db, auth.data.room);
  const origin = socket.handshake.headers.origin;
  const { allowedOrigins } = (await requireShop(db, room.shop_id)).config;
  // Browsers always send Origin on a websocket handshake; servers and tests may not, and a
  // forged header only fools this check for clients that are not browsers anyway.
  if (origin && !originAllowed(origin, allowedOrigins)) {
    throw new EncoreError("origin_not_allowed", `${origin} is not among this shop's allowed origins`);
  }
  let identity = null;
  if (auth.data.token) {
    const now = ctx.clock.now();
    const claims = await verifyToken(auth.data.token, async (id) => (await getShop(db, id))?.secret, now);
    if (claims.shop !== room.shop_id) throw new EncoreError("wrong_shop", "this token is for another shop's rooms");
    const profile = { name: claims.name, birthday: claims.birthday, host: claims.role === "host" };
    await ensureViewer(db, claims.shop, claims.sub, profile, now);
    // a token without a name still has one if the shop's earlier tokens gave it: the room and the
    // host's winners list use it rather than the viewer's id
    const name = claims.name ?? (await findViewer(db, claims.shop, claims.sub))?.name ?? null;
    identity = { shopId: claims.shop, viewerId: claims.sub, role: claims.role, name };
  }
  socket.data = { roomId: room.id, shopId: room.shop_id, identity, cursor: { activeSince: null } };
  socket.join(roomChannelsFor(room.id, socket.id));
  if (identity) socket.join(viewerChannel(identity.shopId, identity.viewerId));
}

async function sendSnapshot(ctx: Context, socket: EncoreSocket): Promise<void> {
  try {
    const { shopId, roomId, identity } = socket.data;
    const shop = await requireShop(ctx.store.db, shopId);
    const room = await requireRoom(ctx.store.db, roomId);
    socket.emit(ServerEvent.snapshot, await buildSnapshot(ctx, shop, room, identity));
  } catch (error) {
    ctx.log.error({ err: error }, "snapshot failed");
  }
}

function attachHandlers(ctx: Context, socket: EncoreSocket): void {
  const edge = new SocketEdge(socket, ctx.log, ctx.clock);
  const { db } = ctx.store;
  const member = (identity: { viewerId: string } | null) => {
    if (!identity) throw new EncoreError("guest", "log in to do this");
    return identity.viewerId;
  };

  edge.on(ClientEvent.beat, { who: "member", minIntervalMs: 1000 }, async (payload, identity) => {
    const shop = await requireShop(db, socket.data.shopId);
    return recordBeat(ctx, shop, member(identity), socket.data.cursor, payload, socket.data.roomId);
  });

  edge.on(ClientEvent.chestClaim, { who: "member" }, async (payload, identity) => {
    const shop = await requireShop(db, socket.data.shopId);
    return { wallet: await claimChest(ctx, shop, member(identity), payload.chestId) };
  });

  edge.on(ClientEvent.sync, { who: "anyone" }, async (_payload, identity) => {
    const shop = await requireShop(db, socket.data.shopId);
    const room = await requireRoom(db, socket.data.roomId);
    return buildSnapshot(ctx, shop, room, identity);
  });

  attachCommerceHandlers(ctx, socket, edge);
  registerOfferHandlers(ctx, socket, edge);
  registerInsightHandlers(ctx, socket, edge);
}

/** The realtime side of the notifier port the services talk to. */
export function socketNotifier(io: () => EncoreServer | undefined): Notifier {
  return {
    toViewer(shopId, viewerId, event, ...args) {
      io()
        ?.to(viewerChannel(shopId, viewerId))
        .emit(event, ...args);
    },
    toRoom(roomId, event, ...args) {
      const server = io();
      if (server) roomFanoutFor(server).emit(roomId, event, ...args);
    },
    toShelf(roomId, shelf) {
      io()?.to(shelfChannel(roomId)).emit(ServerEvent.shelf, shelf);
    },
  };
}
