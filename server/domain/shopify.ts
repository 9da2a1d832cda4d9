import { createHmac, timingSafeEqual } from "node:crypto";
import { Id, MAX_ORDER_CENTS, type OrderBody, type ShopifyOrder, type ShopifyRefund } from "../../protocol/index.js";

/*
 * How Shopify's webhooks map onto Encore, without I/O: the signature check, money strings into
 * cents, a paid order into an Encore order, and what a refund gives back.
 */

/**
 * Shopify signs each webhook with the app's secret: the base64 HMAC-SHA256 of the raw body, in
 * X-Shopify-Hmac-Sha256. Compared in constant time over the decoded bytes, so a near miss and a
 * far miss take as long; a header of the wrong length is simply a miss.
 */
export function shopifySignatureValid(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  const given = Buffer.from(header, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Parses a Shopify body without losing its ids. Shopify's ids are 64-bit integers sent as JSON
 * numbers, and JSON.parse rounds any past 2^53 (820982911946154508 reads as …500), so two orders
 * could read as one: integers of 16 digits or more are read as the strings they were written as.
 */
export function parseShopifyJson(text: string): unknown {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (char === '"') {
      // copy the string whole, escapes included
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      out += text.slice(i, end + 1);
      i = end + 1;
    } else if (char === "-" || (char >= "0" && char <= "9")) {
      const token = /^-?[0-9][0-9.eE+-]*/.exec(text.slice(i, i + 64))?.[0] ?? char;
      out += /^-?\d{16,}$/.test(token) ? `"${token}"` : token;
      i += token.length;
    } else {
      out += char;
      i += 1;
    }
  }
  return JSON.parse(out);
}

/** Encore's order and refund ids for Shopify's: prefixed, so they never meet ids the shop reports itself. */
export const encoreOrderId = (shopifyOrderId: string): string => `shopify-${shopifyOrderId}`;

/**
 * A Shopify money string ("254.98") in cents, exactly (no floating point): Encore counts every
 * currency in hundredths of its unit, as it counts yuan in fen. A third or fourth decimal (some
 * currencies have three) rounds half up to the cent.
 */
export function centsOf(money: string): number {
  const [whole = "0", fraction = ""] = money.split(".");
  const padded = fraction.padEnd(4, "0");
  const cents = Number.parseInt(whole, 10) * 100 + Number.parseInt(padded.slice(0, 2), 10);
  return Number.parseInt(padded.slice(2), 10) >= 50 ? cents + 1 : cents;
}

/**
 * The sku an order line is known by in Encore: Shopify's sku when it is one Encore can carry,
 * else the variant (or product, or line) it was, so the line still counts for usage-based
 * reminders and suggestions.
 */
export function skuOf(line: ShopifyOrder["line_items"][number]): string {
  const sku = line.sku?.trim();
  if (sku && Id.safeParse(sku).success) return sku;
  if (line.variant_id) return `shopify-variant-${line.variant_id}`;
  if (line.product_id) return `shopify-product-${line.product_id}`;
  return `shopify-line-${line.id}`;
}

/** The most lines an Encore order holds (OrderBody's limit); a longer Shopify order keeps its first ones. */
const MAX_LINES = 200;
const MAX_NAME = 120;
const MAX_UNIT_PRICE = 100_000_000;

/**
 * The Encore order a paid Shopify order is: the customer's id as the viewer id (what the shop's
 * backend signs viewer tokens with), the amount Shopify says is due now, its lines as items, and
 * the time it was processed. null for a guest checkout: nobody to credit. Shopify's discounts
 * are already off its total; no Encore coupon or points were spent on it.
 */
export function toEncoreOrder(order: ShopifyOrder): OrderBody | null {
  if (!order.customer) return null;
  const paidAt = Date.parse(order.processed_at ?? order.created_at);
  return {
    orderId: encoreOrderId(order.id),
    viewerId: order.customer.id,
    amount: Math.min(centsOf(order.current_total_price ?? order.total_price), MAX_ORDER_CENTS),
    items: order.line_items
      .filter((line) => line.quantity > 0)
      .slice(0, MAX_LINES)
      .map((line) => ({
        sku: skuOf(line),
        name: line.title.trim().slice(0, MAX_NAME) || undefined,
        qty: Math.min(line.quantity, 10_000),
        price: Math.min(centsOf(line.price), MAX_UNIT_PRICE),
      })),
    paidAt,
  };
}

/** What a refund paid back, in cents: its successful refund transactions (not the failed or pending ones). */
export function refundedCents(refund: ShopifyRefund): number {
  return refund.transactions
    .filter((t) => t.kind === "refund" && t.status === "success")
    .reduce((sum, t) => sum + centsOf(t.amount), 0);
}

/**
 * Encore refunds an order whole (every point and all growth it earned), so Shopify's refunds
 * count towards it until together they pay back what the order cost: a refunded shipping fee
 * leaves the points of the goods kept.
 */
export const refundsCoverOrder = (refundedTotal: number, orderAmount: number): boolean => refundedTotal >= orderAmount;
