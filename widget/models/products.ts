import { listen } from "../../client/listen.js";
import { locateProduct } from "../../client/product-image.js";
import type { Transport } from "../../client/transport.js";
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
 * push), and whether the shelf drawer is open. The drawer's list, fetched when it opens and kept
 * current while it stays open, is the shelf panel's own (widget/panels/shelf-list.ts), which
 * borrows this transport: the first load carries only the button and the switch.
 */
export function createProducts(transport: Transport, hooks: ProductsHooks, server = "") {
  /** a product as the overlay shows it: a picture given as a path is on the Encore server */
  const locate = (product: Product) => locateProduct(product, server);
  const featured = signal<Product | null>(null);
  const shelfOpen = signal(false);

  const dispose = effect(() =>
    listen(transport, {
      [ServerEvent.snapshot]: (snapshot) => {
        featured.value = snapshot.product && locate(snapshot.product);
      },
      [ServerEvent.product]: (next) => {
        featured.value = next && locate(next);
      },
    }),
  );

  return {
    featured,
    shelfOpen,
    transport,
    locate,
    openShelf() {
      shelfOpen.value = true;
    },
    closeShelf() {
      if (!shelfOpen.peek()) return;
      shelfOpen.value = false;
      void transport.call(ClientEvent.shelfClose, {});
    },
    /** buying is the page's: it gets the product, and the click counts toward high intent */
    buy(product: Product) {
      hooks.onBuy(product);
      void hooks.track(product.sku);
    },
    dispose,
  };
}
export type ProductsModel = ReturnType<typeof createProducts>;
