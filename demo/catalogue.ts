import type { ProductInput } from "../protocol/index.js";

type DemoProduct = Required<Omit<ProductInput, "image">> & { image: string; colour: string };

const product = (fields: Omit<DemoProduct, "image" | "inStock">): DemoProduct => ({
  ...fields,
  inStock: true,
  image: `/demo/products/${fields.sku}.svg`,
});
const name = (zh: string, en: string) => ({ "zh-CN": zh, en });

/**
 * The demo shop's catalogue: what a small beauty-and-tea live room sells, seeded into the
 * products table on start. Prices in fen; `usageDays` where one unit is used up.
 */
export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  product({
    sku: "tea-oolong",
    name: name("乌龙茶礼盒", "Oolong tea gift tin"),
    price: 12_900,
    was: 16_900,
    usageDays: 45,
    colour: "#b45309",
  }),
  product({
    sku: "serum-30",
    name: name("补水精华 30 ml", "Hydrating serum 30 ml"),
    price: 21_900,
    was: 29_900,
    usageDays: 30,
    colour: "#db2777",
  }),
  product({
    sku: "scarf-silk",
    name: name("真丝丝巾·日落", "Silk scarf, sunset"),
    price: 8_900,
    was: 12_900,
    usageDays: null,
    colour: "#7c3aed",
  }),
  product({
    sku: "mug-duo",
    name: name("陶瓷对杯", "Ceramic mug pair"),
    price: 5_900,
    was: 7_900,
    usageDays: null,
    colour: "#0d9488",
  }),
  product({
    sku: "tote-linen",
    name: name("亚麻托特包", "Linen tote bag"),
    price: 6_900,
    was: 9_900,
    usageDays: null,
    colour: "#2563eb",
  }),
  product({
    sku: "roller-jade",
    name: name("玉石美容滚轮", "Jade face roller"),
    price: 15_900,
    was: 19_900,
    usageDays: null,
    colour: "#059669",
  }),
];

/** What POST /v1/products takes for a demo product (its picture colour is the demo's own). */
export const catalogueInput = ({ colour: _colour, ...input }: DemoProduct): ProductInput => input;

function findDemoProduct(sku: string) {
  return DEMO_PRODUCTS.find((p) => p.sku === sku);
}

/** A flat product picture, so the demo needs no image files or network. */
export function productSvg(sku: string): string | undefined {
  const found = findDemoProduct(sku);
  if (!found) return undefined;
  const initials = found.name.en
    .split(" ")
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? "")
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="200" height="200">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${found.colour}"/><stop offset="1" stop-color="#111827"/></linearGradient></defs>
<rect width="200" height="200" rx="24" fill="url(#g)"/>
<circle cx="150" cy="52" r="26" fill="#ffffff" fill-opacity="0.18"/>
<text x="100" y="122" text-anchor="middle" font-family="system-ui,sans-serif" font-size="64" font-weight="700" fill="#ffffff">${initials}</text>
</svg>`;
}
