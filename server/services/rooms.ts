import type { RoomCreateBody, RoomDetail, RoomPatch, RoomState } from "../../protocol/index.js";
import { toRoomState } from "../adapters.js";
import { updateRoomTitle } from "../store/shops.js";
import { type ChangeSource, recordAudit } from "./audit.js";
import type { Context } from "./context.js";
import { featuredProduct } from "./live-room.js";
import { createRoom, requireShopRoom } from "./shops.js";

/** One of the shop's rooms and what it features now; another shop's room is one that does not exist. */
export async function shopRoom(ctx: Context, shopId: string, roomId: string): Promise<RoomDetail> {
  const room = toRoomState(await requireShopRoom(ctx.store.db, shopId, roomId));
  return { ...room, featured: await featuredProduct(ctx, room.id) };
}

/**
 * The shop's rooms as the back office and the API change them, each change audited. A room's id
 * never changes: it is in the streamer's page, the host's links and the platform mappings.
 */
export async function createShopRoom(
  ctx: Context,
  shopId: string,
  input: RoomCreateBody,
  source: ChangeSource,
): Promise<RoomState> {
  const now = ctx.clock.now();
  return ctx.store.db.transaction().execute(async (trx) => {
    const room = toRoomState(await createRoom(trx, shopId, input, now));
    await recordAudit(
      trx,
      shopId,
      source,
      { action: "room.create", target: { kind: "room", id: room.id }, before: null, after: room },
      now,
    );
    return room;
  });
}

export async function renameRoom(
  ctx: Context,
  shopId: string,
  roomId: string,
  patch: RoomPatch,
  source: ChangeSource,
): Promise<RoomState> {
  const now = ctx.clock.now();
  return ctx.store.db.transaction().execute(async (trx) => {
    const before = toRoomState(await requireShopRoom(trx, shopId, roomId));
    await updateRoomTitle(trx, roomId, patch.title);
    const after = toRoomState(await requireShopRoom(trx, shopId, roomId));
    await recordAudit(
      trx,
      shopId,
      source,
      { action: "room.update", target: { kind: "room", id: roomId }, before, after },
      now,
    );
    return after;
  });
}
