import { type Kysely, type QueryCreator, sql } from "kysely";
import type { WatchState } from "../shared/watch-state.js";
import type { Dialect } from "./database.js";
import { type Executor, lockRows } from "./executor.js";
import { liveWatchAdded } from "./insight.js";
import { runPrepared } from "./prepared.js";
import type { ChestRow, Database, WatchStateTable } from "./schema.js";

/** The columns of a viewer's watch state, as both reads of it select them. */
type WatchStateColumns = Pick<
  WatchStateTable,
  "credited_until" | "carry_ms" | "total_ms" | "day" | "day_points" | "blocks" | "chests"
>;

function toWatchState(row: WatchStateColumns): WatchState {
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
  return row ? toWatchState(row) : undefined;
}

/** What a beat reads of its viewer, unlocked, to judge whether one statement can credit it (services/watch.ts). */
export interface BeatReading {
  growth: number;
  /** undefined before the viewer's first credited beat */
  state: WatchState | undefined;
  /** invited, and the invitation not yet completed: verified watching may complete it */
  referralOpen: boolean;
}

/** The viewer's growth, watch state and whether a referral of theirs is open, in one read; undefined: no such viewer. */
export async function readForBeat(db: Executor, shopId: string, viewerId: string): Promise<BeatReading | undefined> {
  // a beat's read, thousands a minute with the same text: prepared on Postgres
  const [row] = await runPrepared(
    db,
    db
      .selectFrom("viewers as v")
      .leftJoin("watch_state as w", (join) =>
        join.onRef("w.shop_id", "=", "v.shop_id").onRef("w.viewer_id", "=", "v.viewer_id"),
      )
      .select((eb) => [
        "v.growth",
        "w.credited_until",
        "w.carry_ms",
        "w.total_ms",
        "w.day",
        "w.day_points",
        "w.blocks",
        "w.chests",
        eb
          .exists(
            eb
              .selectFrom("referrals as r")
              .select("r.invitee_id")
              .whereRef("r.shop_id", "=", "v.shop_id")
              .whereRef("r.invitee_id", "=", "v.viewer_id")
              .where("r.completed_at", "is", null),
          )
          .as("referral_open"),
      ])
      .where("v.shop_id", "=", shopId)
      .where("v.viewer_id", "=", viewerId),
  );
  if (!row) return undefined;
  // the left join's columns are all null before the first credit, and none after it
  const state = row.day === null ? undefined : toWatchState(row as WatchStateColumns);
  // Postgres answers `exists` as a boolean, SQLite as 0 or 1
  return { growth: row.growth, state, referralOpen: Boolean(Number(row.referral_open)) };
}

/**
 * Writes a beat's credit (the new watch state and the live's watch time) only if the viewer's
 * watch state is still `before`, as it was read unlocked: false, writing nothing, when something
 * wrote it meanwhile (another socket's beat, a chest opened). On Postgres one statement, so a
 * beat that earns nothing but time is two round trips instead of a transaction's six.
 */
export async function creditIfUnchanged(
  db: Kysely<Database>,
  dialect: Dialect,
  where: { roomId: string; shopId: string; viewerId: string },
  before: WatchState,
  after: WatchState,
  creditedMs: number,
  now: number,
): Promise<boolean> {
  const { roomId, shopId, viewerId } = where;
  const update = (qb: Pick<Executor, "updateTable">) =>
    qb
      .updateTable("watch_state")
      .set(watchStateValues(after, now))
      .where("shop_id", "=", shopId)
      .where("viewer_id", "=", viewerId)
      .where("credited_until", "is not distinct from", before.creditedUntil)
      .where("carry_ms", "=", before.carryMs)
      .where("total_ms", "=", before.totalMs)
      .where("day", "=", before.day)
      .where("day_points", "=", before.dayPoints)
      .where("blocks", "=", before.blocks)
      .where("chests", "=", before.chests);
  if (dialect === "postgres") {
    // a beat's write, prepared like its read
    const [credited] = await runPrepared(
      db,
      db
        .with("credited", (qb) => update(qb).returning("viewer_id"))
        .with("live", (qb) =>
          // the statement reads no table of the WITH but through `when`: typed against the store's tables alone
          liveWatchAdded(
            qb as unknown as QueryCreator<Database>,
            roomId,
            shopId,
            viewerId,
            creditedMs,
            sql<boolean>`exists (select 1 from credited)`,
          ).returning("room_id"),
        )
        // this statement's commit does not wait for the log to reach the disk (see above)
        .with("unflushed", (qb) =>
          qb.selectNoFrom(sql<string>`set_config('synchronous_commit', 'off', true)`.as("set")),
        )
        .selectFrom(["credited", "unflushed"])
        .select("credited.viewer_id"),
    );
    return credited !== undefined;
  }
  // SQLite has no writes in a WITH: its transactions are the process's own, and cost no round trip
  return db.transaction().execute(async (trx) => {
    const { numUpdatedRows } = await update(trx).executeTakeFirst();
    if (numUpdatedRows === 0n) return false;
    await liveWatchAdded(trx, roomId, shopId, viewerId, creditedMs).execute();
    return true;
  });
}

function watchStateValues(state: WatchState, now: number) {
  return {
    credited_until: state.creditedUntil,
    carry_ms: state.carryMs,
    total_ms: state.totalMs,
    day: state.day,
    day_points: state.dayPoints,
    blocks: state.blocks,
    chests: state.chests,
    updated_at: now,
  };
}

export async function saveWatchState(
  db: Executor,
  shopId: string,
  viewerId: string,
  state: WatchState,
  now: number,
): Promise<void> {
  const values = watchStateValues(state, now);
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
