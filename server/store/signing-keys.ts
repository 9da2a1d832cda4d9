import type { Executor } from "./executor.js";
import type { SigningKeyRow } from "./schema.js";

export async function insertSigningKey(db: Executor, row: SigningKeyRow): Promise<void> {
  await db.insertInto("signing_keys").values(row).execute();
}

/** A shop's keys that still verify at `now`: the current one and those inside their window, newest first. */
export async function listVerifyingKeys(db: Executor, shopId: string, now: number): Promise<SigningKeyRow[]> {
  return db
    .selectFrom("signing_keys")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where((eb) => eb.or([eb("retires_at", "is", null), eb("retires_at", ">", now)]))
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
}

/** Every key of the shop, retired or not, in listVerifyingKeys' order. */
export async function listShopKeys(db: Executor, shopId: string): Promise<SigningKeyRow[]> {
  return db
    .selectFrom("signing_keys")
    .selectAll()
    .where("shop_id", "=", shopId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
}

/** Puts an end to every key of the shop still without one: each verifies until `until`, then no more. */
export async function retireCurrentKeys(db: Executor, shopId: string, until: number): Promise<SigningKeyRow[]> {
  const current = await db
    .selectFrom("signing_keys")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("retires_at", "is", null)
    .execute();
  if (current.length === 0) return [];
  await db
    .updateTable("signing_keys")
    .set({ retires_at: until })
    .where("shop_id", "=", shopId)
    .where("retires_at", "is", null)
    .execute();
  return current.map((row) => ({ ...row, retires_at: until }));
}
