import { z } from "zod";
import { LocalizedText } from "./config.js";
import { Id } from "./tokens.js";

const price = z.number().int().min(0).max(100_000_000);

/**
 * A shop's product catalogue: what the host features, what the overlay's product card and shelf
 * show, and how long one unit lasts (`usageDays`, which repurchase reminders count from).
 * Prices are in cents (fen). Every field a shop sets, none defaulted: the create body adds
 * defaults, the patch does not.
 */
const ProductFields = z.object({
  sku: Id,
  name: LocalizedText,
  price,
  /** the list price before the live's discount, shown struck through; null when there is none */
  was: price.nullable(),
  /** an absolute http(s) URL, or a path on the Encore server (the widget resolves it there) */
  image: z
    .string()
    .max(1000)
    .regex(/^(https?:\/\/|\/(?!\/))/, "an http(s) URL or a path on this server")
    .nullable(),
  inStock: z.boolean(),
  /** days one unit lasts (a 30 ml serum: 30); null for products that are not used up */
  usageDays: z.number().int().min(1).max(3650).nullable(),
});

/** POST /v1/products: a new product of the shop's catalogue. */
export const ProductInput = ProductFields.extend({
  was: ProductFields.shape.was.default(null),
  image: ProductFields.shape.image.default(null),
  inStock: ProductFields.shape.inStock.default(true),
  usageDays: ProductFields.shape.usageDays.default(null),
}).strict();
export type ProductInput = z.input<typeof ProductInput>;

/**
 * PUT /v1/products/:sku: every field but the sku, each optional; a field left out keeps its
 * value (no defaults here, or a price change would reset the stock flag).
 */
export const ProductPatch = ProductFields.omit({ sku: true }).partial().strict();
export type ProductPatch = z.input<typeof ProductPatch>;

export const ProductParams = z.object({ sku: Id }).strict();

/**
 * A product as every side sees it: the HTTP API's answers, the featured product in the snapshot
 * and the `product` event, the shelf, and `Encore.on("product" | "buy")` on the streamer's page.
 */
export const ProductView = z.object({
  sku: z.string(),
  name: LocalizedText,
  price: z.number().int(),
  was: z.number().int().nullable(),
  image: z.string().nullable(),
  inStock: z.boolean(),
  usageDays: z.number().int().nullable(),
});
export type Product = z.infer<typeof ProductView>;

/** GET /v1/products and the shelf: the shop's catalogue, products in stock first. */
export const ProductList = z.object({ products: z.array(ProductView) });
export type ProductList = z.infer<typeof ProductList>;
