import type { Executor } from "./executor.js";
import type { ApiKeyRow } from "./schema.js";

export async function insertApiKey(db: Executor, row: ApiKeyRow): Promise<void> {
  await db.insertInto("api_keys").values(row).execute();
}

/** The key with this hash, whoever's it is and whatever its state: the unique index finds it. */
export async function findApiKeyByHash(db: Executor, hash: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom("api_keys").selectAll().where("hash", "=", hash).executeTakeFirst();
}

/** One of this shop's keys; another shop's key by the same id is none. */
export async function findShopApiKey(db: Executor, shopId: string, id: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom("api_keys").selectAll().where("shop_id", "=", shopId).where("id", "=", id).executeTakeFirst();
}

/** A shop's keys, newest first. */
export async function listApiKeys(db: Executor, shopId: string): Promise<ApiKeyRow[]> {
  return db
    .selectFrom("api_keys")
    .selectAll()
    .where("shop_id", "=", shopId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
}

/**
 * Sets when the key stops working, only if it is not already set to an earlier time: a second
 * revocation never extends a key's life. False when the key was already revoked by then.
 */
export async function setApiKeyRevokedAt(db: Executor, id: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable("api_keys")
    .set({ revoked_at: at })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("revoked_at", "is", null), eb("revoked_at", ">", at)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setApiKeyLastUsed(db: Executor, id: string, at: number): Promise<void> {
  await db.updateTable("api_keys").set({ last_used_at: at }).where("id", "=", id).execute();
}
