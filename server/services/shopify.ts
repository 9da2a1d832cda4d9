import type { z } from "zod";
import {
  EncoreError,
  type FieldError,
  OrderBody,
  ShopifyOrder,
  ShopifyRefund,
  type ShopifySettings,
  type ShopifySettingsBody,
  type ShopifyWebhookResult,
} from "../../protocol/index.js";
import {
  encoreOrderId,
  refundedCents,
  refundsCoverOrder,
  shopifySignatureValid,
  toEncoreOrder,
} from "../domain/shopify.js";
import { isUniqueViolation } from "../store/executor.js";
import { findOrder } from "../store/orders.js";
import {
  deleteShopifyStore,
  findShopifyStore,
  findShopifyStoreByDomain,
  insertShopifyRefund,
  noteShopifyDelivery,
  shopifyDeliverySeen,
  shopifyRefundedTotal,
  upsertShopifyStore,
} from "../store/shopify.js";
import { type ChangeSource, recordAudit } from "./audit.js";
import type { Context } from "./context.js";
import { placeOrder, refundOrder } from "./orders.js";
import { requireShop, type Shop } from "./shops.js";

/*
 * The Shopify adapter: a shop connects its Shopify store (domain and webhook secret), and the
 * store's `orders/paid` and `refunds/create` webhooks become Encore orders and refunds, through
 * the same services as POST /v1/orders and its refund, so points, tiers, coupons and webhooks
 * follow as they do there.
 */

export async function shopifySettings(ctx: Context, shopId: string): Promise<ShopifySettings> {
  const row = await findShopifyStore(ctx.store.db, shopId);
  return { shopDomain: row?.shop_domain ?? null, updatedAt: row?.updated_at ?? null };
}

/** Connects the shop's Shopify store, or replaces its domain or secret. The secret is never read back. */
export async function connectShopify(
  ctx: Context,
  shopId: string,
  body: ShopifySettingsBody,
  source: ChangeSource,
): Promise<ShopifySettings> {
  const now = ctx.clock.now();
  try {
    await ctx.store.db.transaction().execute(async (trx) => {
      const before = await findShopifyStore(trx, shopId);
      await upsertShopifyStore(trx, {
        shop_id: shopId,
        shop_domain: body.shopDomain,
        webhook_secret: body.webhookSecret,
        created_at: before?.created_at ?? now,
        updated_at: now,
      });
      await recordAudit(
        trx,
        shopId,
        source,
        {
          action: "shopify.connect",
          target: { kind: "shopify", id: body.shopDomain },
          // the audit log names the store and whether its secret changed, never the secret
          before: before ? { shopDomain: before.shop_domain } : null,
          after: { shopDomain: body.shopDomain, secretChanged: before?.webhook_secret !== body.webhookSecret },
        },
        now,
      );
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new EncoreError("shopify_store_taken", `${body.shopDomain} is connected to another shop`);
  }
  return { shopDomain: body.shopDomain, updatedAt: now };
}

/** Disconnects the store: its webhooks are refused from now on (shopify_store_unknown). Harmless twice. */
export async function disconnectShopify(ctx: Context, shopId: string, source: ChangeSource): Promise<ShopifySettings> {
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await findShopifyStore(trx, shopId);
    if (!before || !(await deleteShopifyStore(trx, shopId))) return;
    await recordAudit(
      trx,
      shopId,
      source,
      {
        action: "shopify.disconnect",
        target: { kind: "shopify", id: before.shop_domain },
        before: { shopDomain: before.shop_domain },
        after: null,
      },
      now,
    );
  });
  return { shopDomain: null, updatedAt: null };
}

/**
 * The shop a webhook comes from, once its signature checks against that shop's secret: who sent
 * it is settled before anything in the body is read.
 */
