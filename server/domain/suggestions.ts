import type { Product, SuggestedProduct } from "../../protocol/index.js";

const SUGGESTIONS = 4;

type OrderItem = { order_id: string; sku: string; name: string | null; price: number };

/** The items of the recent orders that hold one of the viewer's products, less what they have. */
function boughtAlongside(own: { sku: string }[], recent: OrderItem[]): OrderItem[] {
  const mine = new Set(own.map((i) => i.sku));
  const byOrder = new Map<string, OrderItem[]>();
  for (const item of recent) byOrder.set(item.order_id, [...(byOrder.get(item.order_id) ?? []), item]);
  return [...byOrder.values()]
    .filter((items) => items.some((i) => mine.has(i.sku)))
    .flatMap((items) => items.filter((i) => !mine.has(i.sku)));
}

/** The skus suggestFrom may suggest: the ones to look up in the shop's catalogue. */
export function suggestionCandidates(own: { sku: string }[], recent: OrderItem[]): string[] {
  return [...new Set(boughtAlongside(own, recent).map((i) => i.sku))];
}

/**
 * What goes with what the viewer bought: products that appear in the shop's recent orders
 * together with one of theirs, most often first, leaving out what they already have. A product
 * of the shop's catalogue shows its picture and today's price, and is left out while it is out
 * of stock.
 */
export function suggestFrom(
  own: { sku: string }[],
  recent: OrderItem[],
  catalogue: ReadonlyMap<string, Product> = new Map(),
): SuggestedProduct[] {
  const scores = new Map<string, { product: SuggestedProduct; score: number }>();
  for (const item of boughtAlongside(own, recent)) {
    const listed = catalogue.get(item.sku);
    if (listed && !listed.inStock) continue;
    const entry = scores.get(item.sku) ?? {
      product: {
        sku: item.sku,
        name: item.name ?? listed?.name.en ?? item.sku,
        price: listed ? listed.price : item.price,
        image: listed?.image ?? null,
      },
      score: 0,
    };
    entry.score++;
    scores.set(item.sku, entry);
  }
  return [...scores.values()]
    .sort((a, b) => b.score - a.score || a.product.sku.localeCompare(b.product.sku))
    .slice(0, SUGGESTIONS)
    .map((s) => s.product);
}
