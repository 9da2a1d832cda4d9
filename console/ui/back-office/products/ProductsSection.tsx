import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { Product, ProductPatch } from "../../../../protocol/products.js";
import { fill } from "../../../i18n/index.js";
import type { CatalogueAdminModel } from "../../../models/catalogue-admin.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { yuan } from "../../parts/format.js";
import { Panel } from "../../parts/Panel.js";
import { ProductForm } from "./ProductForm.js";

function ProductRow(props: {
  model: CatalogueAdminModel;
  product: Product;
  editing: boolean;
  onEdit: (open: boolean) => void;
}) {
  const { model, product } = props;
  const { t, locale } = useHost();
  return (
    <li data-testid="product-row" class="flex flex-col gap-2 rounded-lg border border-white/10 bg-white/5 p-3">
      <div class="flex flex-wrap items-start justify-between gap-2">
        <div class="min-w-0 flex-1">
          <p class="text-sm font-semibold [overflow-wrap:anywhere]">{product.name[locale.value]}</p>
          <p class="text-xs text-[var(--host-muted)] [overflow-wrap:anywhere]">{product.sku}</p>
        </div>
        <span
          class={`shrink-0 rounded-full px-2 py-0.5 text-xs font-semibold ${product.inStock ? "bg-emerald-500/20 text-emerald-200" : "bg-amber-400/20 text-amber-200"}`}
        >
          {product.inStock ? t.prInStock : t.prOutOfStock}
        </span>
      </div>
      <p class="text-sm">
        <span class="font-semibold text-amber-300">{yuan(product.price)}</span>
        {product.was !== null && product.was > product.price && (
          <s class="ml-2 text-[var(--host-muted)]">{yuan(product.was)}</s>
        )}
        {product.usageDays !== null && (
          <span class="ml-2 text-xs text-[var(--host-muted)]">{fill(t.prLasts, { n: product.usageDays })}</span>
        )}
      </p>
      {props.editing ? (
        <ProductForm
          product={product}
          busy={model.busy.value === product.sku}
          onSubmit={(patch) => model.update(product.sku, patch as ProductPatch)}
          onDone={() => props.onEdit(false)}
        />
      ) : (
        <div>
          <Button onClick={() => props.onEdit(true)}>{t.prEdit}</Button>
        </div>
      )}
    </li>
  );
}

/** The Products section: the shop's catalogue, each product edited in place, and a new one added. */
export function ProductsSection(props: { model: CatalogueAdminModel }) {
  const { model } = props;
  const { t, refusal } = useHost();
  const editing = useSignal<string | null>(null);
  const added = useSignal(0);
  useEffect(() => void model.load(), [model]);
  const products = model.products.value;
  return (
    <Panel title={t.productsTitle} class="h-fit w-full max-w-6xl">
      {model.refusal.value && (
        <p role="alert" class="text-sm text-rose-200">
          {refusal(model.refusal.value)}
        </p>
      )}
      {products?.length === 0 && <p class="text-sm text-[var(--host-muted)]">{t.prEmpty}</p>}
      <ul aria-label={t.productsTitle} class="grid gap-3 lg:grid-cols-2">
        {products?.map((product) => (
          <ProductRow
            key={product.sku}
            model={model}
            product={product}
            editing={editing.value === product.sku}
            onEdit={(open) => (editing.value = open ? product.sku : null)}
          />
        ))}
      </ul>
      <details class="rounded-lg border border-white/10 p-3">
        <summary class="cursor-pointer text-sm font-semibold">{t.prAdd}</summary>
        <div class="pt-3">
          {/* a fresh form after each product added: the typed values go with it */}
          <ProductForm
            key={added.value}
            busy={model.busy.value === ""}
            onSubmit={(input) => model.create(input as Parameters<CatalogueAdminModel["create"]>[0])}
            onDone={() => added.value++}
          />
        </div>
      </details>
    </Panel>
  );
}
