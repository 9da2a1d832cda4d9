import { type Kysely, type Migration, sql } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0002_coupons";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("coupon_templates")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("value", "bigint", (c) => c.notNull())
        .addColumn("min_spend", "bigint", (c) => c.notNull())
        .addColumn("valid_days", "integer", (c) => c.notNull())
        .addColumn("min_tier", "text")
        .addColumn("stock", "bigint")
        .addColumn("issued", "bigint", (c) => c.notNull().defaultTo(0))
        .addColumn("per_viewer_limit", "integer", (c) => c.notNull())
        .addColumn("points_cost", "bigint")
        .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addCheckConstraint("coupon_templates_stock", sql`stock is null or issued <= stock`)
        .execute();
      await db.schema.createIndex("coupon_templates_shop").on("coupon_templates").column("shop_id").execute();

      await db.schema
        .createTable("coupons")
        .addColumn("code", "text", (c) => c.primaryKey())
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("template_id", "text", (c) => c.notNull().references("coupon_templates.id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("value", "bigint", (c) => c.notNull())
        .addColumn("min_spend", "bigint", (c) => c.notNull())
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("source_ref", "text", (c) => c.notNull())
        .addColumn("grant_key", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("issued_at", "bigint", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .addColumn("redeemed_at", "bigint")
        .addColumn("redeemed_order", "text")
        .addColumn("discount", "bigint")
        .addUniqueConstraint("coupons_grant", ["shop_id", "grant_key"])
        .addForeignKeyConstraint("coupons_viewer", ["shop_id", "viewer_id"], "viewers", ["shop_id", "viewer_id"])
        .execute();
      await db.schema
        .createIndex("coupons_viewer")
        .on("coupons")
        .columns(["shop_id", "viewer_id", "issued_at"])
        .execute();
      await db.schema.createIndex("coupons_template").on("coupons").columns(["template_id", "viewer_id"]).execute();
    },
  };
}
