import type { Executor } from "./executor.js";
import type { PlatformRoomRow } from "./schema.js";

export async function findPlatformRoom(
  db: Executor,
  platform: string,
  platformRoomId: string,
): Promise<PlatformRoomRow | undefined> {
  return db
    .selectFrom("platform_rooms")
    .selectAll()
    .where("platform", "=", platform)
    .where("platform_room_id", "=", platformRoomId)
    .executeTakeFirst();
}

export async function listPlatformRooms(db: Executor, shopId: string): Promise<PlatformRoomRow[]> {
  return db
    .selectFrom("platform_rooms")
    .selectAll()
    .where("shop_id", "=", shopId)
    .orderBy("platform")
    .orderBy("platform_room_id")
    .execute();
}

export async function insertPlatformRoom(db: Executor, row: PlatformRoomRow): Promise<void> {
  await db.insertInto("platform_rooms").values(row).execute();
}

/** Points a mapping the shop already holds at another of its rooms. */
export async function repointPlatformRoom(
  db: Executor,
  key: { platform: string; platformRoomId: string; shopId: string },
  roomId: string,
  now: number,
): Promise<void> {
  await db
    .updateTable("platform_rooms")
    .set({ room_id: roomId, updated_at: now })
    .where("platform", "=", key.platform)
    .where("platform_room_id", "=", key.platformRoomId)
    .where("shop_id", "=", key.shopId)
    .execute();
}

/** Removes the shop's mapping of a platform room; says whether there was one. */
export async function deletePlatformRoom(
  db: Executor,
  key: { platform: string; platformRoomId: string; shopId: string },
): Promise<boolean> {
  const result = await db
    .deleteFrom("platform_rooms")
    .where("platform", "=", key.platform)
    .where("platform_room_id", "=", key.platformRoomId)
    .where("shop_id", "=", key.shopId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The platforms on which the shop mapped at least one room. */
export async function listShopPlatforms(db: Executor, shopId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("platform_rooms")
    .select("platform")
    .distinct()
    .where("shop_id", "=", shopId)
    .execute();
  return rows.map((row) => row.platform);
}
