import type { Product } from "../../protocol/products.js";

/**
 * A picture given to the catalogue as a path lives on the Encore server, not on the page the
 * overlay or the console runs in: resolve it there. Absolute URLs pass unchanged.
 */
export function locateProduct(product: Product, server: string): Product {
  return product.image?.startsWith("/") ? { ...product, image: server + product.image } : product;
}
