import { z } from "zod";
import { LocalizedText } from "./config.js";
import { Id } from "./tokens.js";

/**
 * A shop's product catalogue: what the host features, what the overlay's product card and shelf
 * show, and how long one unit lasts (`usageDays`, which repurchase reminders count from).
 * Prices are in cents (fen).
 */
export const ProductInput = z
  .object({
    sku: Id,
    name: LocalizedText,
    price: z.number().int().min(0).max(100_000_000),
    /** the list price before the live's discount, shown struck through; null when there is none */
    was: z.number().int().min(0).max(100_000_000).nullable().default(null),
    /** an absolute http(s) URL, or a path on the Encore server */
    image: z
      .string()
      .max(1000)
      .regex(/^(https?:\/\/|\/)/, "an http(s) URL or a path")
      .nullable()
      .default(null),
    inStock: z.boolean().default(true),
    /** days one unit lasts (a 30 ml serum: 30); null for products that are not used up */
    usageDays: z.number().int().min(1).max(3650).nullable().default(null),
  })
  .strict();
export type ProductInput = z.input<typeof ProductInput>;

/** PUT /v1/products/:sku: every field but the sku, each optional. */
export const ProductPatch = ProductInput.omit({ sku: true }).partial().strict();
export type ProductPatch = z.input<typeof ProductPatch>;

export const ProductParams = z.object({ sku: Id }).strict();

/** A product as every side sees it. */
export interface Product {
  sku: string;
  name: LocalizedText;
  price: number;
  was: number | null;
  image: string | null;
  inStock: boolean;
  usageDays: number | null;
}
