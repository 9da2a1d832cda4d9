import { HostEvent } from "../../protocol/index.js";
import type { Context } from "../services/context.js";
import { startExperiment, stopExperiment } from "../services/experiments.js";
import { insight } from "../services/insight.js";
import { requireShop } from "../services/shops.js";
import type { SocketEdge } from "./edge.js";
import type { EncoreSocket } from "./types.js";

/** The host console's dashboard and experiments, for hosts of the room's shop. */
export function registerInsightHandlers(ctx: Context, socket: EncoreSocket, edge: SocketEdge): void {
  const { db } = ctx.store;
  const { roomId, shopId } = socket.data;

  edge.on(HostEvent.insight, { who: "host", minIntervalMs: 1000 }, async () =>
    insight(ctx, await requireShop(db, shopId), roomId),
  );

  edge.on(HostEvent.experimentStart, { who: "host" }, async (payload) =>
    startExperiment(ctx, await requireShop(db, shopId), payload),
  );

  edge.on(HostEvent.experimentStop, { who: "host" }, async (payload) =>
    stopExperiment(ctx, await requireShop(db, shopId), payload.experimentId),
  );
}
