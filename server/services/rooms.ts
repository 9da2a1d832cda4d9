import {
  EncoreError,
  type RoomCreateBody,
  type RoomDetail,
  type RoomPatch,
  type RoomState,
  ServerEvent,
} from "../../protocol/index.js";
import { toRoomState } from "../adapters.js";
import { updateRoom } from "../store/shops.js";
import { type ChangeSource, recordAudit } from "./audit.js";
import type { Context } from "./context.js";
import { featuredProduct } from "./live-room.js";
import { createRoom, requireShop, requireShopRoom } from "./shops.js";

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

/**
 * Renames a room and/or gates it to a tier (a fan-only live); the room hears its new state at
 * once, so a gate set mid-live shows (and applies) without a reload.
 */
export async function patchRoom(
  ctx: Context,
  shopId: string,
  roomId: string,
  patch: RoomPatch,
  source: ChangeSource,
): Promise<RoomState> {
  const now = ctx.clock.now();
  const state = await ctx.store.db.transaction().execute(async (trx) => {
    const before = toRoomState(await requireShopRoom(trx, shopId, roomId));
    if (patch.minTier) {
      const shop = await requireShop(trx, shopId);
      if (!shop.config.tiers.some((t) => t.key === patch.minTier)) {
        throw new EncoreError("bad_request", `no tier ${patch.minTier}`, [
          { path: "minTier", message: "not one of the shop's tiers" },
        ]);
      }
    }
    await updateRoom(trx, roomId, {
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.minTier !== undefined ? { min_tier: patch.minTier } : {}),
    });
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
  ctx.notifier.toRoom(roomId, ServerEvent.room, state);
  return state;
}
