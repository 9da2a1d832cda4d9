import type { z } from "zod";
import { EncoreError, type Product, type ProductInput, type ProductPatch, ServerEvent } from "../../protocol/index.js";
import { toProduct } from "../adapters.js";
import { type Executor, isUniqueViolation } from "../store/executor.js";
import { findProduct, insertProduct, listProducts, roomsFeaturing, updateProductRow } from "../store/products.js";
import type { ProductRow } from "../store/schema.js";
import { listRooms } from "../store/shops.js";
import { type ChangeSource, recordAudit } from "./audit.js";
import type { Context } from "./context.js";

/**
 * The shelf drawer lists at most this many products: a viewer scrolls a live room's shelf, not a
 * whole warehouse, and every open drawer hears the list again when the catalogue changes.
 */
export const SHELF_SIZE = 50;

type NewProduct = z.output<typeof ProductInput>;
type Changes = z.output<typeof ProductPatch>;

export async function requireProduct(db: Executor, shopId: string, sku: string): Promise<ProductRow> {
  const row = await findProduct(db, shopId, sku);
  if (!row) throw new EncoreError("product_not_found", `no product ${sku} in this shop's catalogue`);
  return row;
}

/** The shop's whole catalogue, in stock first. */
export async function listCatalogue(db: Executor, shopId: string): Promise<Product[]> {
  return (await listProducts(db, shopId)).map(toProduct);
}

/** What a room's shelf drawer shows: the shop's catalogue, in stock first, at most SHELF_SIZE. */
export async function roomShelf(db: Executor, shopId: string): Promise<Product[]> {
  return (await listProducts(db, shopId, SHELF_SIZE)).map(toProduct);
}

export function productRow(shopId: string, input: NewProduct, now: number): ProductRow {
  return {
    shop_id: shopId,
    sku: input.sku,
    name: JSON.stringify(input.name),
    price: input.price,
    was: input.was,
    image: input.image,
    in_stock: input.inStock ? 1 : 0,
    usage_days: input.usageDays,
    created_at: now,
    updated_at: now,
  };
}

export async function createProduct(
  ctx: Context,
  shopId: string,
  input: NewProduct,
  source: ChangeSource,
): Promise<Product> {
  const now = ctx.clock.now();
  const row = productRow(shopId, input, now);
  const exists = () => new EncoreError("product_exists", `the catalogue already has ${input.sku}; PUT to change it`);
  try {
    await ctx.store.db.transaction().execute(async (trx) => {
      if (await findProduct(trx, shopId, input.sku)) throw exists();
      await insertProduct(trx, row);
      await recordAudit(
        trx,
        shopId,
        source,
        { action: "product.create", target: { kind: "product", id: input.sku }, before: null, after: toProduct(row) },
        now,
      );
    });
  } catch (error) {
    // two creates of one sku at once: the key decides, and the loser hears the same code
    if (isUniqueViolation(error)) throw exists();
    throw error;
  }
  const product = toProduct(row);
  await announceShelves(ctx, shopId);
  return product;
}

/** Changes the fields given; a featured product's new price or stock reaches its rooms at once. */
export async function updateProduct(
  ctx: Context,
  shopId: string,
  sku: string,
  changes: Changes,
  source: ChangeSource,
): Promise<Product> {
  const { db } = ctx.store;
  const now = ctx.clock.now();
  const { row, rooms } = await db.transaction().execute(async (trx) => {
    const before = toProduct(await requireProduct(trx, shopId, sku));
    await updateProductRow(trx, shopId, sku, {
      ...(changes.name !== undefined ? { name: JSON.stringify(changes.name) } : {}),
      ...(changes.price !== undefined ? { price: changes.price } : {}),
      ...(changes.was !== undefined ? { was: changes.was } : {}),
      ...(changes.image !== undefined ? { image: changes.image } : {}),
      ...(changes.inStock !== undefined ? { in_stock: changes.inStock ? 1 : 0 } : {}),
      ...(changes.usageDays !== undefined ? { usage_days: changes.usageDays } : {}),
      updated_at: now,
    });
    const row = await requireProduct(trx, shopId, sku);
    await recordAudit(
      trx,
      shopId,
      source,
      { action: "product.update", target: { kind: "product", id: sku }, before, after: toProduct(row) },
      now,
    );
    return { row, rooms: await roomsFeaturing(trx, shopId, sku) };
  });
  const product = toProduct(row);
  for (const roomId of rooms) ctx.notifier.toRoom(roomId, ServerEvent.product, product);
  await announceShelves(ctx, shopId);
  return product;
}

/** Open shelf drawers in every room of the shop hear the catalogue again. */
async function announceShelves(ctx: Context, shopId: string): Promise<void> {
  const { db } = ctx.store;
  const [rooms, products] = await Promise.all([listRooms(db, shopId), roomShelf(db, shopId)]);
  for (const room of rooms) ctx.notifier.toShelf(room.id, { products });
}
