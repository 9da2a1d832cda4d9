import { localized } from "../i18n/index.js";
import { useWidget } from "./context.js";
import { BuyButton, Price, ProductImage } from "./product-parts.js";

/** What the host is presenting, over the stream while they present it, as live-commerce apps show it. */
export function ProductCard() {
  const { models, m, locale } = useWidget();
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
}

/** Opens the drawer of the room's products; the drawer itself is Shelf.tsx. */
export function ShelfButton() {
  const { models, m } = useWidget();
  return (
    <button
      type="button"
      aria-label={m.product.shelf}
      aria-haspopup="dialog"
      onClick={() => {
        models.panelOpen.value = false;
        models.products.openShelf();
      }}
      class="pointer-events-auto flex h-9 items-center gap-1.5 rounded-full bg-(--encore-surface) px-3 text-xs font-semibold shadow-lg ring-1 ring-white/15 backdrop-blur hover:ring-white/40 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
    >
      <span aria-hidden="true">🛍</span>
      {m.product.shelf}
    </button>
  );
}
