import type { Dialect } from "./database.js";
import { type Executor, lockRows } from "./executor.js";
import type { LedgerRow, NewLedgerRow, ViewerRow } from "./schema.js";

export interface ViewerProfile {
  name?: string | undefined;
  birthday?: string | undefined;
  /** signed in with a host token: marked once, and never unmarked by a viewer token */
  host?: boolean;
}

/**
 * Viewer ids belong to the shop: the first time we hear of one, it exists. What the token says
 * of them (name, birthday, host) is written over what was known, in the same statement: a join
 * makes one write, not two.
 */
export async function ensureViewer(
  db: Executor,
  shopId: string,
  viewerId: string,
  profile: ViewerProfile,
  now: number,
): Promise<void> {
  const changes: { name?: string; birthday?: string; is_host?: number } = {};
  if (profile.name) changes.name = profile.name;
  if (profile.birthday) changes.birthday = profile.birthday;
  if (profile.host) changes.is_host = 1;
  await db
    .insertInto("viewers")
    .values({
      shop_id: shopId,
      viewer_id: viewerId,
      name: profile.name ?? null,
      birthday: profile.birthday ?? null,
      points: 0,
      growth: 0,
      created_at: now,
      is_host: profile.host ? 1 : 0,
    })
    .onConflict((oc) => {
      const conflict = oc.columns(["shop_id", "viewer_id"]);
      return Object.keys(changes).length > 0 ? conflict.doUpdateSet(changes) : conflict.doNothing();
    })
    .execute();
}

export async function findViewer(
  db: Executor,
  shopId: string,
  viewerId: string,
  lock?: Dialect,
): Promise<ViewerRow | undefined> {
  const query = db.selectFrom("viewers").selectAll().where("shop_id", "=", shopId).where("viewer_id", "=", viewerId);
  return (lock ? lockRows(query, lock) : query).executeTakeFirst();
}

export async function setBalance(
  db: Executor,
  shopId: string,
  viewerId: string,
  balance: { points: number; growth: number },
): Promise<void> {
  await db
    .updateTable("viewers")
    .set(balance)
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .execute();
}

export async function findLedgerEntry(db: Executor, shopId: string, key: string): Promise<LedgerRow | undefined> {
  return db
    .selectFrom("ledger")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
}

export async function insertLedgerEntry(db: Executor, entry: NewLedgerRow): Promise<number> {
  const row = await db.insertInto("ledger").values(entry).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function listLedger(db: Executor, shopId: string, viewerId: string, limit: number): Promise<LedgerRow[]> {
  return db
    .selectFrom("ledger")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
