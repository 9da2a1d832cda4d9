import { type Kysely, sql } from "kysely";
import { HIGH_INTENT_CLICKS } from "../shared/intent.js";

/**
 * The high-intent pairs of every shop (or one) made again from the clicks and orders, set-based in
 * SQL: the backfill of migration 0033 and of a shop written straight into the tables. What it
 * writes is what store/intent.ts keeps up click by click and order by order; the roll-up test
 * holds the two to the same answer.
 */
export async function rebuildIntent(db: Kysely<unknown>, shopId?: string): Promise<void> {
  const only = (column: string) => (shopId === undefined ? sql`` : sql`and ${sql.ref(column)} = ${shopId}`);
  await sql`delete from intent_pairs where 1 = 1 ${only("shop_id")}`.execute(db);
  await sql`
    insert into intent_pairs (shop_id, viewer_id, sku, last_at, nth_at, bought)
    select shop_id, viewer_id, sku, max(at), max(case when n = ${sql.lit(HIGH_INTENT_CLICKS)} then at end), 0
    from (select shop_id, viewer_id, sku, at,
        row_number() over (partition by shop_id, viewer_id, sku order by at desc) as n
      from clicks where 1 = 1 ${only("shop_id")}) c
    group by shop_id, viewer_id, sku`.execute(db);
  // the viewer's own orders first, then their lines (store/intent.ts says why the cross join)
  await sql`
    update intent_pairs set bought = 1
    where exists (select 1 from orders o cross join order_items i
      where o.shop_id = intent_pairs.shop_id and o.viewer_id = intent_pairs.viewer_id
      and o.refunded_at is null and i.shop_id = o.shop_id and i.order_id = o.order_id
      and i.sku || '' = intent_pairs.sku) ${only("shop_id")}`.execute(db);
}
