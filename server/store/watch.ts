import type { WatchState } from "../shared/watch-state.js";
import type { Dialect } from "./database.js";
import { type Executor, lockRows } from "./executor.js";
import type { ChestRow } from "./schema.js";

export async function findWatchState(
  db: Executor,
  shopId: string,
  viewerId: string,
  lock?: Dialect,
): Promise<WatchState | undefined> {
  const query = db
    .selectFrom("watch_state")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId);
  const row = await (lock ? lockRows(query, lock) : query).executeTakeFirst();
  if (!row) return undefined;
  return {
    creditedUntil: row.credited_until,
    carryMs: row.carry_ms,
    totalMs: row.total_ms,
    day: row.day,
    dayPoints: row.day_points,
    blocks: row.blocks,
    chests: row.chests,
  };
}

export async function saveWatchState(
  db: Executor,
  shopId: string,
  viewerId: string,
  state: WatchState,
  now: number,
): Promise<void> {
  const values = {
    credited_until: state.creditedUntil,
    carry_ms: state.carryMs,
    total_ms: state.totalMs,
    day: state.day,
    day_points: state.dayPoints,
    blocks: state.blocks,
    chests: state.chests,
    updated_at: now,
  };
  await db
    .insertInto("watch_state")
    .values({ shop_id: shopId, viewer_id: viewerId, ...values })
    .onConflict((oc) => oc.columns(["shop_id", "viewer_id"]).doUpdateSet(values))
    .execute();
}

export async function insertChest(db: Executor, chest: ChestRow): Promise<void> {
  await db.insertInto("chests").values(chest).execute();
}

/** The viewer's most recent chest: only the latest one can be open. */
export async function latestChest(
  db: Executor,
  shopId: string,
  viewerId: string,
  lock?: Dialect,
): Promise<ChestRow | undefined> {
  const query = db
    .selectFrom("chests")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .orderBy("ordinal", "desc")
    .limit(1);
  return (lock ? lockRows(query, lock) : query).executeTakeFirst();
}

export async function markChestClaimed(db: Executor, id: string, now: number): Promise<void> {
  await db.updateTable("chests").set({ claimed_at: now }).where("id", "=", id).execute();
}
