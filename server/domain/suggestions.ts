import type { SuggestedProduct } from "../../protocol/index.js";

const SUGGESTIONS = 4;

/**
 * What goes with what the viewer bought: products that appear in the shop's recent orders
 * together with one of theirs, most often first, leaving out what they already have.
 */
export function suggestFrom(
  own: { sku: string }[],
  recent: { order_id: string; sku: string; name: string | null; price: number }[],
): SuggestedProduct[] {
  const mine = new Set(own.map((i) => i.sku));
  const byOrder = new Map<string, typeof recent>();
  for (const item of recent) byOrder.set(item.order_id, [...(byOrder.get(item.order_id) ?? []), item]);
  const scores = new Map<string, { product: SuggestedProduct; score: number }>();
  for (const items of byOrder.values()) {
    if (!items.some((i) => mine.has(i.sku))) continue;
    for (const item of items) {
      if (mine.has(item.sku)) continue;
      const entry = scores.get(item.sku) ?? {
        product: { sku: item.sku, name: item.name ?? item.sku, price: Number(item.price), image: null },
        score: 0,
      };
      entry.score++;
      scores.set(item.sku, entry);
    }
  }
  return [...scores.values()]
    .sort((a, b) => b.score - a.score || a.product.sku.localeCompare(b.product.sku))
    .slice(0, SUGGESTIONS)
    .map((s) => s.product);
}
