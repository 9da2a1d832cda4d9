import type { Platform, PlatformLookupResponse, PlatformRoomView } from "../../protocol/index.js";
import type { PlatformRoomRow } from "../store/schema.js";

export function toPlatformRoom(row: PlatformRoomRow): PlatformRoomView {
  return {
    platform: row.platform as Platform,
    platformRoomId: row.platform_room_id,
    roomId: row.room_id,
    updatedAt: row.updated_at,
  };
}

/** What the public lookup may say about a mapping: whose room it shows, nothing more. */
export function toPlatformLookup(row: PlatformRoomRow): PlatformLookupResponse {
  return { shopId: row.shop_id, roomId: row.room_id };
}
