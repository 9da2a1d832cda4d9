import { listen } from "../../client/listen.js";
import type { AckCode } from "../../client/transport.js";
import { ClientEvent, ServerEvent } from "../../protocol/events.js";
import type { Product } from "../../protocol/products.js";
import { effect, signal } from "../core/signals.js";
import type { ProductsModel } from "../models/products.js";

/**
 * The shelf drawer's list: asked for each time the drawer opens, taken from the server's `shelf`
 * pushes while it stays open, and asked again after a reconnect the server could not recover (a
 * new socket the server has not told of the open drawer). Only the shelf panel shows it, so it
 * lives here, made the first time the panel asks, one per widget on the page.
 */
export type ShelfList = ReturnType<typeof createShelfList>;

const made = new WeakMap<ProductsModel, ShelfList>();

export function shelfList(products: ProductsModel): ShelfList {
  let list = made.get(products);
  if (!list) {
    list = createShelfList(products);
    made.set(products, list);
  }
  return list;
}

function createShelfList({ transport, shelfOpen, locate }: ProductsModel) {
  /** null until the first answer since the drawer opened */
  const shelf = signal<Product[] | null>(null);
  const error = signal<AckCode | null>(null);
  const load = async () => {
    error.value = null;
    const result = await transport.call(ClientEvent.shelf, {});
    // the viewer may have closed the drawer while the answer was on its way
    if (!shelfOpen.peek()) return;
    if (result.ok) shelf.value = result.data.products.map(locate);
    else error.value = result.error.code;
  };
  effect(() => {
    if (!shelfOpen.value) return;
    shelf.value = null;
    void load();
  });
  effect(() =>
    listen(transport, {
      [ServerEvent.snapshot]: () => {
        if (shelfOpen.peek()) void load();
      },
      [ServerEvent.shelf]: (next) => {
        if (shelfOpen.peek()) shelf.value = next.products.map(locate);
      },
    }),
  );
  return { shelf, error, retry: () => void load() };
}
