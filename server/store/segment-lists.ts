import { sql } from "kysely";
import type { Executor } from "./executor.js";

/*
 * The members of one segment after a cursor, in viewer id order, each list from an index: a
 * segment kept in the buyer roll-ups (new buyers, price sensitive, high value) is a range of
 * viewer_rollups; one that slides with the clock over the whole audience (dormant, watched but
 * not bought) walks a bounded window of viewer ids; high intent starts from the window's clicks.
 */

export interface Member {
  viewer_id: string;
  name: string | null;
  created_at: number;
}

/** Buyers (not hosts) whose rollup row matches, after the cursor. */
function buyers(db: Executor, shopId: string, after: string, limit: number) {
  return db
    .selectFrom("viewer_rollups as r")
    .innerJoin("viewers as v", (join) =>
      join.onRef("v.shop_id", "=", "r.shop_id").onRef("v.viewer_id", "=", "r.viewer_id"),
    )
    .select(["r.viewer_id", "v.name", "v.created_at"])
    .where("r.shop_id", "=", shopId)
    .where("r.viewer_id", ">", after)
    .where("v.is_host", "=", 0)
    .orderBy("r.viewer_id")
    .limit(limit);
}

/** First standing order paid in [from, to]: an index range of first orders, put in id order. */
export function newBuyers(db: Executor, shopId: string, after: string, limit: number, from: number, to: number) {
  return buyers(db, shopId, after, limit)
    .where("r.first_order_at", ">=", from)
    .where("r.first_order_at", "<=", to)
    .execute();
}

/** The price-sensitive flag's index range, already in id order. */
export function priceSensitive(db: Executor, shopId: string, after: string, limit: number) {
  return buyers(db, shopId, after, limit).where("r.price_sensitive", "=", 1).execute();
}

/** Spent at least `cut` in the window (when anyone spent), or `orders` orders or more in it. */
export function highValue(
  db: Executor,
  shopId: string,
  after: string,
  limit: number,
  cut: number | null,
  orders: number,
) {
  return buyers(db, shopId, after, limit)
    .where((eb) =>
      cut === null
        ? eb("r.orders12", ">=", orders)
        : eb.or([eb.and([eb("r.spent12", ">", 0), eb("r.spent12", ">=", cut)]), eb("r.orders12", ">=", orders)]),
    )
    .execute();
}

/** The audience's ids (hosts left out) from the cursor on, `size` of them: the window a walk reads. */
function audienceWindow(db: Executor, shopId: string, after: string, size: number) {
  return db
    .selectFrom("viewers")
    .select("viewer_id")
    .where("shop_id", "=", shopId)
    .where("viewer_id", ">", after)
    .where("is_host", "=", 0)
    .orderBy("viewer_id")
    .limit(size);
}

/** The last id of the window a walk read, when it read a full one: where the next page starts. */
export async function windowEnd(db: Executor, shopId: string, after: string, size: number): Promise<string | null> {
  const row = await db
    .selectFrom(audienceWindow(db, shopId, after, size).as("a"))
    .select(sql<string>`max(a.viewer_id)`.as("last"))
    .select(sql<number>`count(*)`.as("n"))
    .executeTakeFirst();
  return row && Number(row.n) >= size ? row.last : null;
}

/** Last watched (or, never having watched, arrived) at or before `cutoff`, within the window. */
export function dormant(db: Executor, shopId: string, after: string, limit: number, cutoff: number, window: number) {
  return db
    .selectFrom(audienceWindow(db, shopId, after, window).as("a"))
    .innerJoin("viewers as v", (join) => join.on("v.shop_id", "=", shopId).onRef("v.viewer_id", "=", "a.viewer_id"))
    .leftJoin("watch_state as w", (join) =>
      join.onRef("w.shop_id", "=", "v.shop_id").onRef("w.viewer_id", "=", "v.viewer_id"),
    )
    .select(["v.viewer_id", "v.name", "v.created_at"])
    .where(sql<number>`coalesce(w.updated_at, v.created_at)`, "<=", cutoff)
    .orderBy("v.viewer_id")
    .limit(limit)
    .execute();
}

/** At least `ms` of verified watching and no standing order, within the window. */
export function watchedNotBought(
  db: Executor,
  shopId: string,
  after: string,
  limit: number,
  ms: number,
  window: number,
) {
  return db
    .selectFrom(audienceWindow(db, shopId, after, window).as("a"))
    .innerJoin("viewers as v", (join) => join.on("v.shop_id", "=", shopId).onRef("v.viewer_id", "=", "a.viewer_id"))
    .innerJoin("watch_state as w", (join) =>
      join.onRef("w.shop_id", "=", "v.shop_id").onRef("w.viewer_id", "=", "v.viewer_id"),
    )
    .select(["v.viewer_id", "v.name", "v.created_at"])
    .where("w.total_ms", ">=", ms)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("viewer_rollups as r")
            .select("r.viewer_id")
            .whereRef("r.shop_id", "=", "v.shop_id")
            .whereRef("r.viewer_id", "=", "v.viewer_id"),
        ),
      ),
    )
    .orderBy("v.viewer_id")
    .limit(limit)
    .execute();
}
