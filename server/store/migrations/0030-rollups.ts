import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";
import { rebuildRollups, YEAR_MS } from "../rollups-rebuild.js";

export const name = "0030_rollups";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // One row per buyer (a viewer with an order that still stands), recomputed from their own
      // orders on every write that changes them: what the dashboard and the segment lists read
      // instead of grouping every order of the shop.
      await db.schema
        .createTable("viewer_rollups")
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("orders", "integer", (c) => c.notNull())
        .addColumn("paid", "bigint", (c) => c.notNull())
        .addColumn("coupon_orders", "integer", (c) => c.notNull())
        .addColumn("coupon_paid", "bigint", (c) => c.notNull())
        .addColumn("first_order_at", "bigint", (c) => c.notNull())
        .addColumn("last_order_at", "bigint", (c) => c.notNull())
        // over orders paid at or after shop_rollups.window_from, moved forward when read
        .addColumn("spent12", "bigint", (c) => c.notNull())
        .addColumn("orders12", "integer", (c) => c.notNull())
        .addColumn("retained", "integer", (c) => c.notNull())
        .addColumn("price_sensitive", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("viewer_rollups_pk", ["shop_id", "viewer_id"])
        .execute();
      // new buyers are a range of first orders; the top spenders' cut is an offset down spent12;
      // a segment of few members is read from its index, then ordered by viewer id
      await db.schema
        .createIndex("viewer_rollups_first")
        .on("viewer_rollups")
        .columns(["shop_id", "first_order_at"])
        .execute();
      await db.schema
        .createIndex("viewer_rollups_spent")
        .on("viewer_rollups")
        .columns(["shop_id", "spent12"])
        .execute();
      await db.schema
        .createIndex("viewer_rollups_orders12")
        .on("viewer_rollups")
        .columns(["shop_id", "orders12"])
        .execute();
      await db.schema
        .createIndex("viewer_rollups_price")
        .on("viewer_rollups")
        .columns(["shop_id", "price_sensitive", "viewer_id"])
        .execute();

      // The shop's totals, moved by each buyer row's difference in the same transaction.
      await db.schema
        .createTable("shop_rollups")
        .addColumn("shop_id", "text", (c) => c.primaryKey())
        .addColumn("buyers", "bigint", (c) => c.notNull())
        .addColumn("repeat_buyers", "bigint", (c) => c.notNull())
        .addColumn("revenue", "bigint", (c) => c.notNull())
        .addColumn("coupon_revenue", "bigint", (c) => c.notNull())
        .addColumn("coupon_orders", "bigint", (c) => c.notNull())
        .addColumn("spenders12", "bigint", (c) => c.notNull())
        .addColumn("window_from", "bigint", (c) => c.notNull())
        .execute();
      // First-order cohorts by Monday week, with their returns in each of the four weeks after.
      await db.schema
        .createTable("shop_cohorts")
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("week", "bigint", (c) => c.notNull())
        .addColumn("buyers", "bigint", (c) => c.notNull())
        .addColumn("r0", "bigint", (c) => c.notNull())
        .addColumn("r1", "bigint", (c) => c.notNull())
        .addColumn("r2", "bigint", (c) => c.notNull())
        .addColumn("r3", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("shop_cohorts_pk", ["shop_id", "week"])
        .execute();

      // Orders and what they paid per quarter hour (every zone's midnight is on a quarter hour):
      // the dashboard's days in the shop's zone are sums of a few rows, not a read of every order.
      await db.schema
        .createTable("shop_order_slots")
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("slot", "bigint", (c) => c.notNull())
        .addColumn("orders", "bigint", (c) => c.notNull())
        .addColumn("paid", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("shop_order_slots_pk", ["shop_id", "slot"])
        .execute();

      // Dormancy is read from its recent side (who watched, or arrived, in the last 30 days) and
      // the audience's size; the tiers count ranges of growth among viewers who are not hosts.
      await db.schema.createIndex("watch_state_recent").on("watch_state").columns(["shop_id", "updated_at"]).execute();
      await db.schema.createIndex("viewers_audience").on("viewers").columns(["shop_id", "is_host", "growth"]).execute();
      await db.schema
        .createIndex("viewers_since")
        .on("viewers")
        .columns(["shop_id", "created_at", "is_host"])
        .execute();

      await rebuildRollups(db, Date.now() - YEAR_MS);
    },
  };
}
