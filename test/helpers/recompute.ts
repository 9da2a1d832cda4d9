import { sql } from "kysely";
import type { Executor } from "../../server/store/executor.js";
import { MONDAY_OFFSET_MS, WEEK_MS } from "../../server/store/insight.js";
import { type Numeric, numeric, toNumber } from "../../server/store/numbers.js";

/*
 * The dashboard's buyer figures computed the slow way, by grouping every order and viewer of the
 * shop (as store/insight.ts did before the roll-ups): the full recomputation the roll-up test
 * compares the maintained figures with.
 */

const count = sql<Numeric>`cast(count(*) as bigint)`;
const countIf = (condition: ReturnType<typeof sql>) =>
  sql<Numeric>`cast(sum(case when ${condition} then 1 else 0 end) as bigint)`;
const sumOf = (expression: ReturnType<typeof sql>) => sql<Numeric>`cast(coalesce(sum(${expression}), 0) as bigint)`;

/** Orders that still stand (refunded ones are reversed and count for nothing). */
const keptOrders = (db: Executor, shopId: string) =>
  db.selectFrom("orders").where("shop_id", "=", shopId).where("refunded_at", "is", null);

export async function scannedRepurchase(db: Executor, shopId: string) {
  const row = await db
    .selectFrom(
      keptOrders(db, shopId)
        .select(["viewer_id", sql<number>`count(*)`.as("n")])
        .groupBy("viewer_id")
        .as("t"),
    )
    .select([count.as("buyers"), countIf(sql`t.n >= 2`).as("repeat")])
    .executeTakeFirstOrThrow();
  return { buyers: toNumber(row.buyers), repeatBuyers: toNumber(row.repeat) };
}

/**
 * First-order cohorts by Monday week, and how many of each came back in each of the four
 * weeks after their first order (an order later than the first, within that week).
 */
export async function scannedCohorts(db: Executor, shopId: string, weeks = 4) {
  const firsts = keptOrders(db, shopId)
    .select(["viewer_id", sql<number>`min(paid_at)`.as("first_at")])
    .groupBy("viewer_id");
  const cohortWeek = sql<Numeric>`(f.first_at - ${sql.lit(MONDAY_OFFSET_MS)}) / ${sql.lit(WEEK_MS)}`;
  const sizes = await db
    .selectFrom(firsts.as("f"))
    .select([cohortWeek.as("week"), count.as("buyers")])
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  const returned = await db
    .selectFrom(firsts.as("f"))
    .innerJoin("orders as o", (join) =>
      join
        .on("o.shop_id", "=", shopId)
        .onRef("o.viewer_id", "=", "f.viewer_id")
        .onRef("o.paid_at", ">", "f.first_at")
        .on("o.refunded_at", "is", null),
    )
    .select([
      cohortWeek.as("week"),
      sql<Numeric>`(o.paid_at - f.first_at) / ${sql.lit(WEEK_MS)}`.as("k"),
      sql<Numeric>`cast(count(distinct o.viewer_id) as bigint)`.as("viewers"),
    ])
    .groupBy([sql`1`, sql`2`])
    .execute();
  const back = returned.map((r) => numeric(r, "week", "k", "viewers"));
  return sizes.map((row) => {
    const s = numeric(row, "week", "buyers");
    const retained = Array.from(
      { length: weeks },
      (_, k) => back.find((r) => r.week === s.week && r.k === k)?.viewers ?? 0,
    );
    return { weekStart: s.week * WEEK_MS + MONDAY_OFFSET_MS, buyers: s.buyers, retained };
  });
}

