import { errorText, localized } from "../i18n/index.js";
import { reactive } from "../ui/reactive.js";
import { focusOnMount } from "./parts/focus.js";
import { BuyButton, Price, ProductImage } from "./parts/product-parts.js";
import styles from "./shelf.css?inline";
import { shelfList } from "./shelf-list.js";
import { usePanelWidget } from "./words/use-words.js";

/** this panel's own stylesheet: its classes are not in the first load's */
export const css = styles;

/**
 * The drawer of the room's products: the shop's catalogue, in stock first, each with its buy
 * button. It asks for the list when it opens and hears the catalogue's changes while open.
 * Escape closes it. Loaded the first time the shelf opens (widget/ui/LazyPanel.tsx).
 */
export default reactive(function Shelf() {
  const { models, m, locale } = usePanelWidget();
  const { shelfOpen, featured } = models.products;
  const { shelf, error: shelfError, retry } = shelfList(models.products);
  if (!shelfOpen.value) return null;
  const products = shelf.value;
  const error = shelfError.value;
  const showing = featured.value?.sku;
  return (
    <section
      role="dialog"
      aria-label={m.product.shelfTitle}
      onKeyDown={(event) => {
        if (event.key === "Escape") models.products.closeShelf();
      }}
      class="pointer-events-auto absolute inset-x-0 bottom-0 flex max-h-[70%] flex-col rounded-t-3xl bg-zinc-950/95 text-(--encore-ink) shadow-2xl ring-1 ring-white/10 backdrop-blur motion-safe:animate-[encore-up_220ms_ease-out]"
    >
      <div class="flex items-center gap-3 px-4 pt-4 pb-2">
        <h2 ref={focusOnMount} tabIndex={-1} class="text-base font-bold outline-none">
          {m.product.shelfTitle}
        </h2>
        <button
          type="button"
          onClick={models.products.closeShelf}
          aria-label={m.product.close}
          class="ml-auto grid size-8 place-items-center rounded-full bg-white/10 text-sm hover:bg-white/20 focus-visible:outline-2 focus-visible:outline-white"
        >
          ✕
        </button>
      </div>
      <div class="min-h-0 flex-1 overflow-y-auto overscroll-contain px-4 pt-1 pb-5">
        {error ? (
          <div role="alert" class="flex items-center justify-between gap-2 text-sm text-rose-200">
            <span>{errorText(m, error)}</span>
            <button
              type="button"
              onClick={retry}
              class="shrink-0 rounded-full bg-white/10 px-3 py-1 text-xs font-semibold text-white"
            >
              {m.product.retry}
            </button>
          </div>
        ) : products === null ? (
          <p role="status" class="text-sm text-(--encore-muted)">
            {m.product.loading}
          </p>
        ) : products.length === 0 ? (
          <p class="text-sm text-(--encore-muted)">{m.product.empty}</p>
        ) : (
          <ul aria-label={m.product.shelfTitle} class="flex flex-col gap-2">
            {products.map((product) => {
              const name = localized(product.name, locale);
              return (
                <li
                  key={product.sku}
                  data-sku={product.sku}
                  class={`flex items-center gap-3 rounded-2xl p-2 ${product.sku === showing ? "bg-white/10 ring-1 ring-(--encore-accent)" : "bg-white/5"} ${product.inStock ? "" : "opacity-70"}`}
                >
                  <ProductImage product={product} class="size-16 shrink-0 rounded-xl" />
                  <div class="flex min-w-0 flex-1 flex-col gap-1">
                    {product.sku === showing && (
                      <span class="text-[11px] font-bold text-(--encore-accent)">{m.product.showing}</span>
                    )}
                    <p class="line-clamp-2 text-sm leading-tight font-semibold">{name}</p>
                    <Price product={product} />
                  </div>
                  <BuyButton product={product} name={name} />
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
});
