import { z } from "zod";
import { JsonValue } from "./admin.js";

/*
 * The Shopify adapter's wire: the shop's settings (its myshopify.com domain and the app's
 * webhook secret), and the parts of Shopify's webhook payloads it reads. Shopify adds fields to
 * its payloads over time, so the payload schemas are loose objects: strict about what the
 * adapter reads, silent about the rest.
 */

/** The headers Shopify sends with every webhook. */
export const SHOPIFY_HEADERS = {
  hmac: "x-shopify-hmac-sha256",
  shopDomain: "x-shopify-shop-domain",
  topic: "x-shopify-topic",
  webhookId: "x-shopify-webhook-id",
} as const;

/** The headers the adapter reads besides the signature: the topic, and the delivery's id (a UUID). */
export const ShopifyDeliveryHeaders = z.object({
  topic: z.string().min(1).max(100),
  webhookId: z.string().min(1).max(100).optional(),
});

/** A store's permanent domain, `name.myshopify.com`, as Shopify names it in X-Shopify-Shop-Domain. */
export const ShopifyDomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,61}\.myshopify\.com$/, "the store's name.myshopify.com domain");

export const ShopifySettingsBody = z
  .object({
    shopDomain: ShopifyDomain,
    /** the Shopify app's client secret, which signs its webhooks (Settings → Notifications → Webhooks shows it for a store's own) */
    webhookSecret: z.string().min(16).max(200),
  })
  .strict();
export type ShopifySettingsBody = z.infer<typeof ShopifySettingsBody>;

/** The settings as they are read back: never the secret. */
export const ShopifySettings = z.object({
  /** null when the shop has not connected a Shopify store */
  shopDomain: z.string().nullable(),
  updatedAt: z.number().int().nullable(),
});
export type ShopifySettings = z.infer<typeof ShopifySettings>;

/** Shopify's money: a decimal string in the shop's currency ("254.98"). */
const Money = z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, "a decimal amount such as 254.98");
/** Shopify's ids are 64-bit numbers; JSON carries them as numbers (or, in some tools, strings). */
const ShopifyId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform(String);
const Timestamp = z.iso.datetime({ offset: true });

export const ShopifyLineItem = z.looseObject({
  id: ShopifyId,
  variant_id: ShopifyId.nullish(),
  product_id: ShopifyId.nullish(),
  title: z.string(),
  quantity: z.number().int().min(0),
  sku: z.string().nullish(),
  price: Money,
});

/** The Order resource, as `orders/paid` sends it. */
export const ShopifyOrder = z.looseObject({
  id: ShopifyId,
  /** null for a guest checkout: nobody to credit */
  customer: z.looseObject({ id: ShopifyId }).nullish(),
  total_price: Money,
  current_total_price: Money.optional(),
  currency: z.string().length(3),
  processed_at: Timestamp.nullish(),
  created_at: Timestamp,
  line_items: z.array(ShopifyLineItem),
});
export type ShopifyOrder = z.infer<typeof ShopifyOrder>;

export const ShopifyTransaction = z.looseObject({
  id: ShopifyId,
  kind: z.string(),
  status: z.string(),
  amount: Money,
});

/** The Refund resource, as `refunds/create` sends it. */
export const ShopifyRefund = z.looseObject({
  id: ShopifyId,
  order_id: ShopifyId,
  transactions: z.array(ShopifyTransaction),
});
export type ShopifyRefund = z.infer<typeof ShopifyRefund>;

/** Any webhook body: the resource its topic names, a JSON object; each topic's schema is applied by the adapter. */
export const ShopifyWebhookBody = z.record(z.string(), JsonValue);

export const SHOPIFY_OUTCOMES = ["credited", "refunded", "recorded", "duplicate", "ignored"] as const;

/**
 * What a delivery did: `credited` (an order), `refunded` (the order is refunded in full now),
 * `recorded` (a part refund, kept until the refunds add up to the order), `duplicate` (a
 * redelivery: nothing changed), `ignored` (a topic or order Encore has nothing to do with).
 */
export const ShopifyWebhookResult = z.object({
  outcome: z.enum(SHOPIFY_OUTCOMES),
  /** the Encore order it concerns, when there is one */
  orderId: z.string().nullable(),
});
export type ShopifyWebhookResult = z.infer<typeof ShopifyWebhookResult>;
