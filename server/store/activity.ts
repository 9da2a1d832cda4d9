import { sql } from "kysely";
import type { Executor } from "./executor.js";

/** What viewers do besides buying: product clicks, "remind me", and when they last watched. */

export async function viewerClicks(db: Executor, shopId: string, viewerId: string, since: number) {
  return db
    .selectFrom("clicks")
    .select(["sku", "at"])
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .where("at", ">=", since)
    .execute();
}

/** Viewers with at least `min` clicks on `sku` since `since`. */
export async function frequentClickers(
  db: Executor,
  shopId: string,
  sku: string,
  since: number,
  min: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom("clicks")
    .select("viewer_id")
    .where("shop_id", "=", shopId)
    .where("sku", "=", sku)
    .where("at", ">=", since)
    .groupBy("viewer_id")
    .having(sql`count(*)`, ">=", min)
    .execute();
  return rows.map((r) => r.viewer_id);
}

/** "Remind me" on or off; off is kept, so a room the viewer said no to is told from one never asked about. */
export async function setReminder(
  db: Executor,
  shopId: string,
  roomId: string,
  viewerId: string,
  on: boolean,
  now: number,
) {
  const active = on ? 1 : 0;
  await db
    .insertInto("reminders")
    .values({ shop_id: shopId, room_id: roomId, viewer_id: viewerId, created_at: now, active })
    // switching on again keeps the first subscription's time: the webhook lists subscribers by it
    .onConflict((oc) => oc.columns(["room_id", "viewer_id"]).doUpdateSet({ active }))
    .execute();
}

export async function hasReminder(db: Executor, roomId: string, viewerId: string): Promise<boolean> {
  const row = await db
    .selectFrom("reminders")
    .select("viewer_id")
    .where("room_id", "=", roomId)
    .where("viewer_id", "=", viewerId)
    .where("active", "=", 1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function listReminders(db: Executor, roomId: string) {
  return db
    .selectFrom("reminders as r")
    .innerJoin("viewers as v", (join) =>
      join.onRef("v.shop_id", "=", "r.shop_id").onRef("v.viewer_id", "=", "r.viewer_id"),
    )
    .select(["r.viewer_id", "v.name", "r.created_at"])
    .where("r.room_id", "=", roomId)
    .where("r.active", "=", 1)
    .orderBy("r.created_at")
    .execute();
}

/** Every room of the shop the viewer chose reminders for, on or off. */
export async function viewerReminderChoices(
  db: Executor,
  shopId: string,
  viewerId: string,
): Promise<{ roomId: string; on: boolean }[]> {
  const rows = await db
    .selectFrom("reminders")
    .select(["room_id", "active"])
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .execute();
  return rows.map((row) => ({ roomId: row.room_id, on: Number(row.active) === 1 }));
}

/** The last time verified watching was credited to the viewer, or null if never. */
export async function lastWatchAt(db: Executor, shopId: string, viewerId: string): Promise<number | null> {
  const row = await db
    .selectFrom("watch_state")
    .select("updated_at")
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .executeTakeFirst();
  return row ? row.updated_at : null;
}
