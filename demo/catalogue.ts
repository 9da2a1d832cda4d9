import type { FeaturedProduct } from "../protocol/index.js";

/** The demo shop's shelf: what a small beauty-and-tea live room sells. Prices in fen. */
export const DEMO_PRODUCTS: readonly (FeaturedProduct & { image: string; was: number; colour: string })[] = [
  { sku: "tea-oolong", name: "Oolong tea gift tin", price: 12_900, was: 16_900, colour: "#b45309", image: "" },
  { sku: "serum-30", name: "Hydrating serum 30 ml", price: 21_900, was: 29_900, colour: "#db2777", image: "" },
  { sku: "scarf-silk", name: "Silk scarf, sunset", price: 8_900, was: 12_900, colour: "#7c3aed", image: "" },
  { sku: "mug-duo", name: "Ceramic mug pair", price: 5_900, was: 7_900, colour: "#0d9488", image: "" },
  { sku: "tote-linen", name: "Linen tote bag", price: 6_900, was: 9_900, colour: "#2563eb", image: "" },
  { sku: "roller-jade", name: "Jade face roller", price: 15_900, was: 19_900, colour: "#059669", image: "" },
].map((product) => ({ ...product, image: `/demo/products/${product.sku}.svg` }));

export function findProduct(sku: string) {
  return DEMO_PRODUCTS.find((product) => product.sku === sku);
}

/** A flat product picture, so the demo needs no image files or network. */
export function productSvg(sku: string): string | undefined {
  const product = findProduct(sku);
  if (!product) return undefined;
  const initials = product.name
    .split(" ")
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? "")
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="200" height="200">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${product.colour}"/><stop offset="1" stop-color="#111827"/></linearGradient></defs>
<rect width="200" height="200" rx="24" fill="url(#g)"/>
<circle cx="150" cy="52" r="26" fill="#ffffff" fill-opacity="0.18"/>
<text x="100" y="122" text-anchor="middle" font-family="system-ui,sans-serif" font-size="64" font-weight="700" fill="#ffffff">${initials}</text>
</svg>`;
}