export async function verifiedShopifyShop(
  ctx: Context,
  domain: string | undefined,
  rawBody: Buffer,
  hmac: string | undefined,
): Promise<Shop> {
  const store = domain ? await findShopifyStoreByDomain(ctx.store.db, domain.trim().toLowerCase()) : undefined;
  if (!store) throw new EncoreError("shopify_store_unknown", `no shop has connected the Shopify store ${domain ?? ""}`);
  if (!shopifySignatureValid(store.webhook_secret, rawBody, hmac)) {
    throw new EncoreError("signature_invalid", "X-Shopify-Hmac-Sha256 does not match the body and the store's secret");
  }
  return requireShop(ctx.store.db, store.shop_id);
}

export interface ShopifyDelivery {
  topic: string;
  /** X-Shopify-Webhook-Id: the same for every redelivery of one event */
  webhookId?: string | undefined;
  body: unknown;
}

function parsePayload<S extends z.ZodType>(schema: S, body: unknown, topic: string): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const fields: FieldError[] = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const detail = fields.map((f) => `${f.path}: ${f.message}`).join("; ");
  throw new EncoreError("bad_request", `not a ${topic} payload: ${detail}`, fields);
}

async function creditPaidOrder(ctx: Context, shop: Shop, body: unknown): Promise<ShopifyWebhookResult> {
  const order = toEncoreOrder(parsePayload(ShopifyOrder, body, "orders/paid"));
  if (!order) return { outcome: "ignored", orderId: null };
  // Shopify sends orders/paid again (a retry, a second subscription) and edits orders after: the
  // order was credited once, as it was when paid, and an edit is not a second credit nor a conflict.
  if (await findOrder(ctx.store.db, shop.id, order.orderId)) return { outcome: "duplicate", orderId: order.orderId };
  const credited = await placeOrder(ctx, shop, parsePayload(OrderBody, order, "orders/paid"));
  return { outcome: "credited", orderId: credited.orderId };
}

async function applyRefund(ctx: Context, shop: Shop, body: unknown): Promise<ShopifyWebhookResult> {
  const refund = parsePayload(ShopifyRefund, body, "refunds/create");
  const orderId = encoreOrderId(refund.order_id);
  const order = await findOrder(ctx.store.db, shop.id, orderId);
  // an order paid before the store was connected, or a guest's: Encore credited nothing to take back
  if (!order) return { outcome: "ignored", orderId: null };
  const now = ctx.clock.now();
  const row = { shop_id: shop.id, refund_id: refund.id, order_id: orderId, amount: refundedCents(refund) };
  const recorded = await insertShopifyRefund(ctx.store.db, { ...row, created_at: now });
  const covered = refundsCoverOrder(await shopifyRefundedTotal(ctx.store.db, shop.id, orderId), order.amount);
  // a refund recorded before a failure that stopped the order's refund is finished by its redelivery
  if (covered && order.refunded_at === null) {
    await refundOrder(ctx, shop, orderId);
    return { outcome: "refunded", orderId };
  }
  return { outcome: recorded ? "recorded" : "duplicate", orderId };
}

/**
 * One webhook from the shop's Shopify store. `orders/paid` credits the customer's order,
 * `refunds/create` refunds it once Shopify's refunds cover it; every other topic is answered and
 * ignored (Shopify retries anything but a 2xx). A delivery already handled changes nothing.
 */
export async function handleShopifyWebhook(
  ctx: Context,
  shop: Shop,
  delivery: ShopifyDelivery,
): Promise<ShopifyWebhookResult> {
  const { db } = ctx.store;
  if (delivery.webhookId && (await shopifyDeliverySeen(db, shop.id, delivery.webhookId))) {
    return { outcome: "duplicate", orderId: null };
  }
  const result =
    delivery.topic === "orders/paid"
      ? await creditPaidOrder(ctx, shop, delivery.body)
      : delivery.topic === "refunds/create"
        ? await applyRefund(ctx, shop, delivery.body)
        : ({ outcome: "ignored", orderId: null } as const);
  // noted once it took effect: a delivery that failed half way is done again when Shopify retries it
  if (delivery.webhookId) {
    await noteShopifyDelivery(db, {
      shop_id: shop.id,
      webhook_id: delivery.webhookId,
      topic: delivery.topic,
      received_at: ctx.clock.now(),
    });
  }
  return result;
}
