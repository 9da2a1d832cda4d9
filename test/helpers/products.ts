import type { Product, ProductInput } from "../../protocol/index.js";
import { shopApi } from "../../support/commerce.js";
import type { TestServer } from "../../support/server.js";

export const productInput = (overrides: Partial<ProductInput> = {}): ProductInput => ({
  sku: "serum-30",
  name: { "zh-CN": "补水精华 30 ml", en: "Hydrating serum 30 ml" },
  price: 21_900,
  was: 29_900,
  image: "https://cdn.example.com/serum.png",
  inStock: true,
  usageDays: 30,
  ...overrides,
});

/** Adds a product to the test shop's catalogue through the shop API. */
export async function addProduct(server: TestServer, overrides: Partial<ProductInput> = {}): Promise<Product> {
  const { status, body } = await shopApi(server, "/v1/products", { body: productInput(overrides) });
  if (status !== 200) throw new Error(`product refused: ${JSON.stringify(body)}`);
  return body as unknown as Product;
}
