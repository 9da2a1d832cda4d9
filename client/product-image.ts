import type { ViewerCard } from "../protocol/live.js";
import type { Product } from "../protocol/products.js";

/**
 * A picture given to the catalogue as a path lives on the Encore server, not on the page the
 * overlay or the console runs in: resolve it there. Absolute URLs pass unchanged.
 */
export const locateImage = (image: string | null, server: string): string | null =>
  image?.startsWith("/") ? server + image : image;

export function locateProduct(product: Product, server: string): Product {
  const image = locateImage(product.image, server);
  return image === product.image ? product : { ...product, image };
}

/** A new buyer's suggestions carry catalogue pictures too. */
export function locateCard(card: ViewerCard, server: string): ViewerCard {
  if (card?.kind !== "new_buyer") return card;
  return { ...card, suggestions: card.suggestions.map((p) => ({ ...p, image: locateImage(p.image, server) })) };
}
