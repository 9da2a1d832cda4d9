import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0010_lifecycle";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // One row per touch an automation decided on, whatever became of it: the unique key is
      // what makes each touch happen once however many sweeps, nodes or restarts see it due.
      await db.schema
        .createTable("touches")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("automation", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("key", "text", (c) => c.notNull())
        .addColumn("template_id", "text")
        .addColumn("coupon_code", "text")
        .addColumn("words", "text")
        .addColumn("params", "text", (c) => c.notNull())
        .addColumn("due_at", "bigint", (c) => c.notNull())
        .addColumn("expires_at", "bigint")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("reason", "text")
        .addColumn("sent_at", "bigint")
        // when the contact budget or an opt-out first kept it back: counted if it never goes
        .addColumn("held_at", "bigint")
        .addColumn("seen_at", "bigint")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("touches_once")
        .unique()
        .on("touches")
        .columns(["shop_id", "viewer_id", "key"])
        .execute();
      // the inbox and the budget read a viewer's sent touches by time
      await db.schema.createIndex("touches_sent").on("touches").columns(["shop_id", "viewer_id", "sent_at"]).execute();
      // the dashboard's report, per automation and status
      await db.schema
        .createIndex("touches_report")
        .on("touches")
        .columns(["shop_id", "automation", "status", "viewer_id"])
        .execute();

      await db.schema
        .createTable("contact_prefs")
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("opted_out", "integer", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("contact_prefs_pk", ["shop_id", "viewer_id"])
        .execute();

      // one row per shop: the node whose sweep runs, until when
      await db.schema
        .createTable("sweep_leases")
        .addColumn("shop_id", "text", (c) => c.primaryKey())
        .addColumn("holder", "text", (c) => c.notNull())
        .addColumn("until", "bigint", (c) => c.notNull())
        .execute();
    },
  };
}
