import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0022_shopify";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // A shop's Shopify store: its myshopify.com domain (how a webhook names the shop) and the
      // secret its webhooks are signed with, kept as is because checking an HMAC recomputes it.
      await db.schema
        .createTable("shopify_stores")
        .addColumn("shop_id", "text", (c) => c.primaryKey().references("shops.id"))
        .addColumn("shop_domain", "text", (c) => c.notNull().unique())
        .addColumn("webhook_secret", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();
      // Each delivery Shopify made that took effect, by X-Shopify-Webhook-Id: a redelivery is known.
      await db.schema
        .createTable("shopify_deliveries")
        .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
        .addColumn("webhook_id", "text", (c) => c.notNull())
        .addColumn("topic", "text", (c) => c.notNull())
        .addColumn("received_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("shopify_deliveries_pk", ["shop_id", "webhook_id"])
        .execute();
      // Shopify's refunds of an order, each once by its id: together they decide when the order is refunded.
      await db.schema
        .createTable("shopify_refunds")
        .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
        .addColumn("refund_id", "text", (c) => c.notNull())
        .addColumn("order_id", "text", (c) => c.notNull())
        .addColumn("amount", "bigint", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("shopify_refunds_pk", ["shop_id", "refund_id"])
        .execute();
      await db.schema
        .createIndex("shopify_refunds_order")
        .on("shopify_refunds")
        .columns(["shop_id", "order_id"])
        .execute();
    },
  };
}
