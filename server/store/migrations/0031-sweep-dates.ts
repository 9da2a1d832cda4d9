import { type Kysely, type Migration, sql } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0031_sweep_dates";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // The daily sweep reads only the viewers something can be due for, found by the dates the
      // rules count from (services/lifecycle/candidates.ts): these are those dates' indexes.
      // Win-back and dormancy count from the last watch or, for a viewer who never watched, from
      // when they were first seen (0030's watch_state_recent and viewers_since serve both);
      // birthdays are found by day.
      await db.schema.createIndex("viewers_birthday").on("viewers").columns(["shop_id", "birthday"]).execute();
      // coupon-expiring reminders, three days before the expiry
      await db.schema.createIndex("coupons_expiry").on("coupons").columns(["shop_id", "expires_at"]).execute();
      // high intent: clicks since the last sweep
      await db.schema.createIndex("clicks_time").on("clicks").columns(["shop_id", "at"]).execute();
      // an order's last change, paid or refunded: one index for both, since a refund comes after the order
      await sql`create index orders_changed on orders (shop_id, (coalesce(refunded_at, created_at)))`.execute(db);
      // touches still waiting, and the members of a segment (new buyers, high intent and high value are re-read)
      // (with the viewer, so the index answers alone: SQLite otherwise prefers a wider covering index)
      await db.schema.createIndex("touches_open").on("touches").columns(["shop_id", "status", "viewer_id"]).execute();
      await db.schema
        .createIndex("segment_memberships_segment")
        .on("segment_memberships")
        .columns(["shop_id", "segment", "viewer_id"])
        .execute();
    },
  };
}
