import { sql } from "kysely";
import { HIGH_INTENT_CLICKS } from "../shared/intent.js";
import type { Executor } from "./executor.js";
import type { Numeric } from "./numbers.js";
import { toNumber } from "./numbers.js";

/**
 * The high-intent pairs (migration 0033): per viewer and sku clicked, the latest click, the
 * HIGH_INTENT_CLICKS-th latest and whether a standing order holds the sku. A pair is high intent
 * at `now` while that click is inside the window (now − window, now] and the sku is not bought,
 * so the count and the list are one index range instead of grouping the window's clicks.
 */

/**
 * 1 when a standing order of the pair's viewer holds its sku. From the viewer's own orders
 * (orders_viewer), then each order's lines by primary key: SQLite would otherwise walk every line
 * of the sku in the shop (order_items_sku); the cross join fixes its join order and `sku || ''`
 * keeps it off the sku index. Postgres plans it as the inner join it is.
 */
const boughtNow = sql<0 | 1>`case when exists (select 1 from orders o cross join order_items i
  where o.shop_id = intent_pairs.shop_id and o.viewer_id = intent_pairs.viewer_id and o.refunded_at is null
  and i.shop_id = o.shop_id and i.order_id = o.order_id and i.sku || '' = intent_pairs.sku) then 1 else 0 end`;

/**
 * A click and its pair, in the caller's transaction. The pair's row is written first: its lock
 * makes a second click of the same pair wait, so the clicks read back include every one committed.
 */
export async function addClick(db: Executor, shopId: string, viewerId: string, sku: string, at: number) {
  await db
    .insertInto("intent_pairs")
    .values({ shop_id: shopId, viewer_id: viewerId, sku, last_at: at, nth_at: null, bought: 0 })
    .onConflict((oc) =>
      oc.columns(["shop_id", "viewer_id", "sku"]).doUpdateSet((eb) => ({ last_at: eb.ref("intent_pairs.last_at") })),
    )
    .execute();
  await db.insertInto("clicks").values({ shop_id: shopId, viewer_id: viewerId, sku, at }).execute();
  const latest = await db
    .selectFrom("clicks")
    .select("at")
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .where("sku", "=", sku)
    .orderBy("at", "desc")
    .limit(HIGH_INTENT_CLICKS)
    .execute();
  await db
    .updateTable("intent_pairs")
    .set({
      last_at: Number(latest[0]?.at ?? at),
      nth_at: latest.length >= HIGH_INTENT_CLICKS ? Number(latest[HIGH_INTENT_CLICKS - 1]?.at) : null,
      bought: boughtNow,
    })
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .where("sku", "=", sku)
    .execute();
}

/** After these viewers' orders came or went: whether each of their pairs is bought, again. */
export async function refreshBought(db: Executor, shopId: string, viewerIds: readonly string[]) {
  if (viewerIds.length === 0) return;
  await db
    .updateTable("intent_pairs")
    .set({ bought: boughtNow })
    .where("shop_id", "=", shopId)
    .where("viewer_id", "in", viewerIds)
    .execute();
}

export interface IntentWindow {
  since: number;
  now: number;
}

/**
 * Pairs high intent at `window.now`. The HIGH_INTENT_CLICKS-th latest click after the window's
 * start is needed; when the pair also has clicks after `now` (a figure of the past) that click may
 * be one of them, so those few pairs count their clicks in the window.
 */
function intentPairs(db: Executor, shopId: string, window: IntentWindow) {
  return db
    .selectFrom("intent_pairs as p")
    .where("p.shop_id", "=", shopId)
    .where("p.bought", "=", 0)
    .where("p.nth_at", ">", window.since)
    .where((eb) =>
      eb.or([
        eb("p.last_at", "<=", window.now),
        eb(
          eb
            .selectFrom("clicks as c")
            .select(sql<number>`count(*)`.as("n"))
            .whereRef("c.shop_id", "=", "p.shop_id")
            .whereRef("c.viewer_id", "=", "p.viewer_id")
            .whereRef("c.sku", "=", "p.sku")
            .where("c.at", ">", window.since)
            .where("c.at", "<=", window.now),
          ">=",
          HIGH_INTENT_CLICKS,
        ),
      ]),
    );
}

/** Viewers (hosts too, as the dashboard counts them) with a pair high intent. */
export async function highIntentCount(db: Executor, shopId: string, window: IntentWindow): Promise<number> {
  const row = await intentPairs(db, shopId, window)
    .select(sql<Numeric>`cast(count(distinct p.viewer_id) as bigint)`.as("n"))
    .executeTakeFirstOrThrow();
  return toNumber(row.n);
}

/**
 * A page of viewers (not hosts) with a pair high intent, by viewer id after `after`: the pairs in
 * viewer order (their primary key) until the page is full, then each one's viewer row by primary
 * key. The cross join keeps SQLite from walking every viewer of the shop instead (40 s at a million),
 * and grouping in order rather than DISTINCT keeps it from sorting the whole window first.
 */
export function highIntentPage(db: Executor, shopId: string, after: string, limit: number, window: IntentWindow) {
  const ids = intentPairs(db, shopId, window)
    .select("p.viewer_id")
    .where("p.viewer_id", ">", after)
    .groupBy("p.viewer_id")
    .orderBy("p.viewer_id");
  return db
    .selectFrom(ids.as("h"))
    .crossJoin("viewers as v")
    .select(["v.viewer_id", "v.name", "v.created_at"])
    .where("v.shop_id", "=", shopId)
    .whereRef("v.viewer_id", "=", "h.viewer_id")
    .where("v.is_host", "=", 0)
    .orderBy("h.viewer_id")
    .limit(limit)
    .execute();
}
