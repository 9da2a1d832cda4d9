import type { Executor } from "./executor.js";
import { toNumber } from "./numbers.js";
import type { ShopifyStoreRow } from "./schema.js";

export async function findShopifyStore(db: Executor, shopId: string): Promise<ShopifyStoreRow | undefined> {
  return db.selectFrom("shopify_stores").selectAll().where("shop_id", "=", shopId).executeTakeFirst();
}

/** The store a webhook's X-Shopify-Shop-Domain names (unique: one Encore shop per Shopify store). */
export async function findShopifyStoreByDomain(db: Executor, domain: string): Promise<ShopifyStoreRow | undefined> {
  return db.selectFrom("shopify_stores").selectAll().where("shop_domain", "=", domain).executeTakeFirst();
}

/** Connects (or reconnects) the shop's store: one row per shop, the domain and secret replaced. */
export async function upsertShopifyStore(db: Executor, row: ShopifyStoreRow): Promise<void> {
  await db
    .insertInto("shopify_stores")
    .values(row)
    .onConflict((oc) =>
      oc.column("shop_id").doUpdateSet({
        shop_domain: row.shop_domain,
        webhook_secret: row.webhook_secret,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function deleteShopifyStore(db: Executor, shopId: string): Promise<boolean> {
  const result = await db.deleteFrom("shopify_stores").where("shop_id", "=", shopId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function shopifyDeliverySeen(db: Executor, shopId: string, webhookId: string): Promise<boolean> {
  const row = await db
    .selectFrom("shopify_deliveries")
    .select("webhook_id")
    .where("shop_id", "=", shopId)
    .where("webhook_id", "=", webhookId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Notes a delivery that took effect; a second note of the same one (two at once) is no change. */
export async function noteShopifyDelivery(
  db: Executor,
  row: { shop_id: string; webhook_id: string; topic: string; received_at: number },
): Promise<void> {
  await db
    .insertInto("shopify_deliveries")
    .values(row)
    .onConflict((oc) => oc.columns(["shop_id", "webhook_id"]).doNothing())
    .execute();
}

/** Records a refund once by its id: false when it was recorded before. */
export async function insertShopifyRefund(
  db: Executor,
  row: { shop_id: string; refund_id: string; order_id: string; amount: number; created_at: number },
): Promise<boolean> {
  const result = await db
    .insertInto("shopify_refunds")
    .values(row)
    .onConflict((oc) => oc.columns(["shop_id", "refund_id"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** What Shopify's refunds of an order add up to, in cents. */
export async function shopifyRefundedTotal(db: Executor, shopId: string, orderId: string): Promise<number> {
  const row = await db
    .selectFrom("shopify_refunds")
    .select((eb) => eb.fn.sum<number | string | null>("amount").as("total"))
    .where("shop_id", "=", shopId)
    .where("order_id", "=", orderId)
    .executeTakeFirst();
  return toNumber(row?.total);
}
