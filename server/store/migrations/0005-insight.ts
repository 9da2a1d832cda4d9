import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0005_insight";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // one sample per room per minute: the dashboard's "viewers over time"
      await db.schema
        .createTable("room_samples")
        .addColumn("room_id", "text", (c) => c.notNull().references("rooms.id"))
        .addColumn("minute", "bigint", (c) => c.notNull())
        .addColumn("viewers", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("room_samples_pk", ["room_id", "minute"])
        .execute();

      // verified watch time per viewer per live session (a session is keyed by its start)
      await db.schema
        .createTable("live_watch")
        .addColumn("room_id", "text", (c) => c.notNull().references("rooms.id"))
        .addColumn("live_started_at", "bigint", (c) => c.notNull())
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("watched_ms", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("live_watch_pk", ["room_id", "live_started_at", "viewer_id"])
        .execute();

      await db.schema
        .createTable("experiments")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("incentive", "text", (c) => c.notNull())
        .addColumn("arms", "text", (c) => c.notNull())
        .addColumn("holdout_percent", "integer", (c) => c.notNull())
        .addColumn("min_sample", "integer", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("stopped_at", "bigint")
        .execute();
      await db.schema
        .createIndex("experiments_running")
        .on("experiments")
        .columns(["shop_id", "incentive", "status"])
        .execute();

      await db.schema
        .createTable("experiment_exposures")
        .addColumn("experiment_id", "text", (c) => c.notNull().references("experiments.id"))
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("arm", "text", (c) => c.notNull())
        .addColumn("exposed_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("experiment_exposures_pk", ["experiment_id", "viewer_id"])
        .execute();

      // the dashboard's aggregates read by shop and time
      await db.schema.createIndex("ledger_time").on("ledger").columns(["shop_id", "created_at"]).execute();
      await db.schema.createIndex("coupons_source").on("coupons").columns(["shop_id", "source", "state"]).execute();
      // experiment results look up each exposed viewer's redemptions by time
      await db.schema
        .createIndex("redemptions_viewer")
        .on("redemptions")
        .columns(["shop_id", "viewer_id", "created_at"])
        .execute();
      await db.schema.createIndex("orders_coupon").on("orders").columns(["shop_id", "coupon_code"]).execute();
      await db.schema.createIndex("viewers_growth").on("viewers").columns(["shop_id", "growth"]).execute();
    },
  };
}