/** Segment sizes by the rules of domain/segments.ts, counted over every row. */
export async function scannedSegmentSizes(
  db: Executor,
  shopId: string,
  now: number,
  rules: { newBuyerMs: number; dormantMs: number; highIntentClicks: number; highIntentWindowMs: number },
) {
  const newBuyer = await db
    .selectFrom(
      keptOrders(db, shopId)
        .select(["viewer_id", sql<number>`min(paid_at)`.as("first_at")])
        .groupBy("viewer_id")
        .as("f"),
    )
    .select(count.as("n"))
    .where("f.first_at", ">=", now - rules.newBuyerMs)
    .where("f.first_at", "<=", now)
    .executeTakeFirstOrThrow();
  const dormant = await db
    .selectFrom("viewers as v")
    .leftJoin("watch_state as w", (join) =>
      join.onRef("w.shop_id", "=", "v.shop_id").onRef("w.viewer_id", "=", "v.viewer_id"),
    )
    .select(count.as("n"))
    .where("v.shop_id", "=", shopId)
    .where("v.is_host", "=", 0)
    .where(sql<number>`coalesce(w.updated_at, v.created_at)`, "<=", now - rules.dormantMs)
    .executeTakeFirstOrThrow();
  const highIntent = await db
    .selectFrom(
      db
        .selectFrom("clicks")
        .select(["viewer_id", "sku"])
        .where("shop_id", "=", shopId)
        .where("at", ">", now - rules.highIntentWindowMs)
        .where("at", "<=", now)
        .groupBy(["viewer_id", "sku"])
        .having(sql<number>`count(*)`, ">=", rules.highIntentClicks)
        .as("h"),
    )
    .select(sql<Numeric>`cast(count(distinct h.viewer_id) as bigint)`.as("n"))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          // From the viewer's own orders (orders_viewer), then each order's lines by primary key.
          // SQLite would otherwise walk every line of the sku in the shop for each candidate
          // (order_items_sku), which grew with the square of the shop's orders: the cross join fixes
          // its join order, and `sku || ''` keeps it off the sku index. Postgres plans the same
          // query as the inner join it is.
          selectFrom("orders as o")
            .crossJoin("order_items as i")
            .select("i.sku")
            .where("o.shop_id", "=", shopId)
            .whereRef("o.viewer_id", "=", "h.viewer_id")
            .where("o.refunded_at", "is", null)
            .whereRef("i.shop_id", "=", "o.shop_id")
            .whereRef("i.order_id", "=", "o.order_id")
            .whereRef(sql<string>`${sql.ref("i.sku")} || ''`, "=", "h.sku"),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  return { highIntent: toNumber(highIntent.n), newBuyer: toNumber(newBuyer.n), dormant: toNumber(dormant.n) };
}

export async function scannedRevenue(db: Executor, shopId: string) {
  const row = await keptOrders(db, shopId)
    .select([
      sumOf(sql.ref("paid")).as("total"),
      sumOf(sql`case when coupon_code is not null then paid else 0 end`).as("with_coupon"),
      countIf(sql`coupon_code is not null`).as("orders_with_coupon"),
    ])
    .executeTakeFirstOrThrow();
  const { total, with_coupon, orders_with_coupon } = numeric(row, "total", "with_coupon", "orders_with_coupon");
  return { total, withCoupon: with_coupon, ordersWithCoupon: orders_with_coupon };
}

/** Orders paid since an instant and not refunded: when, and what was paid. */
export async function scannedPaidOrdersSince(db: Executor, shopId: string, since: number) {
  return keptOrders(db, shopId).select(["paid_at as at", "paid"]).where("paid_at", ">=", since).execute();
}

/** Coupons per source grouped from every coupon: what the kept counts must sum to. */
export async function scannedCouponsBySource(db: Executor, shopId: string) {
  const rows = await db
    .selectFrom("coupons")
    .select([
      "source",
      count.as("issued"),
      sql<Numeric>`cast(sum(case when state = 'redeemed' then 1 else 0 end) as bigint)`.as("redeemed"),
    ])
    .where("shop_id", "=", shopId)
    .groupBy("source")
    .execute();
  return rows.map((r) => ({ source: r.source, issued: toNumber(r.issued), redeemed: toNumber(r.redeemed) }));
}
