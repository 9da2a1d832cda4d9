import { localized } from "../i18n/index.js";
import { reactive } from "../ui/reactive.js";

import { BuyButton, Price, ProductImage } from "./parts/product-parts.js";
import styles from "./product.css?inline";
import { usePanelWidget } from "./words/use-words.js";

/** this panel's own stylesheet: its classes are not in the first load's */
export const css = styles;

/**
 * What the host is presenting, over the stream while they present it, as live-commerce apps show it.
 * A quiet panel: most of a live has no product featured, so the card and its parts (shared with the
 * shelf) load the first time the host features one.
 */
export default reactive(function ProductCard() {
  const { models, m, locale } = usePanelWidget();
  const product = models.products.featured.value;
  if (!product) return null;
  const name = localized(product.name, locale);
  return (
    <section
      aria-label={m.product.showing}
      data-testid="product-card"
      class="pointer-events-auto flex w-56 max-w-full gap-2 rounded-2xl bg-(--encore-surface) p-1.5 shadow-xl ring-1 ring-white/15 backdrop-blur motion-safe:animate-[encore-in_200ms_ease-out]"
    >
      <div class="relative shrink-0">
        <ProductImage product={product} class="size-14 rounded-xl" />
        <span class="absolute inset-x-0 bottom-0 rounded-b-xl bg-(--encore-accent) text-center text-[11px] leading-4 font-bold text-(--encore-accent-ink)">
          {m.product.badge}
        </span>
      </div>
      <div class="flex min-w-0 flex-1 flex-col justify-between gap-1">
        <p data-testid="product-name" class="line-clamp-2 text-xs leading-tight font-semibold">
          {name}
        </p>
        <div class="flex items-center justify-between gap-1">
          <Price product={product} />
          <BuyButton product={product} name={name} />
        </div>
      </div>
    </section>
  );
});
