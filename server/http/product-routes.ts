import type { FastifyInstance } from "fastify";
import { ProductInput, ProductList, ProductParams, ProductPatch, ProductView } from "../../protocol/index.js";
import { toProduct } from "../adapters.js";
import type { Context } from "../services/context.js";
import { createProduct, listCatalogue, requireProduct, updateProduct } from "../services/products.js";
import { type Resolvers, route } from "./route.js";

/** The shop's product catalogue: what the host features and the overlay's shelf lists. */
export function registerProductRoutes(app: FastifyInstance, ctx: Context, resolvers: Resolvers): void {
  const { db } = ctx.store;

  route(app, resolvers, {
    method: "POST",
    url: "/v1/products",
    summary: "Add a product to the shop's catalogue (409 product_exists for a sku it already has)",
    tags: ["products"],
    auth: "shop-or-session",
    body: ProductInput,
    response: ProductView,
    handler: async ({ shop, body, source }) => createProduct(ctx, shop.id, body, source),
  });

  route(app, resolvers, {
    method: "GET",
    url: "/v1/products",
    summary: "The shop's catalogue, products in stock first",
    tags: ["products"],
    auth: "shop-or-session",
    response: ProductList,
    handler: async ({ shop }) => ({ products: await listCatalogue(db, shop.id) }),
  });

  route(app, resolvers, {
    method: "GET",
    url: "/v1/products/:sku",
    summary: "One product of the catalogue",
    tags: ["products"],
    auth: "shop-or-session",
    params: ProductParams,
    response: ProductView,
    handler: async ({ shop, params }) => toProduct(await requireProduct(db, shop.id, params.sku)),
  });

  route(app, resolvers, {
    method: "PUT",
    url: "/v1/products/:sku",
    summary: "Change a product's fields (those left out keep their value); rooms featuring it see the change",
    tags: ["products"],
    auth: "shop-or-session",
    params: ProductParams,
    body: ProductPatch,
    response: ProductView,
    handler: async ({ shop, params, body, source }) => updateProduct(ctx, shop.id, params.sku, body, source),
  });
}
