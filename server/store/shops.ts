import type { Dialect } from "./database.js";
import { type Executor, lockRows } from "./executor.js";
import type { NewShopRow, RoomRow, ShopRow } from "./schema.js";

/** A new shop; its keys are written beside it (api-keys.ts, signing-keys.ts), never here. */
export async function insertShop(
  db: Executor,
  shop: Pick<NewShopRow, "id" | "name" | "config" | "created_at">,
): Promise<void> {
  // the retired column is NOT NULL UNIQUE (schema.ts): a value that is unique and no secret
  await db
    .insertInto("shops")
    .values({ ...shop, secret: `retired:${shop.id}` })
    .execute();
}

export async function findShop(db: Executor, id: string): Promise<ShopRow | undefined> {
  return db.selectFrom("shops").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * Writes the config and bumps its version, only while the version is still `expectedVersion`
 * when one is given: false when another write came first (nothing is written then).
 */
export async function updateShopConfig(
  db: Executor,
  id: string,
  config: string,
  expectedVersion?: number,
): Promise<boolean> {
  let query = db
    .updateTable("shops")
    .set((eb) => ({ config, config_version: eb("config_version", "+", 1) }))
    .where("id", "=", id);
  if (expectedVersion !== undefined) query = query.where("config_version", "=", expectedVersion);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The stored config and its version, locked for the write that follows (Postgres; SQLite serialises writers). */
export async function findConfigForUpdate(
  db: Executor,
  dialect: Dialect,
  id: string,
): Promise<{ config: string; config_version: number } | undefined> {
  return lockRows(
    db.selectFrom("shops").select(["config", "config_version"]).where("id", "=", id),
    dialect,
  ).executeTakeFirst();
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

export async function updateRoom(
  db: Executor,
  id: string,
  patch: { title?: string; min_tier?: string | null },
): Promise<void> {
  await db.updateTable("rooms").set(patch).where("id", "=", id).execute();
}

/** The room's fan-only gate (a row with null when open; every earning path checks it), as a query to send with others. */
export function roomMinTierQuery(db: Executor, id: string) {
  return db.selectFrom("rooms").select("min_tier").where("id", "=", id);
}

/** Every shop's id: the lifecycle scheduler sweeps each in turn. */
export async function listShopIds(db: Executor): Promise<string[]> {
  return (await db.selectFrom("shops").select("id").orderBy("id").execute()).map((r) => r.id);
}
