import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";
import { serialType } from "./types.js";

export const name = "0004_commerce";

export function migration(dialect: Dialect): Migration {
  const serial = serialType(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("orders")
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("order_id", "text", (c) => c.notNull())
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("amount", "bigint", (c) => c.notNull())
        .addColumn("discount", "bigint", (c) => c.notNull())
        .addColumn("points_used", "bigint", (c) => c.notNull())
        .addColumn("points_value", "bigint", (c) => c.notNull())
        .addColumn("paid", "bigint", (c) => c.notNull())
        .addColumn("points_earned", "bigint", (c) => c.notNull())
        .addColumn("growth_earned", "bigint", (c) => c.notNull())
        .addColumn("coupon_code", "text")
        .addColumn("request", "text", (c) => c.notNull())
        .addColumn("response", "text", (c) => c.notNull())
        .addColumn("paid_at", "bigint", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("refunded_at", "bigint")
        .addColumn("refund", "text")
        .addPrimaryKeyConstraint("orders_pk", ["shop_id", "order_id"])
        .addForeignKeyConstraint("orders_viewer", ["shop_id", "viewer_id"], "viewers", ["shop_id", "viewer_id"])
        .execute();
      await db.schema.createIndex("orders_viewer").on("orders").columns(["shop_id", "viewer_id", "paid_at"]).execute();
      await db.schema.createIndex("orders_recent").on("orders").columns(["shop_id", "paid_at"]).execute();

      await db.schema
        .createTable("order_items")
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("order_id", "text", (c) => c.notNull())
        .addColumn("line", "integer", (c) => c.notNull())
        .addColumn("sku", "text", (c) => c.notNull())
        .addColumn("name", "text")
        .addColumn("qty", "integer", (c) => c.notNull())
        .addColumn("price", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("order_items_pk", ["shop_id", "order_id", "line"])
        .addForeignKeyConstraint("order_items_order", ["shop_id", "order_id"], "orders", ["shop_id", "order_id"])
        .execute();
      await db.schema.createIndex("order_items_sku").on("order_items").columns(["shop_id", "sku"]).execute();

      await db.schema
        .createTable("redemptions")
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("order_id", "text", (c) => c.notNull())
        .addColumn("code", "text", (c) => c.notNull())
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("amount", "bigint", (c) => c.notNull())
        .addColumn("discount", "bigint", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("reversed_at", "bigint")
        .addPrimaryKeyConstraint("redemptions_pk", ["shop_id", "order_id"])
        .execute();

      await db.schema
        .createTable("clicks")
        .addColumn("id", serial, (c) => c.primaryKey())
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("sku", "text", (c) => c.notNull())
        .addColumn("at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("clicks_viewer").on("clicks").columns(["shop_id", "viewer_id", "at"]).execute();
      await db.schema.createIndex("clicks_sku").on("clicks").columns(["shop_id", "sku", "at"]).execute();

      await db.schema
        .createTable("reminders")
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("room_id", "text", (c) => c.notNull().references("rooms.id"))
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("reminders_pk", ["room_id", "viewer_id"])
        .execute();

      await db.schema
        .createTable("webhook_endpoints")
        .addColumn("shop_id", "text", (c) => c.primaryKey().references("shops.id"))
        .addColumn("url", "text", (c) => c.notNull())
        .addColumn("secret", "text", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("outbox")
        .addColumn("id", serial, (c) => c.primaryKey())
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("event", "text", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("delivered_at", "bigint")
        .execute();
      await db.schema.createIndex("outbox_due").on("outbox").columns(["delivered_at", "next_attempt_at"]).execute();

      await db.schema
        .createTable("deliveries")
        .addColumn("id", serial, (c) => c.primaryKey())
        .addColumn("outbox_id", "bigint", (c) => c.notNull().references("outbox.id"))
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("attempt", "integer", (c) => c.notNull())
        .addColumn("status", "integer")
        .addColumn("ok", "integer", (c) => c.notNull())
        .addColumn("error", "text")
        .addColumn("at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("deliveries_shop").on("deliveries").columns(["shop_id", "id"]).execute();
    },
  };
}
