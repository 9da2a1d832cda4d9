import { listen } from "../../client/listen.js";
import { locateProduct } from "../../client/product-image.js";
import type { AckCode, Transport } from "../../client/transport.js";
import { ClientEvent, ServerEvent } from "../../protocol/events.js";
import type { Product } from "../../protocol/products.js";
import { effect, signal } from "../core/signals.js";

export interface ProductsHooks {
  /** the viewer tapped buy: the page's Encore.on("buy") handler takes it from here */
  onBuy(product: Product): void;
  /** a product click, for the high-intent segment */
  track(sku: string): Promise<boolean>;
}

/**
 * What the room sells: the product the host is presenting (from the snapshot and each `product`
 * push) and the shelf drawer, fetched when it opens and kept current while it stays open.
 */
export function createProducts(transport: Transport, hooks: ProductsHooks, server = "") {
  const located = (product: Product) => locateProduct(product, server);
  const locatedAll = (products: Product[]) => products.map(located);
  const featured = signal<Product | null>(null);
  const shelfOpen = signal(false);
  /** null until the first answer since the drawer opened */
  const shelf = signal<Product[] | null>(null);
  const shelfError = signal<AckCode | null>(null);

  const loadShelf = async () => {
    shelfError.value = null;
    const result = await transport.call(ClientEvent.shelf, {});
    // the viewer may have closed the drawer while the answer was on its way
    if (!shelfOpen.peek()) return;
    if (result.ok) shelf.value = locatedAll(result.data.products);
    else shelfError.value = result.error.code;
  };

  const dispose = effect(() =>
    listen(transport, {
      [ServerEvent.snapshot]: (snapshot) => {
        featured.value = snapshot.product && located(snapshot.product);
        // a fresh snapshot means a new connection, which the server has not told of the open drawer
        if (shelfOpen.peek()) void loadShelf();
      },
      [ServerEvent.product]: (next) => {
        featured.value = next && located(next);
      },
      [ServerEvent.shelf]: (next) => {
        if (shelfOpen.peek()) shelf.value = locatedAll(next.products);
      },
    }),
  );

  return {
    featured,
    shelfOpen,
    shelf,
    shelfError,
    openShelf() {
      if (shelfOpen.peek()) return;
      shelfOpen.value = true;
      shelf.value = null;
      void loadShelf();
    },
    closeShelf() {
      if (!shelfOpen.peek()) return;
      shelfOpen.value = false;
      void transport.call(ClientEvent.shelfClose, {});
    },
    retryShelf: () => void loadShelf(),
    /** buying is the page's: it gets the product, and the click counts toward high intent */
    buy(product: Product) {
      hooks.onBuy(product);
      void hooks.track(product.sku);
    },
    dispose,
  };
}
export type ProductsModel = ReturnType<typeof createProducts>;
