import { HostEvent } from "../../protocol/index.js";
import type { Context } from "../services/context.js";
import { startExperiment, stopExperiment } from "../services/experiments.js";
import { insight } from "../services/insight.js";
import { requireShop } from "../services/shops.js";
import type { SocketEdge } from "./edge.js";
import type { EncoreSocket } from "./types.js";

/** The host console's dashboard and experiments, for hosts of the room's shop. */
export function registerInsightHandlers(ctx: Context, edge: SocketEdge): void {
  const { db } = ctx.store;
  const shopOf = (socket: EncoreSocket) => requireShop(db, socket.data.shopId);

  edge.on(HostEvent.insight, { who: "host", minIntervalMs: 1000 }, async (_payload, _identity, socket) =>
    insight(ctx, await shopOf(socket), socket.data.roomId),
  );

  edge.on(HostEvent.experimentStart, { who: "host" }, async (payload, _identity, socket) =>
    startExperiment(ctx, await shopOf(socket), payload),
  );

  edge.on(HostEvent.experimentStop, { who: "host" }, async (payload, _identity, socket) =>
    stopExperiment(ctx, await shopOf(socket), payload.experimentId),
  );
}
