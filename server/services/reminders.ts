import { EncoreError } from "../../protocol/index.js";
import { toLiveStartedBody } from "../adapters.js";
import { hasReminder, listReminders, setReminder } from "../store/activity.js";
import type { Executor } from "../store/executor.js";
import type { RoomRow } from "../store/schema.js";
import { findRoom } from "../store/shops.js";
import type { Context } from "./context.js";
import type { Shop } from "./shops.js";
import { enqueueWebhook } from "./webhooks.js";

/** "Remind me": the viewer wants to hear when this room next goes live. */
export async function setRoomReminder(
  ctx: Context,
  shop: Shop,
  roomId: string,
  viewerId: string,
  on: boolean,
): Promise<{ on: boolean }> {
  await setReminder(ctx.store.db, shop.id, roomId, viewerId, on, ctx.clock.now());
  return { on: await hasReminder(ctx.store.db, roomId, viewerId) };
}

/**
 * The room went live: the `live.started` webhook carries everyone who asked to be reminded,
 * so the shop can message them on its own channels. Written inside the caller's transaction,
 * beside the change that made the room live, so a crash cannot lose it. Subscriptions stay
 * until the viewer switches them off.
 */
export async function enqueueLiveStarted(trx: Executor, room: RoomRow, now: number): Promise<number> {
  const subscribers = await listReminders(trx, room.id);
  await enqueueWebhook(trx, room.shop_id, "live.started", toLiveStartedBody(room, subscribers, now), now);
  return subscribers.length;
}

/** Sends `live.started` for a room of this shop now, in a transaction of its own. */
export async function onLiveStarted(ctx: Context, shop: Shop, roomId: string): Promise<{ subscribers: number }> {
  const now = ctx.clock.now();
  return ctx.store.db.transaction().execute(async (trx) => {
    const room = await findRoom(trx, roomId);
    if (!room || room.shop_id !== shop.id) throw new EncoreError("room_not_found", `no room ${roomId}`);
    return { subscribers: await enqueueLiveStarted(trx, room, now) };
  });
}
