import { type ReadonlySignal, signal } from "@preact/signals";
import type { FieldError } from "../../protocol/http.js";
import type { Product, ProductInput, ProductPatch } from "../../protocol/products.js";
import type { AdminSessionModel } from "./admin-session.js";

/** What a write came back with: saved, or refused with the fields the server named (empty: the whole write). */
export type WriteAnswer = { ok: true } | { ok: false; code: string; fields: FieldError[] };

export interface CatalogueAdminModel {
  /** the shop's catalogue, in stock first; null before the first load */
  products: ReadonlySignal<Product[] | null>;
  /** the sku a write is under way for ("" for a new product) */
  busy: ReadonlySignal<string | null>;
  /** why the catalogue could not be read, by its code */
  refusal: ReadonlySignal<string | null>;
  load(): Promise<void>;
  create(input: ProductInput): Promise<WriteAnswer>;
  update(sku: string, patch: ProductPatch): Promise<WriteAnswer>;
}

/**
 * The back office's product catalogue: the same routes the shop's backend calls, as the session.
 * After each write the list is read again, so what shows is what the server holds.
 */
export function createCatalogueAdmin(admin: AdminSessionModel): CatalogueAdminModel {
  const products = signal<Product[] | null>(null);
  const busy = signal<string | null>(null);
  const refusal = signal<string | null>(null);

  const load = async () => {
    const answer = await admin.api<{ products: Product[] }>("/v1/products");
    if (answer.ok) {
      products.value = answer.data.products;
      refusal.value = null;
    } else refusal.value = answer.code;
  };

  const write = async (key: string, path: string, method: "POST" | "PUT", body: unknown): Promise<WriteAnswer> => {
    busy.value = key;
    try {
      const answer = await admin.api<Product>(path, { method, body });
      if (!answer.ok) return { ok: false, code: answer.code, fields: answer.fields };
      await load();
      return { ok: true };
    } finally {
      busy.value = null;
    }
  };

  return {
    products,
    busy,
    refusal,
    load,
    create: (input) => write("", "/v1/products", "POST", input),
    update: (sku, patch) => write(sku, `/v1/products/${encodeURIComponent(sku)}`, "PUT", patch),
  };
}
