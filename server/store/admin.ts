import type { Executor } from "./executor.js";
import type { AdminSessionRow, AdminSessionsTable, AdminSignInRow } from "./schema.js";

export async function insertSignIn(db: Executor, row: AdminSignInRow): Promise<void> {
  await db.insertInto("admin_sign_ins").values(row).execute();
}

/**
 * Marks an unused, unexpired sign-in used and returns it; undefined when there is none, it
 * expired, or it was used (by this request's twin too: the update is the claim, once).
 */
export async function useSignIn(db: Executor, secretHash: string, now: number): Promise<AdminSignInRow | undefined> {
  const result = await db
    .updateTable("admin_sign_ins")
    .set({ used_at: now })
    .where("secret_hash", "=", secretHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  return db.selectFrom("admin_sign_ins").selectAll().where("secret_hash", "=", secretHash).executeTakeFirst();
}

export async function insertSession(db: Executor, row: AdminSessionRow): Promise<void> {
  await db.insertInto("admin_sessions").values(row).execute();
}

export async function findSessionBySecret(db: Executor, secretHash: string): Promise<AdminSessionRow | undefined> {
  return db.selectFrom("admin_sessions").selectAll().where("secret_hash", "=", secretHash).executeTakeFirst();
}

export async function findShopSession(db: Executor, shopId: string, id: string): Promise<AdminSessionRow | undefined> {
  return db
    .selectFrom("admin_sessions")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The shop's sessions that have not ended, newest first; the caller drops the ones past their time. */
export async function listOpenSessions(db: Executor, shopId: string, now: number): Promise<AdminSessionRow[]> {
  return db
    .selectFrom("admin_sessions")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("ended_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
}

export async function touchSession(db: Executor, id: string, now: number): Promise<void> {
  await db.updateTable("admin_sessions").set({ last_seen_at: now }).where("id", "=", id).execute();
}

/** Ends an open session of the shop; false when it was not open (already ended, or not the shop's). */
export async function endSession(
  db: Executor,
  shopId: string,
  id: string,
  reason: NonNullable<AdminSessionsTable["ended_reason"]>,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable("admin_sessions")
    .set({ ended_at: now, ended_reason: reason })
    .where("shop_id", "=", shopId)
    .where("id", "=", id)
    .where("ended_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
