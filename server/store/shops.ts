import type { Executor } from "./executor.js";
import type { RoomRow, ShopRow } from "./schema.js";

export async function insertShop(db: Executor, shop: ShopRow): Promise<void> {
  await db.insertInto("shops").values(shop).execute();
}

export async function findShop(db: Executor, id: string): Promise<ShopRow | undefined> {
  return db.selectFrom("shops").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findShopBySecret(db: Executor, secret: string): Promise<ShopRow | undefined> {
  return db.selectFrom("shops").selectAll().where("secret", "=", secret).executeTakeFirst();
}

export async function updateShopConfig(db: Executor, id: string, config: string): Promise<void> {
  await db.updateTable("shops").set({ config }).where("id", "=", id).execute();
}

export async function insertRoom(db: Executor, room: RoomRow): Promise<void> {
  await db.insertInto("rooms").values(room).execute();
}

export async function findRoom(db: Executor, id: string): Promise<RoomRow | undefined> {
  return db.selectFrom("rooms").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listRooms(db: Executor, shopId: string): Promise<RoomRow[]> {
  return db.selectFrom("rooms").selectAll().where("shop_id", "=", shopId).orderBy("created_at").execute();
}

/** Every shop's id: the lifecycle scheduler sweeps each in turn. */
export async function listShopIds(db: Executor): Promise<string[]> {
  return (await db.selectFrom("shops").select("id").orderBy("id").execute()).map((r) => r.id);
}
