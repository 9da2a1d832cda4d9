import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ShopifyOrder } from "../../protocol/index.js";
import { centsOf, parseShopifyJson, shopifySignatureValid, skuOf, toEncoreOrder } from "../../server/domain/shopify.js";

describe("Shopify's money in cents", () => {
  it.each([
    ["254.98", 25_498],
    ["0.00", 0],
    ["10", 1_000],
    ["10.5", 1_050],
    ["1.005", 101],
    ["1.004", 100],
    ["12.3456", 1_235],
    ["999999999.99", 99_999_999_999],
  ])("%s → %i", (money, cents) => {
    expect(centsOf(money)).toBe(cents);
  });
});

describe("Shopify's bodies, ids exactly", () => {
  it("reads integers past 2^53 as the digits sent, and leaves strings and small numbers alone", () => {
    const text =
      '{"id": 820982911946154508, "q": 2, "p": 1.5, "s": "a \\" 820982911946154508", "n": -12345678901234567}';
    expect(parseShopifyJson(text)).toEqual({
      id: "820982911946154508",
      q: 2,
      p: 1.5,
      s: 'a " 820982911946154508',
      n: "-12345678901234567",
    });
  });
});

describe("Shopify's signature", () => {
  const body = Buffer.from('{"id":1}');
  const mac = createHmac("sha256", "secret").update(body).digest("base64");
  it("checks the base64 HMAC-SHA256 of the raw bytes", () => {
    expect(shopifySignatureValid("secret", body, mac)).toBe(true);
    expect(shopifySignatureValid("other", body, mac)).toBe(false);
    expect(shopifySignatureValid("secret", Buffer.from('{"id": 1}'), mac)).toBe(false);
    expect(shopifySignatureValid("secret", body, undefined)).toBe(false);
    expect(shopifySignatureValid("secret", body, "short")).toBe(false);
  });
});

describe("a paid Shopify order as an Encore order", () => {
  const order = (overrides: Record<string, unknown> = {}) =>
    ShopifyOrder.parse({
      id: "5940139491234",
      customer: { id: "7012345678" },
      total_price: "59.99",
      currency: "USD",
      created_at: "2024-11-10T10:30:00-05:00",
      line_items: [{ id: 1, variant_id: 2, title: "Scarf", quantity: 1, sku: "SCARF-1", price: "59.99" }],
      ...overrides,
    });

  it("names the customer, prefers the current total, and keeps the lines it can carry", () => {
    const mapped = toEncoreOrder(order({ current_total_price: "49.99", processed_at: "2024-11-10T11:00:00-05:00" }));
    expect(mapped).toEqual({
      orderId: "shopify-5940139491234",
      viewerId: "7012345678",
      amount: 4_999,
      items: [{ sku: "SCARF-1", name: "Scarf", qty: 1, price: 5_999 }],
      paidAt: Date.parse("2024-11-10T11:00:00-05:00"),
    });
    expect(toEncoreOrder(order({ customer: null }))).toBeNull();
  });

  it.each([
    [{ sku: "TEA 50g", variant_id: 9, product_id: 8 }, "shopify-variant-9"],
    [{ sku: "", variant_id: null, product_id: 8 }, "shopify-product-8"],
    [{ sku: null, variant_id: null, product_id: null }, "shopify-line-1"],
  ])("a line without a usable sku (%o) is known by %s", (line, sku) => {
    expect(skuOf({ id: "1", title: "x", quantity: 1, price: "1.00", ...line } as never)).toBe(sku);
  });
});
