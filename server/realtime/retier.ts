import { type EncoreServer, viewerChannel } from "./types.js";

/** This node's sockets of one viewer take their new tier (other nodes do the same on NodeEvent.retier). */
export function retierLocal(io: EncoreServer, shopId: string, viewerId: string, tier: number): void {
  const namespace = io.of("/");
  for (const id of namespace.adapter.rooms.get(viewerChannel(shopId, viewerId)) ?? []) {
    const identity = namespace.sockets.get(id)?.data.identity;
    if (identity) identity.tier = tier;
  }
}
