import type { FollowingResponse } from "../../protocol/index.js";
import type { Platform } from "../../protocol/platforms.js";
import { followedRooms, roomPage } from "../domain/following.js";
import { inQuietHours, quietHoursEnd } from "../domain/lifecycle/budget.js";
import { viewerReminderChoices } from "../store/activity.js";
import { listPlatformRooms } from "../store/platform-rooms.js";
import { findRoom } from "../store/shops.js";
import type { Context } from "./context.js";
import { requireShopRoom, type Shop } from "./shops.js";

/**
 * The rooms a viewer follows, for the browser extension: each with its title, whether it is live
 * (and since when), whether reminders are on, and the page a notification opens; and when the
 * shop's quiet hours end if they are on now, the contact budget's one rule that fits a notification
 * the viewer asked for (its daily and weekly counts are for the shop's own touches; a go-live
 * notification is bounded instead by one per room per live start, kept by the extension).
 */
export async function viewerFollowing(
  ctx: Context,
  shop: Shop,
  signInRoom: string,
  viewerId: string,
): Promise<FollowingResponse> {
  const { db } = ctx.store;
  await requireShopRoom(db, shop.id, signInRoom);
  const followed = followedRooms(signInRoom, await viewerReminderChoices(db, shop.id, viewerId));
  const mappings = await listPlatformRooms(db, shop.id);
  const rooms: FollowingResponse["rooms"] = [];
  for (const { roomId, reminder } of followed) {
    const room = await findRoom(db, roomId);
    // a reminder left on a room since deleted, or never the shop's, is no room to follow
    if (room?.shop_id !== shop.id) continue;
    const url = roomPage(
      mappings
        .filter((m) => m.room_id === roomId)
        .map((m) => ({
          platform: m.platform as Platform,
          platformRoomId: m.platform_room_id,
          updatedAt: m.updated_at,
        })),
    );
    rooms.push({
      roomId,
      title: room.title,
      live: room.live === 1,
      liveStartedAt: room.live === 1 ? room.live_started_at : null,
      reminder,
      url,
    });
  }
  const now = ctx.clock.now();
  const { quietHours } = shop.config.automations.budget;
  const quiet = quietHours !== null && inQuietHours(now, quietHours, shop.config.timezone);
  return { rooms, quietUntil: quiet && quietHours ? quietHoursEnd(now, quietHours, shop.config.timezone) : null };
}
