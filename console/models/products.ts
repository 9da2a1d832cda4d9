import { effect, type ReadonlySignal, signal } from "@preact/signals";
import { listen } from "../../client/listen.js";
import { locateProduct } from "../../client/product-image.js";
import type { Transport } from "../../client/transport.js";
import { ClientEvent, HostEvent, ServerEvent } from "../../protocol/events.js";
import type { Product } from "../../protocol/products.js";
import type { Requests } from "./requests.js";

export interface ProductsModel {
  product: ReadonlySignal<Product | null>;
  /** the shop's catalogue, what the host features from; null until loaded */
  catalogue: ReadonlySignal<Product[] | null>;
  /** features a product of the catalogue by its sku, or nothing (null) */
  feature(sku: string | null): Promise<boolean>;
  loadCatalogue(): Promise<boolean>;
  dispose(): void;
}

/** The featured product and the catalogue it is picked from, pictures given as paths made whole. */
export function createProductsModel(
  transport: Pick<Transport, "on">,
  deps: { run: Requests["run"]; server?: string | undefined },
): ProductsModel {
  const located = (next: Product) => locateProduct(next, deps.server ?? "");
  const product = signal<Product | null>(null);
  const catalogue = signal<Product[] | null>(null);
  const stop = effect(() =>
    listen(transport, {
      [ServerEvent.snapshot]: (snap) => (product.value = snap.product && located(snap.product)),
      [ServerEvent.product]: (next) => (product.value = next && located(next)),
      // the shop changed its catalogue while the picker was loaded
      [ServerEvent.shelf]: (next) => (catalogue.value = next.products.map(located)),
    }),
  );
  return {
    product,
    catalogue,
    async feature(sku) {
      const data = await deps.run("feature", HostEvent.feature, { sku });
      if (data) product.value = data.product && located(data.product);
      return data !== null;
    },
    async loadCatalogue() {
      const data = await deps.run("catalogue", ClientEvent.shelf, {});
      if (data) catalogue.value = data.products.map(located);
      return data !== null;
    },
    dispose: stop,
  };
}
