import { sql } from "kysely";
import type { Dialect } from "./database.js";
import type { Executor } from "./executor.js";
import { fixedSql } from "./fixed-sql.js";
import { toNumber } from "./numbers.js";

/*
 * What "who is here" needs to know of the viewers present in a room, read for all of them at once:
 * one query per fact over the whole set, never one per viewer.
 */

/** What a socket keeps of its viewer from the join on: read once, at the handshake. */
const arrivalQuery = fixedSql<ViewerArrival>(`
select v.name, v.birthday, v.is_host, v.growth, v.created_at, w.updated_at as last_watch_at
from viewers v
left join watch_state w on w.shop_id = v.shop_id and w.viewer_id = v.viewer_id
where v.shop_id = ? and v.viewer_id = ?`);

export interface ViewerArrival {
  name: string | null;
  birthday: string | null;
  is_host: number;
  growth: number;
  created_at: number;
  last_watch_at: number | null;
}

/** Read at every join, so of fixed text (store/fixed-sql.ts). */
export async function viewerArrival(
  db: Executor,
  dialect: Dialect,
  shopId: string,
  viewerId: string,
): Promise<ViewerArrival | undefined> {
  const [row] = await arrivalQuery(db, dialect, [shopId, viewerId]);
  return row;
}

export interface PresenceFacts {
  birthdays: Map<string, string>;
  /** when each viewer's first standing order was paid */
  firstOrders: Map<string, number>;
  /** clicks on the featured product since the window's start, per viewer */
  clicks: Map<string, number>;
  /** viewers who bought the featured product (they are no longer "high intent" for it) */
  boughtFeatured: Set<string>;
}

export async function presenceFacts(
  db: Executor,
  shopId: string,
  viewerIds: readonly string[],
  featured: { sku: string; clicksSince: number } | null,
): Promise<PresenceFacts> {
  const facts: PresenceFacts = {
    birthdays: new Map(),
    firstOrders: new Map(),
    clicks: new Map(),
    boughtFeatured: new Set(),
  };
  if (viewerIds.length === 0) return facts;
  const ids = [...viewerIds];
  const [profiles, orders] = await Promise.all([
    db
      .selectFrom("viewers")
      .select(["viewer_id", "birthday"])
      .where("shop_id", "=", shopId)
      .where("viewer_id", "in", ids)
      .where("birthday", "is not", null)
      .execute(),
    db
      .selectFrom("orders")
      .select((eb) => ["viewer_id", eb.fn.min("paid_at").as("first")])
      .where("shop_id", "=", shopId)
      .where("viewer_id", "in", ids)
      .where("refunded_at", "is", null)
      .groupBy("viewer_id")
      .execute(),
  ]);
  for (const row of profiles) if (row.birthday) facts.birthdays.set(row.viewer_id, row.birthday);
  for (const row of orders) if (row.first !== null) facts.firstOrders.set(row.viewer_id, toNumber(row.first));
  if (featured) {
    const [clicks, bought] = await Promise.all([
      db
        .selectFrom("clicks")
        .select(["viewer_id", sql<number>`count(*)`.as("n")])
        .where("shop_id", "=", shopId)
        .where("sku", "=", featured.sku)
        .where("viewer_id", "in", ids)
        .where("at", ">=", featured.clicksSince)
        .groupBy("viewer_id")
        .execute(),
      db
        .selectFrom("order_items as i")
        .innerJoin("orders as o", (join) =>
          join.onRef("o.shop_id", "=", "i.shop_id").onRef("o.order_id", "=", "i.order_id"),
        )
        .select("o.viewer_id")
        .distinct()
        .where("i.shop_id", "=", shopId)
        .where("i.sku", "=", featured.sku)
        .where("o.viewer_id", "in", ids)
        .where("o.refunded_at", "is", null)
        .execute(),
    ]);
    for (const row of clicks) facts.clicks.set(row.viewer_id, toNumber(row.n));
    for (const row of bought) facts.boughtFeatured.add(row.viewer_id);
  }
  return facts;
}

/** Coupons the shop gave the viewer through greetings, and touches sent them, since `since`: what the contact budget counts. */
export async function contactsSince(db: Executor, shopId: string, viewerId: string, since: number): Promise<number[]> {
  const [gifts, touches] = await Promise.all([
    db
      .selectFrom("coupons")
      .select("issued_at as at")
      .where("shop_id", "=", shopId)
      .where("viewer_id", "=", viewerId)
      .where("source", "=", "host_gift")
      .where("issued_at", ">=", since)
      .execute(),
    db
      .selectFrom("touches")
      .select("sent_at as at")
      .where("shop_id", "=", shopId)
      .where("viewer_id", "=", viewerId)
      .where("sent_at", ">=", since)
      .execute(),
  ]);
  return [...gifts, ...touches].map((row) => toNumber(row.at));
}
