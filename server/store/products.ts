import type { Executor } from "./executor.js";
import type { ProductRow, RoomProductRow } from "./schema.js";

/** A shop's catalogue, products in stock first, then in the order they were added. */
export async function listProducts(db: Executor, shopId: string, limit?: number): Promise<ProductRow[]> {
  let query = db
    .selectFrom("products")
    .selectAll()
    .where("shop_id", "=", shopId)
    .orderBy("in_stock", "desc")
    .orderBy("created_at")
    .orderBy("sku");
  if (limit !== undefined) query = query.limit(limit);
  return query.execute();
}

export async function findProduct(db: Executor, shopId: string, sku: string): Promise<ProductRow | undefined> {
  return db.selectFrom("products").selectAll().where("shop_id", "=", shopId).where("sku", "=", sku).executeTakeFirst();
}

export async function findProducts(db: Executor, shopId: string, skus: string[]): Promise<ProductRow[]> {
  if (skus.length === 0) return [];
  return db.selectFrom("products").selectAll().where("shop_id", "=", shopId).where("sku", "in", skus).execute();
}

export async function insertProduct(db: Executor, row: ProductRow): Promise<void> {
  await db.insertInto("products").values(row).execute();
}

/** For seeding: a product already in the catalogue is left as the shop changed it. */
export async function insertProductIfAbsent(db: Executor, row: ProductRow): Promise<void> {
  await db
    .insertInto("products")
    .values(row)
    .onConflict((oc) => oc.columns(["shop_id", "sku"]).doNothing())
    .execute();
}

export async function updateProductRow(
  db: Executor,
  shopId: string,
  sku: string,
  changes: Partial<Omit<ProductRow, "shop_id" | "sku" | "created_at">>,
): Promise<void> {
  await db.updateTable("products").set(changes).where("shop_id", "=", shopId).where("sku", "=", sku).execute();
}

/** The shop's rooms that feature this sku now. */
export async function roomsFeaturing(db: Executor, shopId: string, sku: string): Promise<string[]> {
  const rows = await db
    .selectFrom("room_products")
    .innerJoin("rooms", "rooms.id", "room_products.room_id")
    .select("room_products.room_id")
    .where("rooms.shop_id", "=", shopId)
    .where("room_products.sku", "=", sku)
    .execute();
  return rows.map((r) => r.room_id);
}

/** The catalogue product a room features now, if any. */
export async function findFeaturedProduct(db: Executor, roomId: string): Promise<ProductRow | undefined> {
  return db
    .selectFrom("room_products")
    .innerJoin("rooms", "rooms.id", "room_products.room_id")
    .innerJoin("products", (join) =>
      join.onRef("products.shop_id", "=", "rooms.shop_id").onRef("products.sku", "=", "room_products.sku"),
    )
    .selectAll("products")
    .where("room_products.room_id", "=", roomId)
    .executeTakeFirst();
}

export async function setRoomProduct(
  db: Executor,
  row: RoomProductRow | { room_id: string; sku: null },
): Promise<void> {
  await db.deleteFrom("room_products").where("room_id", "=", row.room_id).execute();
  if (row.sku !== null) await db.insertInto("room_products").values(row).execute();
}
