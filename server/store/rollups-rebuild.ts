import { type Kysely, sql } from "kysely";

/**
 * The buyer roll-ups of every shop (or one) made again from the orders, set-based in SQL: the
 * backfill of migration 0030 and of a shop written straight into the tables (the bulk seeder).
 * What it writes is what store/rollups.ts keeps up write by write (domain/rollups.ts defines each
 * figure); the roll-up test holds the two to the same answer.
 */

/** A quarter hour: shop_order_slots' bucket. */
export const SLOT_MS = 15 * 60_000;
const WEEK = 7 * 24 * 3600_000;
const MONDAY = 4 * 24 * 3600_000;
export const YEAR_MS = 365 * 24 * 3600_000;

export async function rebuildRollups(db: Kysely<unknown>, windowFrom: number, shopId?: string): Promise<void> {
  const only = (column: string) => (shopId === undefined ? sql`` : sql`and ${sql.ref(column)} = ${shopId}`);
  await sql`delete from viewer_rollups where 1 = 1 ${only("shop_id")}`.execute(db);
  await sql`delete from shop_rollups where 1 = 1 ${only("shop_id")}`.execute(db);
  await sql`delete from shop_cohorts where 1 = 1 ${only("shop_id")}`.execute(db);
  await sql`delete from shop_order_slots where 1 = 1 ${only("shop_id")}`.execute(db);
  await sql`
    insert into shop_order_slots (shop_id, slot, orders, paid)
    select shop_id, paid_at / ${sql.lit(SLOT_MS)}, count(*), sum(paid)
    from orders where refunded_at is null ${only("shop_id")}
    group by shop_id, paid_at / ${sql.lit(SLOT_MS)}`.execute(db);
  await sql`
    insert into viewer_rollups (shop_id, viewer_id, orders, paid, coupon_orders, coupon_paid, first_order_at,
      last_order_at, spent12, orders12, retained, price_sensitive)
    select shop_id, viewer_id, count(*), sum(paid),
      sum(case when coupon_code is not null then 1 else 0 end),
      sum(case when coupon_code is not null then paid else 0 end),
      min(paid_at), max(paid_at),
      sum(case when paid_at >= ${windowFrom} then paid else 0 end),
      sum(case when paid_at >= ${windowFrom} then 1 else 0 end),
      0, 0
    from orders where refunded_at is null ${only("shop_id")}
    group by shop_id, viewer_id`.execute(db);
  // bit k: an order later than the first, in week k after it (domain/rollups.ts buyerRollup)
  const week = (k: number) => sql`(case when exists (select 1 from orders o where o.shop_id = r.shop_id
      and o.viewer_id = r.viewer_id and o.refunded_at is null
      and o.paid_at > r.first_order_at and o.paid_at >= r.first_order_at + ${sql.lit(k * WEEK)}
      and o.paid_at < r.first_order_at + ${sql.lit((k + 1) * WEEK)}) then ${sql.lit(1 << k)} else 0 end)`;
  await sql`
    update viewer_rollups as r set
      retained = ${week(0)} + ${week(1)} + ${week(2)} + ${week(3)},
      price_sensitive = case when orders >= 3 and coupon_orders * 100 >= 80 * orders then 1 else 0 end
    where r.orders >= 2 ${only("r.shop_id")}`.execute(db);
  await sql`
    insert into shop_rollups (shop_id, buyers, repeat_buyers, revenue, coupon_revenue, coupon_orders, spenders12,
      window_from)
    select s.id, count(r.viewer_id),
      coalesce(sum(case when r.orders >= 2 then 1 else 0 end), 0),
      coalesce(sum(r.paid), 0), coalesce(sum(r.coupon_paid), 0), coalesce(sum(r.coupon_orders), 0),
      coalesce(sum(case when r.spent12 > 0 then 1 else 0 end), 0),
      ${windowFrom}
    from shops s left join viewer_rollups r on r.shop_id = s.id
    where 1 = 1 ${only("s.id")}
    group by s.id`.execute(db);
  const bit = (k: number) => sql`sum(case when (retained & ${sql.lit(1 << k)}) <> 0 then 1 else 0 end)`;
  await sql`
    insert into shop_cohorts (shop_id, week, buyers, r0, r1, r2, r3)
    select shop_id, (first_order_at - ${sql.lit(MONDAY)}) / ${sql.lit(WEEK)}, count(*), ${bit(0)}, ${bit(1)},
      ${bit(2)}, ${bit(3)}
    from viewer_rollups where 1 = 1 ${only("shop_id")}
    group by shop_id, (first_order_at - ${sql.lit(MONDAY)}) / ${sql.lit(WEEK)}`.execute(db);
}
