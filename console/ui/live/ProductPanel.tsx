import { useEffect } from "preact/hooks";
import type { Product } from "../../../protocol/products.js";
import { fill } from "../../i18n/index.js";
import { useHost } from "../context.js";
import { Button } from "../parts/Button.js";
import { yuan } from "../parts/format.js";
import { Panel } from "../parts/Panel.js";
import { RefusalNote } from "../parts/RefusalNote.js";

function Thumb(props: { product: Product; size: string }) {
  return props.product.image ? (
    <img src={props.product.image} alt="" class={`${props.size} shrink-0 rounded object-cover`} />
  ) : (
    <span aria-hidden="true" class={`${props.size} shrink-0 rounded bg-white/10`} />
  );
}

function PriceTag(props: { product: Product }) {
  const { price, was } = props.product;
  return (
    <span class="whitespace-nowrap">
      <span class="font-semibold text-amber-300">{yuan(price)}</span>
      {was !== null && was > price && <s class="ml-1 text-[var(--host-muted)]">{yuan(was)}</s>}
    </span>
  );
}

/** What the host is presenting, picked from the shop's catalogue: picture, name, price, stock. */
export function ProductPanel() {
  const { model, t, locale } = useHost();
  const product = model.product.value;
  const catalogue = model.catalogue.value;
  const busy = model.requests.busy.value;
  const lang = locale.value;
  const nameOf = (p: Product) => p.name[lang] || p.name.en;
  // the picker is the only part of the console that needs the catalogue: it asks when it appears
  useEffect(() => {
    void model.loadCatalogue();
  }, [model]);

  return (
    <Panel
      title={t.productPanel}
      aside={
        <Button busy={busy.has("catalogue")} onClick={() => void model.loadCatalogue()}>
          {t.reloadCatalogue}
        </Button>
      }
    >
      {product ? (
        <div data-testid="featured" class="flex items-center gap-3 rounded-lg bg-black/25 p-2">
          <Thumb product={product} size="h-12 w-12" />
          <div class="min-w-0 flex-1">
            <div class="line-clamp-2 text-sm leading-tight font-semibold">{nameOf(product)}</div>
            <div class="flex flex-wrap gap-x-1.5 text-xs text-[var(--host-muted)]">
              <span>{product.sku}</span>
              <PriceTag product={product} />
              {!product.inStock && <span class="text-rose-300">{t.outOfStock}</span>}
            </div>
          </div>
          <Button busy={busy.has("feature")} onClick={() => void model.feature(null)}>
            {t.unfeature}
          </Button>
        </div>
      ) : (
        <p class="text-sm text-[var(--host-muted)]">{t.nothingFeatured}</p>
      )}
      <RefusalNote action="feature" />
      <RefusalNote action="catalogue" />
      {catalogue === null ? (
        <p class="text-sm text-[var(--host-muted)]">{t.loadingCatalogue}</p>
      ) : catalogue.length === 0 ? (
        <p class="text-sm text-[var(--host-muted)]">{t.emptyCatalogue}</p>
      ) : (
        <ul aria-label={t.catalogue} class="flex max-h-80 flex-col gap-1.5 overflow-y-auto pr-1">
          {catalogue.map((item) => {
            const showing = item.sku === product?.sku;
            const name = nameOf(item);
            return (
              <li
                key={item.sku}
                data-sku={item.sku}
                class={`flex items-center gap-2 rounded-lg p-1.5 ${showing ? "bg-[var(--host-accent)]/15 ring-1 ring-[var(--host-accent)]" : "bg-black/20"}`}
              >
                <Thumb product={item} size="h-10 w-10" />
                <div class="min-w-0 flex-1">
                  <div class="truncate text-sm">{name}</div>
                  <div class="flex gap-2 text-xs text-[var(--host-muted)]">
                    <PriceTag product={item} />
                    <span class={item.inStock ? "text-emerald-300" : "text-rose-300"}>
                      {item.inStock ? t.inStock : t.outOfStock}
                    </span>
                  </div>
                </div>
                <Button
                  tone={showing ? "plain" : "accent"}
                  busy={busy.has("feature")}
                  disabled={showing}
                  aria-label={showing ? undefined : fill(t.featureNamed, { name })}
                  onClick={() => void model.feature(item.sku)}
                >
                  {showing ? t.featuring : t.feature}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
