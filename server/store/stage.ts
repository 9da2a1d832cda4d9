import type { Executor } from "./executor.js";
import type { StageSpotRow, StageSpotsTable } from "./schema.js";

/** The room's open guest spot (at most one: the unique index on open_room), lapsed or not. */
export async function findOpenSpot(db: Executor, roomId: string): Promise<StageSpotRow | undefined> {
  return db.selectFrom("stage_spots").selectAll().where("open_room", "=", roomId).executeTakeFirst();
}

export async function findSpot(db: Executor, spotId: string): Promise<StageSpotRow | undefined> {
  return db.selectFrom("stage_spots").selectAll().where("id", "=", spotId).executeTakeFirst();
}

/** The viewer's newest spot in the room: what their publisher token is asked against. */
export async function latestSpotOf(db: Executor, roomId: string, viewerId: string): Promise<StageSpotRow | undefined> {
  return db
    .selectFrom("stage_spots")
    .selectAll()
    .where("room_id", "=", roomId)
    .where("viewer_id", "=", viewerId)
    .orderBy("invited_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function insertSpot(db: Executor, row: StageSpotsTable): Promise<void> {
  await db.insertInto("stage_spots").values(row).execute();
}

/**
 * Moves a spot on, only from the state it was read in: a change that lost a race to another
 * (the host ending while the guest goes on stage) updates nothing, and the caller reads again.
 */
export async function moveSpot(
  db: Executor,
  spotId: string,
  from: StageSpotRow["state"],
  patch: Partial<
    Pick<StageSpotsTable, "state" | "expires_at" | "on_stage_at" | "ended_at" | "ended_reason" | "open_room">
  >,
): Promise<boolean> {
  const result = await db
    .updateTable("stage_spots")
    .set(patch)
    .where("id", "=", spotId)
    .where("state", "=", from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
