import { type Kysely, type Migration, sql } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0003_offers";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("offers")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
        .addColumn("room_id", "text", (c) => c.notNull().references("rooms.id"))
        .addColumn("template_id", "text", (c) => c.notNull().references("coupon_templates.id"))
        .addColumn("keyword", "text", (c) => c.notNull())
        .addColumn("mode", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("stock", "bigint", (c) => c.notNull())
        .addColumn("claimed", "bigint", (c) => c.notNull().defaultTo(0))
        .addColumn("min_tier", "text")
        .addColumn("started_at", "bigint", (c) => c.notNull())
        .addColumn("ends_at", "bigint", (c) => c.notNull())
        .addColumn("ended_at", "bigint")
        .addColumn("sold_out_at", "bigint")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addCheckConstraint("offers_stock", sql`stock > 0 and claimed >= 0 and claimed <= stock`)
        .execute();
      await db.schema.createIndex("offers_room").on("offers").columns(["room_id", "started_at"]).execute();
      // One live offer per room, held by the database as well as by the service.
      await db.schema
        .createIndex("offers_one_live")
        .unique()
        .on("offers")
        .column("room_id")
        .where(sql.ref("status"), "=", "live")
        .execute();

      await db.schema
        .createTable("offer_entries")
        .addColumn("offer_id", "text", (c) => c.notNull().references("offers.id"))
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("name", "text")
        .addColumn("seq", "bigint", (c) => c.notNull())
        .addColumn("won", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("coupon_code", "text")
        .addColumn("entered_at", "bigint", (c) => c.notNull())
        .addColumn("won_at", "bigint")
        .addPrimaryKeyConstraint("offer_entries_pk", ["offer_id", "viewer_id"])
        .addForeignKeyConstraint("offer_entries_viewer", ["shop_id", "viewer_id"], "viewers", ["shop_id", "viewer_id"])
        .execute();
      await db.schema.createIndex("offer_entries_won").on("offer_entries").columns(["offer_id", "won"]).execute();

      await db.schema
        .createTable("offer_draws")
        .addColumn("offer_id", "text", (c) => c.primaryKey().references("offers.id"))
        .addColumn("seed", "text", (c) => c.notNull())
        .addColumn("entries", "text", (c) => c.notNull())
        .addColumn("winners", "text", (c) => c.notNull())
        .addColumn("drawn_at", "bigint", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("mutes")
        .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("muted_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("mutes_pk", ["shop_id", "viewer_id"])
        .execute();

      await db.schema
        .createTable("room_products")
        .addColumn("room_id", "text", (c) => c.primaryKey().references("rooms.id"))
        .addColumn("sku", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("price", "bigint", (c) => c.notNull())
        .addColumn("image", "text")
        .addColumn("featured_at", "bigint", (c) => c.notNull())
        .execute();
    },
  };
}
